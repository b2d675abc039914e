// `revision --autogenerate`, `check` and `diff`: compare the model file with the "current"
// schema — by default the replay of every migration into an in-memory database (a shadow
// database, so no live database is needed), or the configured database with --from-db (which
// must then be at head) — and write, report or print the difference.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOpRunner } from "../ops/op-runner";
/** The logging a caller may pass in (the CLI passes its consola instance). */
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  success(msg: string): void;
}
import type { Dialect } from "../dialect/dialect";
import { compareSchemas } from "../autogen/compare";
import { renderMigrationBody } from "../autogen/render";
import { useRules } from "../autogen/rules";
import { readModelFile, validateModel } from "./model";
import { runPlan } from "../engine/runner";
import { DifferenceError, UsageError } from "../errors";
import type { Operation } from "../ops/types";
import type { Schema } from "../schema/types";
import type { Migrator, RevisionOptions } from "./migrator";
import { ensureMigratorModule } from "./register-module";
import * as rev from "./_revisions";
import { openScratch, scratchDialect, type ScratchRun } from "./scratch";
import { providerOf } from "./dialects";

export interface DiffResult {
  operations: Operation[];
  summary: string[];
  warnings: string[];
  upgrade: string;
  downgrade: string;
}

/** Read and validate the model file into the neutral schema, for the configured database's
 *  dialect; a model whose provider is another database's is refused. */
export async function readModel(m: Migrator): Promise<Schema> {
  const dialect = await scratchDialect(m);
  const file = readModelFile(m.config.schema);
  const model = validateModel(file);
  const provider = providerOf(model.provider, file.display);
  if (m.config.database !== null && provider !== dialect.name) {
    throw new UsageError("model_provider_mismatch", `${file.display}: the model's provider is "${provider}" but the database is ${dialect.name === "sqlite" ? "a SQLite file" : "PostgreSQL"}`, {
      hint: `set provider = "${dialect.name}" in the datasource block, or point --db at a ${provider} database`,
    });
  }
  return model.schema;
}

/** Replay every migration into a scratch database (the shadow database); the caller drops it. */
export async function replay(m: Migrator): Promise<ScratchRun> {
  await ensureMigratorModule();
  const g = m.graph();
  const s = await openScratch(m);
  try {
    await runPlan(s.ctx, (heads) => rev.planning().planUpgrade(g, heads, "heads"));
    return s;
  } catch (e) {
    await s.scratch.drop();
    throw e;
  }
}

/** The schema all migrations produce, replayed into a scratch database. */
export async function replaySchema(m: Migrator): Promise<{ schema: Schema; dialect: Dialect }> {
  const s = await replay(m);
  try {
    return { schema: await s.dialect.introspect(s.session, { exclude: s.exclude }), dialect: s.dialect };
  } finally {
    await s.scratch.drop();
  }
}

/** The configured database's schema; it must be at head. */
export async function databaseSchema(m: Migrator): Promise<{ schema: Schema; dialect: Dialect }> {
  const c = await m.current();
  if (!c.upToDate) {
    throw new DifferenceError("not_up_to_date", "Target database is not up to date.", {
      hint: "run `migrator upgrade head` first, or autogenerate without --from-db",
    });
  }
  return m.withSession(async (session, dialect) => ({
    schema: await dialect.introspect(session, { exclude: [m.config.versionTable, m.config.historyTable] }),
    dialect,
  }));
}

export async function diff(
  m: Migrator,
  opts: { fromDb?: boolean; ask?: (q: unknown) => boolean | Promise<boolean> } = {},
): Promise<DiffResult> {
  const target = await readModel(m);
  const { schema: current, dialect } = opts.fromDb ? await databaseSchema(m) : await replaySchema(m);
  useRules(dialect.rules); // describeOperation and friends, called after this, use them too
  const { operations, warnings } = await compareSchemas(current, target, { rules: dialect.rules, ...(opts.ask ? { ask: opts.ask as never } : {}) });
  const body = renderMigrationBody(operations, current, target, { rules: dialect.rules });
  return { operations, warnings, summary: body.summary, upgrade: body.upgrade, downgrade: body.downgrade };
}

/**
 * `migrator diff`: the difference and the SQL the generated migration would run — obtained by
 * running the rendered upgrade() on the shadow database, so what is shown is what will run.
 */
export async function diffWithSql(m: Migrator, opts: { fromDb?: boolean } = {}): Promise<DiffResult & { sql: string[] }> {
  const d = await diff(m, opts);
  if (d.operations.length === 0) return { ...d, sql: [] };
  const { up } = await bodiesAsSql(m, d, opts);
  return { ...d, sql: up };
}

/**
 * The SQL the rendered upgrade() and then downgrade() run, captured on a copy of the current
 * schema in memory (the shadow database, or the live schema rebuilt there) — what `diff` shows
 * and what `revision --autogenerate --sql` writes.
 */
async function bodiesAsSql(m: Migrator, d: DiffResult, opts: { fromDb?: boolean }): Promise<{ up: string[]; down: string[] }> {
  await ensureMigratorModule();
  const live = opts.fromDb ? (await databaseSchema(m)).schema : null;
  const s = live ? await openScratch(m) : await replay(m);
  const { session, dialect } = s;
  const dir = mkdtempSync(join(tmpdir(), "migrator-diff-"));
  try {
    // rebuild the live schema in a scratch database so nothing touches the real one
    if (live) for (const st of dialect.renderSchema(live)) await session.exec(st);
    const file = join(dir, "diff.ts");
    writeFileSync(file, `export async function upgrade(op) {\n${d.upgrade}\n}\nexport async function downgrade(op) {\n${d.downgrade}\n}\n`);
    const mod = (await import(Bun.pathToFileURL(file).href)) as Record<"upgrade" | "downgrade", (op: unknown) => Promise<void>>;
    const run = async (fn: (op: unknown) => Promise<void>) => {
      const runner = createOpRunner(dialect.opBackend(session));
      await runner.ready();
      await fn(runner.op);
      await runner.flush();
      return runner.statements.map((x) => (x.trimEnd().endsWith(";") ? x.trimEnd() : x.trimEnd() + ";"));
    };
    await session.exec("BEGIN");
    try {
      const up = await run(mod.upgrade);
      const down = await run(mod.downgrade);
      return { up, down };
    } finally {
      await session.exec("ROLLBACK");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await s.scratch.drop();
  }
}

/** The renderer indents bodies for a function; the file writer indents them itself. */
function dedent(code: string): string {
  const lines = code.split("\n");
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const n = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(n, /^ */.exec(l)![0].length))).join("\n");
}

export async function autogenerateRevision(
  m: Migrator,
  opts: Omit<RevisionOptions, "upgradeBody" | "downgradeBody"> & {
    fromDb?: boolean;
    allowEmpty?: boolean;
    log?: Logger;
    ask?: (q: unknown) => boolean | Promise<boolean>;
  },
): Promise<{ revision: string | null; path: string | null; summary: string[]; warnings: string[] }> {
  const d = await diff(m, { fromDb: opts.fromDb, ask: opts.ask });
  for (const w of d.warnings) opts.log?.warn(w);
  if (d.operations.length === 0 && !opts.allowEmpty) {
    opts.log?.info("No changes in schema detected; no migration written (use --allow-empty to write one anyway)");
    return { revision: null, path: null, summary: [], warnings: d.warnings };
  }
  // destructive changes (drops, narrowing types) are warnings: the user must look at them
  for (const s of d.summary) (/\bDESTRUCTIVE\b/.test(s) ? opts.log?.warn : opts.log?.info)?.call(opts.log, `Detected ${s}`);
  let upgradeBody = dedent(d.upgrade);
  let downgradeBody = dedent(d.downgrade);
  if (opts.sql && d.operations.length) {
    // a SQL migration: the statements the TypeScript ops would run, captured in memory
    const sql = await bodiesAsSql(m, d, { fromDb: opts.fromDb });
    const header = d.summary.map((s) => `-- ${s}`).join("\n");
    upgradeBody = `${header}\n${sql.up.join("\n")}`;
    downgradeBody = sql.down.join("\n");
  }
  const r = m.revision({ ...opts, upgradeBody, downgradeBody });
  opts.log?.success(`Generating ${m.rel(r.path)} ... done`);
  return { ...r, summary: d.summary, warnings: d.warnings };
}
