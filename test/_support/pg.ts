// The PostgreSQL server the tests use: the local one (trust authentication for TCP, user
// postgres) or MIGRATOR_TEST_PG_URL. Tests make their own databases (unique names) and always
// drop them. Where no server answers, a test file skips with a printed reason — except when
// MIGRATOR_REQUIRE_PG is set (.ci/run sets it), where that is an error: CI must not skip them.

export const ADMIN_URL = process.env.MIGRATOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export function pgUrlOf(db: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${db}`;
  return u.toString();
}

let probed: Promise<string | null> | null = null;

/** null when a server answers, else why not. Throws instead when MIGRATOR_REQUIRE_PG is set. */
export async function pgUnavailable(what = "PostgreSQL tests"): Promise<string | null> {
  probed ??= (async () => {
    const sql = new Bun.SQL(ADMIN_URL, { max: 1, connectionTimeout: 5 });
    try {
      await sql`select 1`;
      return null;
    } catch (e) {
      return `no PostgreSQL server answers at ${ADMIN_URL.replace(/\/\/[^@]*@/, "//")} (${(e as Error).message})`;
    } finally {
      await sql.close().catch(() => {});
    }
  })();
  const why = await probed;
  if (why && process.env.MIGRATOR_REQUIRE_PG) throw new Error(`${what}: ${why}, and MIGRATOR_REQUIRE_PG is set`);
  if (why) console.log(`${what}: skipped, ${why}`);
  return why;
}

let counter = 0;

/** A fresh database `mig_t_<pid>_<n>_<random>` and a function that drops it (WITH FORCE). */
export async function createTestDb(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `mig_t_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Bun.SQL(ADMIN_URL, { max: 1 });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.close();
  }
  return {
    name,
    url: pgUrlOf(name),
    async drop() {
      const a = new Bun.SQL(ADMIN_URL, { max: 1 });
      try {
        await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await a.close();
      }
    },
  };
}
