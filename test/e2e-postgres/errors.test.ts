// Connection and configuration errors on PostgreSQL through the compiled binary: an unreachable
// server, a database that does not exist, another migrator holding the deploy lock (with
// lock_timeout_ms), and version_table_schema putting the version tables in their own schema.
// Each error is one `error:` line with a hint, exit 1, no password, nothing on stdout.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { advisoryKey } from "../../src/dialect/postgres/pg-lock";
import { writeMigration } from "../_support/project";
import { createTestDb, pgUnavailable } from "../_support/pg";
import { dumpDb, errorLines, expectExit, json, mig, pgProject, q, SECRET, upCounts, userTables, versionRows, withPassword } from "./_harness";

const missing = await pgUnavailable("test/e2e-postgres/errors.test.ts");

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

type Db = Awaited<ReturnType<typeof createTestDb>>;

function withMigrations(toml?: string) {
  const p = pgProject(toml);
  writeMigration(p.migrations, { rev: "x1", message: "one", sql: true, up: "CREATE TABLE x1_t (id integer);", downBody: "DROP TABLE x1_t;" });
  return p;
}

/** Runs `upgrade head` on the server the URL names while a second session holds advisory lock `key`. */
async function whileLocked<T>(url: string, key: bigint, body: () => T): Promise<T> {
  const sql = new Bun.SQL(url, { max: 1 });
  try {
    return await sql.begin(async (tx) => {
      await tx.unsafe(`SELECT pg_advisory_xact_lock(${key.toString()}::bigint)`);
      return body();
    });
  } finally {
    await sql.close();
  }
}

describe.skipIf(!!missing)("errors and settings on PostgreSQL", () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db?.drop();
  });

  const cases = [
    {
      name: "server unreachable (port 1): cannot connect",
      url: () => {
        const u = new URL(withPassword(db.url));
        u.port = "1";
        return u.toString();
      },
      message: () => new RegExp(`^error: cannot connect to PostgreSQL at ${esc(new URL(db.url).hostname)}:1 `),
      hint: /hint: is the server running/,
      code: "pg_unreachable",
    },
    {
      name: "database does not exist: says so, and how to create it",
      url: () => withPassword(db.url).replace(db.name, `${db.name}_absent`),
      message: () => new RegExp(`^error: database "${db.name}_absent" does not exist on PostgreSQL at ${esc(new URL(db.url).hostname)}:${new URL(db.url).port || 5432}`),
      hint: /hint: create it: createdb .*_absent/,
      code: "pg_no_database",
    },
  ];

  for (const c of cases) {
    test(`${c.name} (exit 1, no password shown)`, () => {
      const { dir } = withMigrations();
      for (const args of [["upgrade", "head"], ["current"]]) {
        const r = mig(dir, [...args, "--db", c.url()]);
        expect(r.code).toBe(1);
        expect(r.stdout).toBe("");
        const errs = errorLines(r.stderr);
        expect(errs.length).toBe(1);
        expect(errs[0]).toMatch(c.message());
        expect(r.stderr).toMatch(c.hint);
        expect(r.stderr).not.toContain(SECRET);
        expect(r.stderr).not.toMatch(/^\s+at /m);
      }
      const doc = json(dir, ["upgrade", "head", "--db", c.url()], 1);
      expect(doc.error.code).toBe(c.code);
      expect(doc.error.exitCode).toBe(1);
      expect(JSON.stringify(doc)).not.toContain(SECRET);
    });
  }

  test("lock timeout: another session holds the deploy lock, lock_timeout_ms = 500 → exit 1, another migrator is running", async () => {
    const { dir } = withMigrations(`migrations = "migrations"\nlock_timeout_ms = 500\n`);
    const env = { DATABASE_URL: withPassword(db.url) };
    const before = await dumpDb(db.url);
    const { r, ms } = await whileLocked(db.url, advisoryKey("migrator_version"), () => {
      const t0 = performance.now();
      const r = mig(dir, ["upgrade", "head"], env);
      return { r, ms: performance.now() - t0 };
    });
    expect(r.code).toBe(1);
    const errs = errorLines(r.stderr);
    expect(errs.length).toBe(1);
    expect(errs[0]).toContain("another migrator is running on this database (waited 500 ms for the deploy lock");
    expect(ms).toBeGreaterThanOrEqual(500);
    expect(await dumpDb(db.url)).toBe(before);

    // the lock released, the same command goes through
    expectExit(dir, ["upgrade", "head"], 0, env);
    expect(await versionRows(db.url)).toEqual(["x1"]);
  });

  test('version_table_schema = "meta" puts the version and history tables in schema meta (and keys the lock on it)', async () => {
    const other = await createTestDb();
    try {
      const { dir, migrations } = withMigrations(`migrations = "migrations"\nversion_table_schema = "meta"\nlock_timeout_ms = 300\n`);
      const env = { DATABASE_URL: withPassword(other.url) };
      expectExit(dir, ["upgrade", "head"], 0, env);
      expect(await versionRows(other.url, "meta")).toEqual(["x1"]);
      expect(await upCounts(other.url, "meta")).toEqual({ x1: 1 });
      expect(await q(other.url, "SELECT schemaname, tablename FROM pg_tables WHERE tablename LIKE 'migrator\\_%' ORDER BY 1, 2")).toEqual([
        { schemaname: "meta", tablename: "migrator_history" },
        { schemaname: "meta", tablename: "migrator_version" },
      ]);
      expect(await userTables(other.url)).toEqual(["x1_t"]);
      expect(expectExit(dir, ["current"], 0, env).stdout.trim()).toBe("x1 (head)");
      expect(json(dir, ["config"], 0, env).config.versionTableSchema).toBe("meta");

      // the deploy lock of this version table is "meta.migrator_version", not "migrator_version"
      writeMigration(migrations, { rev: "x2", down: "x1", message: "two", sql: true, up: "CREATE TABLE x2_t (id integer);", downBody: "DROP TABLE x2_t;" });
      const blocked = await whileLocked(other.url, advisoryKey("meta.migrator_version"), () => mig(dir, ["upgrade", "head"], env));
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toContain(`another migrator is running on this database (waited 300 ms for the deploy lock; lock "meta.migrator_version")`);
      const unrelated = await whileLocked(other.url, advisoryKey("migrator_version"), () => mig(dir, ["upgrade", "head"], env));
      expect(unrelated.code).toBe(0);
      expect(await versionRows(other.url, "meta")).toEqual(["x2"]);
    } finally {
      await other.drop();
    }
  });
});
