// Test support: temporary projects with real migration files, full database dumps for
// "exactly as before" comparisons, and running the CLI (from source or the compiled binary).

import { Database } from "bun:sqlite";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dir, "../..");

export interface MigrationSpec {
  rev: string;
  down?: string | string[] | null;
  message?: string;
  branchLabels?: string[];
  dependsOn?: string[];
  up?: string;
  downBody?: string;
  transactional?: boolean;
  /** write the SQL format instead of TypeScript (up/downBody are SQL) */
  sql?: boolean;
  file?: string;
}

// every folder tempDir() made is removed after the whole run (cleanup.ts, preloaded by
// bunfig.toml): a full run makes thousands
const made: string[] = [];
export function removeTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function tempDir(prefix = "migrator-test-"): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

export function project(opts: { toml?: string } = {}): { dir: string; db: string; migrations: string } {
  const dir = tempDir();
  const migrations = join(dir, "migrations");
  mkdirSync(migrations);
  writeFileSync(join(dir, "migrator.toml"), opts.toml ?? `database = "app.db"\nmigrations = "migrations"\n`);
  return { dir, db: join(dir, "app.db"), migrations };
}

const lit = (v: unknown) => JSON.stringify(v ?? null);

export function writeMigration(migrations: string, m: MigrationSpec): string {
  const downs = m.down === undefined || m.down === null ? null : m.down;
  const name = m.file ?? `${m.rev}_${(m.message ?? "m").replace(/\W+/g, "_")}.${m.sql ? "sql" : "ts"}`;
  let text: string;
  if (m.sql) {
    text =
      `-- ${m.message ?? "m"}\n-- revision: ${m.rev}\n-- down_revision: ${downs === null ? "" : ([] as string[]).concat(downs).join(", ")}\n` +
      (m.branchLabels ? `-- branch_labels: ${m.branchLabels.join(", ")}\n` : "") +
      (m.dependsOn ? `-- depends_on: ${m.dependsOn.join(", ")}\n` : "") +
      (m.transactional === false ? `-- transactional: false\n` : "") +
      `-- message: ${m.message ?? "m"}\n\n-- migrate:up\n${m.up ?? ""}\n\n-- migrate:down\n${m.downBody ?? ""}\n`;
  } else {
    text =
      `/**\n * ${m.message ?? "m"}\n *\n * Revision ID: ${m.rev}\n */\n` +
      `import type { Op } from "migrator";\n\n` +
      `export const revision = ${lit(m.rev)};\n` +
      `export const downRevision: string | string[] | null = ${lit(downs)};\n` +
      `export const branchLabels: string[] | null = ${lit(m.branchLabels ?? null)};\n` +
      `export const dependsOn: string[] | null = ${lit(m.dependsOn ?? null)};\n` +
      (m.transactional === false ? `export const transactional = false;\n` : "") +
      `\nexport async function upgrade(op: Op) {\n${m.up ?? ""}\n}\n\nexport async function downgrade(op: Op) {\n${m.downBody ?? ""}\n}\n`;
  }
  const path = join(migrations, name);
  writeFileSync(path, text);
  return path;
}

/** Every object's SQL and every row of every table, in a stable order. */
export function dump(path: string): string {
  if (!existsSync(path)) return "<no file>";
  const db = new Database(path, { readonly: true });
  try {
    const objs = db
      .query("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
      .all() as { type: string; name: string; sql: string | null }[];
    const out: string[] = [];
    for (const o of objs) {
      out.push(`${o.type} ${o.name}: ${o.sql}`);
      if (o.type === "table") {
        const rows = db.query(`SELECT * FROM "${o.name.replace(/"/g, '""')}" ORDER BY 1`).all();
        out.push(JSON.stringify(rows));
      }
    }
    return out.join("\n");
  } finally {
    db.close();
  }
}

export function query<T = Record<string, unknown>>(path: string, sql: string): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.query(sql).all() as T[];
  } finally {
    db.close();
  }
}

export function tables(path: string): string[] {
  return query<{ name: string }>(path, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name").map((r) => r.name);
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const BUN = process.execPath;

let home: string | null = null;
const scratchHome = () => (home ??= tempDir("migrator-home-"));

/** Run the CLI from source: `bun src/cli/main.ts ARGS`. */
export function cli(args: string[], opts: { cwd: string; env?: Record<string, string> }): RunResult {
  const p = Bun.spawnSync([BUN, join(ROOT, "src/cli/main.ts"), ...args], {
    cwd: opts.cwd,
    // HOME: a scratch folder, so nothing Bun writes under ~ lands in the folder under test
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: scratchHome(), NO_COLOR: "1", ...opts.env },
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: p.exitCode ?? -1, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

let built: string | null = null;

/** The compiled binary, built once per test process when missing or older than the sources. */
export function binary(): string {
  if (built) return built;
  const out = join(ROOT, "build/migrator");
  const p = Bun.spawnSync([BUN, join(ROOT, "build/build.ts"), "--no-types"], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  if (p.exitCode !== 0) throw new Error("build failed: " + p.stderr.toString());
  if (!existsSync(out) || statSync(out).size < 1000) throw new Error("build produced no binary");
  built = out;
  return out;
}
