// The PostgreSQL server of test/postgres/: the local one (trust authentication over TCP, user
// postgres) or MIGRATOR_TEST_PG_URL. Each test file makes its own uniquely named database and
// drops it in afterAll. With no server answering a file skips, saying why — unless
// MIGRATOR_REQUIRE_PG is set (CI), where a missing server is an error.

import { PgSession } from "../../src/dialect/postgres/pg-session";
import { formatPgUrl, parsePgUrl, withDatabase } from "../../src/dialect/postgres/pg-url";

export const ADMIN_URL = process.env.MIGRATOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** The URL of database `db` on the test server. */
export function urlOf(db: string, over: { password?: string; port?: number; user?: string } = {}): string {
  const info = withDatabase(parsePgUrl(ADMIN_URL), db);
  return formatPgUrl({ ...info, password: over.password ?? info.password, port: over.port ?? info.port, user: over.user ?? info.user });
}

/** null when the server answers, else the reason to skip (printed). */
export async function serverMissing(file: string): Promise<string | null> {
  try {
    const s = await PgSession.open(ADMIN_URL, { busyTimeoutMs: 5000 });
    await s.close();
    return null;
  } catch (e) {
    const why = `no PostgreSQL server answers at ${parsePgUrl(ADMIN_URL).host}:${parsePgUrl(ADMIN_URL).port} (${(e as Error).message})`;
    if (process.env.MIGRATOR_REQUIRE_PG) throw new Error(`${file}: ${why}, and MIGRATOR_REQUIRE_PG is set`);
    console.log(`${file}: skipped, ${why}`);
    return why;
  }
}

/** A fresh database mig_t_<tag>_<pid>_<random>; `drop` removes it WITH (FORCE). */
export async function makeDatabase(tag: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `mig_t_${tag}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = await PgSession.open(ADMIN_URL);
  try {
    await admin.exec(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.close();
  }
  return {
    name,
    url: urlOf(name),
    async drop() {
      const a = await PgSession.open(ADMIN_URL);
      try {
        await a.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await a.close();
      }
    },
  };
}

/** Whether a database of that name exists on the test server. */
export async function databaseExists(name: string): Promise<boolean> {
  const a = await PgSession.open(ADMIN_URL);
  try {
    return (await a.get<{ n: number }>("SELECT count(*)::int AS n FROM pg_database WHERE datname = $1", [name]))!.n === 1;
  } finally {
    await a.close();
  }
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected the promise to reject, it resolved");
}
