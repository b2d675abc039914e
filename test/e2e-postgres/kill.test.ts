// kill -9 of the compiled binary in the middle of a PostgreSQL run: once the server has ended
// the dead client's backend (and with it the open transaction), no table of that run exists and
// the version and history tables are as before; a new `upgrade head` then applies everything.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeMigration } from "../_support/project";
import { createTestDb, pgUnavailable } from "../_support/pg";
import { dumpDb, expectExit, migAsync, pgProject, q, upCounts, userTables, versionRows, waitFor, withPassword } from "./_harness";

const missing = await pgUnavailable("test/e2e-postgres/kill.test.ts");

describe.skipIf(!!missing)("kill -9 during an upgrade", () => {
  let db: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** Backends of the test database other than the asking one (the killed run's, while it lives). */
  const others = async () =>
    (await q<{ n: number }>(db.url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"))[0]!.n;

  test("leaves the database at the revision it had; the next upgrade head succeeds", async () => {
    const { dir, migrations } = pgProject();
    const env = { DATABASE_URL: withPassword(db.url) };
    writeMigration(migrations, { rev: "k1", message: "before", sql: true, up: "CREATE TABLE k1_t (id integer);", downBody: "DROP TABLE k1_t;" });
    expectExit(dir, ["upgrade", "head"], 0, env);
    writeMigration(migrations, { rev: "k2", down: "k1", message: "second", sql: true, up: "CREATE TABLE k2_t (id integer);\nINSERT INTO k2_t VALUES (1);", downBody: "DROP TABLE k2_t;" });
    writeMigration(migrations, {
      rev: "k3",
      down: "k2",
      message: "slow",
      up: `  op.createTable("k3_t", [{ name: "id", type: "INTEGER" }]);\n  await op.execute("SELECT pg_sleep(5)");`,
      downBody: `  op.dropTable("k3_t");`,
    });
    const before = await dumpDb(db.url);

    const run = migAsync(dir, ["upgrade", "head"], env);
    // the run is inside k3's sleep, with k2's and k3's tables created in its open transaction
    const sleeping = await waitFor(
      async () =>
        (await q<{ n: number }>(db.url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'SELECT pg_sleep(5)%'"))[0]!.n === 1,
      30_000,
    );
    expect(sleeping).toBe(true);
    run.proc.kill(9);
    const r = await run.done;
    expect(r.code).not.toBe(0);
    expect(run.proc.signalCode).toBe("SIGKILL");

    // the server ends the orphaned backend when its sleep returns and it finds the client gone
    expect(await waitFor(async () => (await others()) === 0, 30_000)).toBe(true);
    expect(await dumpDb(db.url)).toBe(before);
    expect(await userTables(db.url)).toEqual(["k1_t"]);
    expect(await versionRows(db.url)).toEqual(["k1"]);
    expect(await upCounts(db.url)).toEqual({ k1: 1 });

    const again = expectExit(dir, ["upgrade", "head"], 0, env);
    expect(again.stderr).toContain("2 migration(s) applied; database is now at k3");
    expect(await userTables(db.url)).toEqual(["k1_t", "k2_t", "k3_t"]);
    expect(await versionRows(db.url)).toEqual(["k3"]);
    expect(await upCounts(db.url)).toEqual({ k1: 1, k2: 1, k3: 1 });
    expect(await q(db.url, "SELECT id FROM k2_t")).toEqual([{ id: 1 }]);
  });
});
