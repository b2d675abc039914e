// A scratch PostgreSQL database per test file (unique name, always dropped) on the server the
// project's machines run (127.0.0.1:5432, trust auth; PG_TEST_URL overrides), and a tiny
// executor of planned steps: data checks first, then the statements, in one transaction.

import { dataCheckError, type PgStep } from "../../src/dialect/postgres/pg-planner";

type SQL = InstanceType<typeof Bun.SQL>;

export const SERVER_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Why the server can't be used, or null when it answers. */
export async function serverUnavailable(): Promise<string | null> {
  const sql = new Bun.SQL(SERVER_URL, { max: 1, connectionTimeout: 3 });
  try {
    await sql.unsafe("SELECT 1");
    return null;
  } catch (e) {
    return `no PostgreSQL server answers at ${SERVER_URL.replace(/:[^:@/]*@/, ":***@")}: ${(e as Error).message}`;
  } finally {
    await sql.close().catch(() => {});
  }
}

export interface TestDb {
  sql: SQL;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDb(prefix: string): Promise<TestDb> {
  const name = `mig_${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Bun.SQL(SERVER_URL, { max: 1 });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const sql = new Bun.SQL(url.toString(), { max: 1 });
  return {
    sql,
    name,
    async drop() {
      await sql.close().catch(() => {});
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.close();
    },
  };
}

/** Runs steps the way the executor must: each step's checks before its statements, the whole
 *  run in one transaction (so a refusal leaves the database as it was). */
export async function runSteps(sql: SQL, steps: PgStep[]): Promise<void> {
  await sql.begin(async (tx) => {
    for (const step of steps) {
      for (const check of step.checks ?? []) {
        const rows = await tx.unsafe(check.sql, check.params ?? []);
        const n = Number(rows[0]?.n ?? 0);
        if (n > 0) throw dataCheckError(check, n);
      }
      for (const s of step.statements) await tx.unsafe(s.sql, s.params ?? []);
    }
  });
}

export async function rows<T = Record<string, unknown>>(sql: SQL, text: string, params: unknown[] = []): Promise<T[]> {
  return [...(await sql.unsafe(text, params))] as T[];
}
