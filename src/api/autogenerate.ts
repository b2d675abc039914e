// `revision --autogenerate`, `check` and `diff`: compare the model file with the "current"
// schema — by default the replay of every migration into an in-memory database (a shadow
// database, so no live database is needed), or the configured database with --from-db (which
// must then be at head) — and write, report or print the difference.

import { existsSync, readFileSync } from "node:fs";
import type { ConsolaInstance } from "consola";
import { Connection } from "../dialect/sqlite/sqlite-connection";
import { introspect } from "../dialect/sqlite/sqlite-introspect";
import { compareSchemas } from "../autogen/compare";
import { renderMigrationBody } from "../autogen/render";
import { loadModel, ModelError } from "../dsl";
import { runPlan } from "../engine/runner";
import { VersionStore } from "../engine/version-store";
import { DifferenceError, UsageError } from "../errors";
import type { Operation } from "../ops/types";
import type { Schema } from "../schema/types";
import type { Migrator, RevisionOptions } from "./migrator";
import * as rev from "./_revisions";

export interface DiffResult {
  operations: Operation[];
  summary: string[];
  warnings: string[];
  upgrade: string;
  downgrade: string;
}

/** Read and validate the model file into the neutral schema. */
export function readModel(m: Migrator): Schema {
  const path = m.config.schema;
  if (!existsSync(path)) {
    throw new UsageError("model_missing", `model file not found: ${m.rel(path)}`, {
      hint: "set `schema` in migrator.toml or pass --schema PATH (`migrator init` writes a starter file)",
    });
  }
  const text = readFileSync(path, "utf8");
  const r = loadModel(text, m.rel(path));
  if (!r.schema) throw new ModelError(r.errors, text);
  return r.schema;
}

/** The schema all migrations produce, replayed into an in-memory database. */
export async function replaySchema(m: Migrator): Promise<Schema> {
  const g = m.graph();
  const conn = Connection.open(":memory:");
  try {
    const store = new VersionStore(conn, m.config.versionTable, m.config.historyTable);
    await runPlan(
      { conn, store, migrationsDir: m.config.migrations, transactionPerMigration: false },
      (heads) => rev.planUpgrade(g, heads, "heads"),
    );
    return introspect(conn, { exclude: [m.config.versionTable, m.config.historyTable] });
  } finally {
    conn.close();
  }
}

/** The configured database's schema; it must be at head. */
export function databaseSchema(m: Migrator): Schema {
  const c = m.current();
  if (!c.upToDate) {
    throw new DifferenceError("not_up_to_date", "Target database is not up to date.", {
      hint: "run `migrator upgrade head` first, or autogenerate without --from-db",
    });
  }
  return m.withConnection((conn) => introspect(conn, { exclude: [m.config.versionTable, m.config.historyTable] }));
}

export async function diff(
  m: Migrator,
  opts: { fromDb?: boolean; ask?: (q: unknown) => boolean | Promise<boolean> } = {},
): Promise<DiffResult> {
  const target = readModel(m);
  const current = opts.fromDb ? databaseSchema(m) : await replaySchema(m);
  const { operations, warnings } = await compareSchemas(current, target, opts.ask ? { ask: opts.ask as never } : {});
  const body = renderMigrationBody(operations, current, target);
  return { operations, warnings, summary: body.summary, upgrade: body.upgrade, downgrade: body.downgrade };
}

export async function autogenerateRevision(
  m: Migrator,
  opts: Omit<RevisionOptions, "upgradeBody" | "downgradeBody"> & {
    fromDb?: boolean;
    allowEmpty?: boolean;
    log?: ConsolaInstance;
    ask?: (q: unknown) => boolean | Promise<boolean>;
  },
): Promise<{ revision: string | null; path: string | null; summary: string[]; warnings: string[] }> {
  const d = await diff(m, { fromDb: opts.fromDb, ask: opts.ask });
  for (const w of d.warnings) opts.log?.warn(w);
  if (d.operations.length === 0 && !opts.allowEmpty) {
    opts.log?.info("No changes in schema detected; no migration written (use --allow-empty to write one anyway)");
    return { revision: null, path: null, summary: [], warnings: d.warnings };
  }
  for (const s of d.summary) opts.log?.info(`Detected ${s}`);
  const r = m.revision({
    ...opts,
    upgradeBody: d.upgrade,
    downgradeBody: d.downgrade,
  });
  opts.log?.success(`Generating ${m.rel(r.path)} ... done`);
  return { ...r, summary: d.summary, warnings: d.warnings };
}
