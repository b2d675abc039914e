// Shared helpers for the autogenerate end-to-end tests: a temporary project holding a model
// file, the CLI or the API driving autogenerate/upgrade/downgrade on a real SQLite file, and a
// normalised view of an introspected schema so "the database equals the model" can be asserted.

import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { Connection } from "../../src/dialect/sqlite/sqlite-connection";
import { introspect } from "../../src/dialect/sqlite/sqlite-introspect";
import { normalizeExpr, normalizeType } from "../../src/dialect/sqlite/sqlite-affinity";
import { modelDdl } from "../../src/api/model";
import type { Schema } from "../../src/schema/types";
import { cli, project, ROOT, type RunResult } from "../_support/project";

export const DATASOURCE = `datasource db {\n  provider = "sqlite"\n  url      = "file:app.db"\n}\n`;

export const VERSION_TABLES = ["migrator_version", "migrator_history"];

export interface Proj {
  dir: string;
  db: string;
  migrations: string;
  setModel(text: string): void;
  run(args: string[], env?: Record<string, string>): RunResult;
  /** Runs and throws with the output when the exit code is not `code`. */
  ok(args: string[], code?: number, env?: Record<string, string>): RunResult;
  /** `ok` without blocking, so that test.concurrent cases overlap. */
  go(args: string[], code?: number): Promise<RunResult>;
  files(): string[];
  exec(sql: string): void;
  rows<T = Record<string, unknown>>(sql: string): T[];
  schema(): Schema;
  cleanup(): void;
}

/** A temporary project with `model` (datasource block added) as schema.prisma. */
export function modelProject(model: string): Proj {
  const p = project();
  const setModel = (text: string) => writeFileSync(join(p.dir, "schema.prisma"), DATASOURCE + text);
  setModel(model);
  const run = (args: string[], env?: Record<string, string>) => cli(args, { cwd: p.dir, env });
  return {
    ...p,
    setModel,
    run,
    ok(args, code = 0, env) {
      const r = run(args, env);
      if (r.code !== code) {
        throw new Error(`migrator ${args.join(" ")} exited ${r.code} (wanted ${code})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
      }
      return r;
    },
    async go(args, code = 0) {
      const r = await cliAsync(args, p.dir);
      if (r.code !== code) {
        throw new Error(`migrator ${args.join(" ")} exited ${r.code} (wanted ${code})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
      }
      return r;
    },
    files: () => readdirSync(p.migrations).filter((f) => f.endsWith(".ts") || f.endsWith(".sql")).sort(),
    exec(sql) {
      const db = new Database(p.db);
      try {
        db.exec("PRAGMA foreign_keys = ON");
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    rows(sql) {
      const db = new Database(p.db, { readonly: true });
      try {
        return db.query(sql).all() as never;
      } finally {
        db.close();
      }
    },
    schema: () => fileSchema(p.db),
    cleanup: () => rmSync(p.dir, { recursive: true, force: true }),
  };
}

/** The CLI from source, as `cli()` in test/_support/project.ts runs it, without blocking. */
export async function cliAsync(args: string[], cwd: string): Promise<RunResult> {
  const p = Bun.spawn([process.execPath, join(ROOT, "src/cli/main.ts"), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd, NO_COLOR: "1" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, stdout, stderr };
}

/** The schema of a database file, version tables left out. */
export function fileSchema(path: string): Schema {
  const conn = Connection.open(path);
  try {
    return introspect(conn, { exclude: VERSION_TABLES });
  } finally {
    conn.close();
  }
}

/** What `migrator ddl` prints for the model, applied to an empty database and introspected. */
export function ddlSchema(modelText: string, display = "schema.prisma"): Schema {
  const conn = Connection.open(":memory:");
  try {
    for (const st of modelDdl({ path: display, display, text: modelText })) conn.exec(st);
    return introspect(conn);
  } finally {
    conn.close();
  }
}

const literal = /^\(*\s*([+-]?\s*(\d+(\.\d*)?([eE][+-]?\d+)?|0x[0-9a-fA-F]+)|'([^']|'')*'|"([^"]|"")*"|NULL|TRUE|FALSE|X'[0-9a-fA-F]*')\s*\)*$/i;
const scratch = new Database(":memory:");
const stored = new Map<string, string>();

/** A constant DEFAULT as the value SQLite stores for it in a column of that declared type
 *  (asked of SQLite itself: `0` and `'0'` store the same text in a TEXT column); any other
 *  expression as its normalised text. */
export function storedDefault(sql: string | null | undefined, type: string): string | null {
  if (sql === null || sql === undefined) return null;
  if (!literal.test(sql.trim())) return `expr:${normalizeExpr(sql)}`;
  const key = `${type}\0${sql}`;
  let v = stored.get(key);
  if (v === undefined) {
    scratch.exec(`CREATE TABLE d (c ${type.replace(/[^A-Za-z0-9_ (),]/g, "")} DEFAULT ${sql}, k INTEGER)`);
    scratch.exec(`INSERT INTO d (k) VALUES (1)`);
    const r = scratch.query(`SELECT quote(c) AS q FROM d`).get() as { q: string };
    scratch.exec(`DROP TABLE d`);
    v = r.q === "NULL" ? "null" : `value:${r.q}`;
    stored.set(key, v);
  }
  return v === "null" ? null : v;
}

const byName = <T extends { name: string | null }>(xs: T[]) =>
  [...xs].sort((a, b) => ((a.name ?? "").toLowerCase() < (b.name ?? "").toLowerCase() ? -1 : 1));

/**
 * A schema as plain, order-insensitive data for equality assertions. Column *order* is left out
 * on purpose: ADD COLUMN appends, so a column added by a migration sits last in the database
 * while the model may list it earlier (Alembic behaves the same); everything else is kept:
 * names, declared types, NOT NULL, defaults (stored value and literal), primary keys, indexes (name, terms, order,
 * uniqueness, WHERE), foreign keys (columns, target, actions), CHECKs and UNIQUE constraints.
 */
export function shape(s: Schema): unknown {
  return byName(s.tables).map((t) => ({
    table: t.name,
    columns: byName(t.columns).map((c) => ({
      name: c.name,
      type: normalizeType(c.type),
      notNull: c.notNull,
      default: storedDefault(c.default, c.type),
      // and as written: TEXT stores DEFAULT 7 and DEFAULT '7' alike, but the model says one
      defaultLiteral: storedDefault(c.default, c.type) === null ? null : normalizeExpr(c.default!),
      collate: c.collate ?? null,
    })),
    primaryKey: t.primaryKey ? { columns: t.primaryKey.columns, autoincrement: t.primaryKey.autoincrement } : null,
    indexes: byName(t.indexes).map((i) => ({
      name: i.name,
      unique: i.unique,
      where: i.where ? normalizeExpr(i.where) : null,
      columns: i.columns.map((c) => `${c.name ?? normalizeExpr(c.expr ?? "")}${c.desc ? " DESC" : ""}`),
    })),
    foreignKeys: t.foreignKeys
      .map((f) => `${f.name ?? ""}:${f.columns.join(",")}->${f.refTable}(${f.refColumns.join(",")}) D:${f.onDelete} U:${f.onUpdate}`)
      .sort(),
    checks: t.checks.map((c) => `${c.name ?? ""}:${normalizeExpr(c.expr)}`).sort(),
    uniques: t.uniques.map((u) => `${u.name ?? ""}:${u.columns.join(",")}`).sort(),
    strict: !!t.strict,
    withoutRowid: !!t.withoutRowid,
  }));
}

/** Column names of a table in database order. */
export function columnNames(s: Schema, table: string): string[] {
  return s.tables.find((t) => t.name === table)?.columns.map((c) => c.name) ?? [];
}
