// Test harness for PostgreSQL model tests: the local server (trust auth, user postgres), scratch
// databases with unique names that are always dropped, and a catalog dump that two databases
// can be compared with (columns, indexes, constraints, enum labels).

import { ADMIN_URL, pgUnavailable, pgUrlOf } from "../_support/pg";

export const urlOf = pgUrlOf;

/** null when a server answers, else why not — the shared probe, which fails instead of
 *  skipping when MIGRATOR_REQUIRE_PG is set (CI). */
export function serverUnavailable(): Promise<string | null> {
  return pgUnavailable("postgres-model");
}

let counter = 0;

/** Runs `fn` with a fresh database (`mig_t_<pid>_<random>`) and drops it afterwards, even on error. */
export async function withScratchDb<T>(fn: (sql: InstanceType<typeof Bun.SQL>, url: string) => Promise<T>): Promise<T> {
  const name = `mig_t_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Bun.SQL(ADMIN_URL, { max: 1 });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const sql = new Bun.SQL(urlOf(name), { max: 1 });
  try {
    return await fn(sql, urlOf(name));
  } finally {
    await sql.close().catch(() => {});
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.close();
  }
}

export interface Catalog {
  columns: string[];
  indexes: string[];
  constraints: string[];
  enums: string[];
}

/** What a database's public schema holds, as sorted lines that can be compared with toEqual. */
export async function dumpCatalog(sql: InstanceType<typeof Bun.SQL>): Promise<Catalog> {
  const columns = await sql.unsafe(`
    SELECT table_name, ordinal_position, column_name, data_type, udt_name, is_nullable, column_default,
           character_maximum_length, numeric_precision, numeric_scale, datetime_precision
    FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`);
  const indexes = await sql.unsafe(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexname`);
  const constraints = await sql.unsafe(`
    SELECT conrelid::regclass::text AS tbl, conname, contype, pg_get_constraintdef(oid) AS def
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`);
  const enums = await sql.unsafe(`
    SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY t.typname`);
  const line = (r: Record<string, unknown>) => Object.values(r).map((v) => (v === null ? "∅" : String(v))).join(" | ");
  return {
    columns: [...columns].map(line),
    indexes: [...indexes].map(line),
    constraints: [...constraints].map(line),
    enums: [...enums].map(line),
  };
}

/** Extensions a schema's DDL needs before it applies (pg_trgm operator classes, citext). */
export function neededExtensions(ddl: string): string[] {
  const out: string[] = [];
  if (/gin_trgm_ops|gist_trgm_ops/.test(ddl)) out.push("pg_trgm");
  if (/\bCITEXT\b/i.test(ddl)) out.push("citext");
  return out;
}

export async function applyScript(sql: InstanceType<typeof Bun.SQL>, script: string): Promise<void> {
  for (const ext of neededExtensions(script)) await sql.unsafe(`CREATE EXTENSION IF NOT EXISTS "${ext}"`);
  await sql.unsafe(script).simple();
}

/** Prisma's script as statements: comments and its `CREATE SCHEMA IF NOT EXISTS "public"` left out. */
export function prismaStatements(script: string): string[] {
  return script
    .split(/;\n/)
    .map((s) => s.replace(/^--.*\n/gm, "").trim())
    .filter((s) => s !== "" && !s.startsWith("CREATE SCHEMA"))
    .map((s) => (s.endsWith(";") ? s : s + ";"));
}
