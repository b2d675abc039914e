// Shared by test/e2e-postgres/: the compiled binary (the suite's one build, test/_support's
// binary()) run as a user would against a real PostgreSQL server, and read-only looks at the
// server (tables, version rows, a full dump for "exactly as before" comparisons).

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binary, tempDir } from "../_support/project";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The password every URL of this suite carries (trust auth ignores it); it must never be printed. */
export const SECRET = "sekrit";

/** `url` with user postgres and password SECRET, as a user's DATABASE_URL would have one. */
export function withPassword(url: string): string {
  const u = new URL(url);
  if (!u.username) u.username = "postgres";
  u.password = SECRET;
  return u.toString();
}

let home: string | null = null;

/** The environment of a run: nothing of ours leaks in (no PG* variables, no DATABASE_URL). */
function envOf(extra: Record<string, string> = {}): Record<string, string> {
  home ??= tempDir("migrator-pg-home-");
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, NO_COLOR: "1", ...extra };
}

/** Every output of every run, so a test can check that no password was ever printed. */
export const outputs: string[] = [];

/** `migrator ARGS` (the compiled binary) in `cwd`, waiting for it. */
export function mig(cwd: string, args: string[], env?: Record<string, string>): Run {
  const p = Bun.spawnSync([binary(), ...args], { cwd, env: envOf(env), stdout: "pipe", stderr: "pipe" });
  const r = { code: p.exitCode ?? -1, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
  outputs.push(r.stdout, r.stderr);
  return r;
}

/** `migrator ARGS` started in the background: the process (to kill) and its result. */
export function migAsync(cwd: string, args: string[], env?: Record<string, string>): { proc: Bun.Subprocess; done: Promise<Run> } {
  const proc = Bun.spawn([binary(), ...args], { cwd, env: envOf(env), stdout: "pipe", stderr: "pipe" });
  const done = (async () => {
    const [stdout, stderr] = await Promise.all([new Response(proc.stdout as ReadableStream).text(), new Response(proc.stderr as ReadableStream).text()]);
    const code = await proc.exited;
    outputs.push(stdout, stderr);
    return { code, stdout, stderr };
  })();
  return { proc, done };
}

/** Like mig, but the run must exit `code`; the error shows stderr. */
export function expectExit(cwd: string, args: string[], code: number, env?: Record<string, string>): Run {
  const r = mig(cwd, args, env);
  if (r.code !== code) throw new Error(`migrator ${args.join(" ")} exited ${r.code}, wanted ${code}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** A `--json` run that must exit `code`: its stdout parsed as exactly one JSON document. */
export function json(cwd: string, args: string[], code = 0, env?: Record<string, string>): Record<string, any> {
  const r = expectExit(cwd, [...args, "--json"], code, env);
  let doc: Record<string, any>;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    throw new Error(`stdout of migrator ${args.join(" ")} --json is not one JSON document:\n${r.stdout}`);
  }
  if (doc.ok !== (code === 0)) throw new Error(`migrator ${args.join(" ")} --json: ok is ${doc.ok} with exit ${code}`);
  return doc;
}

/** A fresh project folder: migrator.toml with `toml` (default: migrations = "migrations"). */
export function pgProject(toml = `migrations = "migrations"\n`): { dir: string; migrations: string } {
  const dir = tempDir("migrator-pg-e2e-");
  mkdirSync(join(dir, "migrations"));
  writeFileSync(join(dir, "migrator.toml"), toml);
  return { dir, migrations: join(dir, "migrations") };
}

/** Rows of a query on `url` (a connection of its own, closed afterwards). */
export async function q<T = Record<string, any>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const sql = new Bun.SQL(url, { max: 1 });
  try {
    return [...((await sql.unsafe(text, params as any[])) as T[])];
  } finally {
    await sql.close();
  }
}

/** Tables of schema `schema` other than the version tables, sorted. */
export async function userTables(url: string, schema = "public"): Promise<string[]> {
  const rows = await q<{ t: string }>(
    url,
    "SELECT tablename AS t FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename NOT LIKE 'migrator\\_%' ORDER BY 1",
    [schema],
  );
  return rows.map((r) => r.t);
}

/** The version table's rows, sorted ([] when the table does not exist). */
export async function versionRows(url: string, schema = "public", table = "migrator_version"): Promise<string[]> {
  const [row] = await q<{ reg: string | null }>(url, "SELECT to_regclass($1)::text AS reg", [`"${schema}"."${table}"`]);
  if (!row?.reg) return [];
  return (await q<{ v: string }>(url, `SELECT version_num AS v FROM "${schema}"."${table}" ORDER BY 1`)).map((r) => r.v);
}

/** How many `up` rows migrator_history holds per revision. */
export async function upCounts(url: string, schema = "public"): Promise<Record<string, number>> {
  const rows = await q<{ revision: string; n: number }>(
    url,
    `SELECT revision, count(*)::int AS n FROM "${schema}".migrator_history WHERE direction = 'up' GROUP BY revision ORDER BY revision`,
  );
  return Object.fromEntries(rows.map((r) => [r.revision, r.n]));
}

/**
 * Everything a run could change outside the system schemas: schemas, tables with their columns
 * and every row, indexes, constraints, types with their enum labels, sequences with their
 * positions. Equal dumps mean the database is exactly as it was.
 */
export async function dumpDb(url: string): Promise<string> {
  const sql = new Bun.SQL(url, { max: 1 });
  const user = "NOT IN ('pg_catalog', 'information_schema', 'pg_toast')";
  try {
    const out: string[] = [];
    const add = (rows: unknown) => out.push(JSON.stringify(rows));
    add(await sql.unsafe(`SELECT nspname FROM pg_namespace WHERE nspname ${user} AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast%' ORDER BY 1`));
    add(
      await sql.unsafe(
        `SELECT table_schema, table_name, column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns WHERE table_schema ${user} ORDER BY 1, 2, ordinal_position`,
      ),
    );
    add(await sql.unsafe(`SELECT schemaname, indexname, indexdef FROM pg_indexes WHERE schemaname ${user} ORDER BY 1, 2`));
    add(
      await sql.unsafe(
        `SELECT n.nspname, c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname ${user} ORDER BY 1, 2`,
      ),
    );
    add(
      await sql.unsafe(
        `SELECT n.nspname, t.typname, t.oid::int AS oid, array_to_string(ARRAY(SELECT enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY enumsortorder), ',') AS labels FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname ${user} AND t.typtype = 'e' ORDER BY 1, 2`,
      ),
    );
    const seqs = (await sql.unsafe(`SELECT schemaname, sequencename FROM pg_sequences WHERE schemaname ${user} ORDER BY 1, 2`)) as { schemaname: string; sequencename: string }[];
    for (const s of seqs) add(await sql.unsafe(`SELECT '${s.sequencename}' AS seq, last_value, is_called FROM "${s.schemaname}"."${s.sequencename}"`));
    const tabs = (await sql.unsafe(`SELECT schemaname, tablename FROM pg_tables WHERE schemaname ${user} ORDER BY 1, 2`)) as { schemaname: string; tablename: string }[];
    for (const t of tabs) {
      const rows = await sql.unsafe(`SELECT coalesce(json_agg(x ORDER BY x::text), '[]'::json)::text AS j FROM "${t.schemaname}"."${t.tablename}" x`);
      out.push(`${t.schemaname}.${t.tablename}: ${(rows as { j: string }[])[0]!.j}`);
    }
    return out.join("\n");
  } finally {
    await sql.close();
  }
}

/** The `error:` lines of a run's stderr. */
export const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("error:"));

/** Polls `probe` every 50 ms until it is true or `ms` pass; returns whether it became true. */
export async function waitFor(probe: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > end) return false;
    await Bun.sleep(50);
  }
}
