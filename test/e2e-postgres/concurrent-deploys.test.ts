// Safe concurrent deploys on PostgreSQL (DESIGN.md §2): 8 compiled-binary processes run
// `upgrade head` at once on one database with 20 pending migrations; all 8 exit 0 and every
// migration runs exactly once (migrator_history and a log table the migrations write to), in
// the default one-transaction mode and with transaction_per_migration.

import { afterAll, describe, expect, test } from "bun:test";
import { writeMigration } from "../_support/project";
import { createTestDb, pgUnavailable } from "../_support/pg";
import { migAsync, pgProject, q, upCounts, versionRows, withPassword } from "./_harness";

const missing = await pgUnavailable("test/e2e-postgres/concurrent-deploys.test.ts");

const N = 20;
const PROCS = 8;
const rev = (i: number) => `c${String(i).padStart(2, "0")}`;

const dbs: { drop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

/** 20 migrations (TypeScript and SQL alternating), each creating a table and logging itself. */
function writeMigrations(migrations: string) {
  writeMigration(migrations, {
    rev: rev(1),
    message: "log",
    sql: true,
    // a short sleep so that the other processes arrive while this one holds the lock
    up: "CREATE TABLE deploy_log (rev text NOT NULL, backend integer NOT NULL DEFAULT pg_backend_pid());\nINSERT INTO deploy_log (rev) VALUES ('c01');\nSELECT pg_sleep(0.3);",
    downBody: "DROP TABLE deploy_log;",
  });
  for (let i = 2; i <= N; i++) {
    const r = rev(i);
    if (i % 2 === 0) {
      writeMigration(migrations, {
        rev: r,
        down: rev(i - 1),
        message: `step ${i}`,
        up: `  op.createTable("t_${r}", [{ name: "id", type: "INTEGER" }]);\n  await op.execute("INSERT INTO deploy_log (rev) VALUES ('${r}')");`,
        downBody: `  op.dropTable("t_${r}");`,
      });
    } else {
      writeMigration(migrations, {
        rev: r,
        down: rev(i - 1),
        message: `step ${i}`,
        sql: true,
        up: `CREATE TABLE t_${r} (id integer);\nINSERT INTO deploy_log (rev) VALUES ('${r}');`,
        downBody: `DROP TABLE t_${r};`,
      });
    }
  }
}

async function deployAtOnce(toml: string) {
  const db = await createTestDb();
  dbs.push(db);
  const { dir, migrations } = pgProject(toml);
  writeMigrations(migrations);
  const env = { DATABASE_URL: withPassword(db.url) };
  const runs = Array.from({ length: PROCS }, () => migAsync(dir, ["upgrade", "head", "--json"], env));
  const results = await Promise.all(runs.map((r) => r.done));
  const failures = results.filter((r) => r.code !== 0).map((r) => r.stderr);
  expect(failures).toEqual([]);
  expect(results.map((r) => r.code)).toEqual(Array(PROCS).fill(0));

  // every revision applied by exactly one process; the others found nothing left to do
  const applied = results.flatMap((r) => JSON.parse(r.stdout).steps.map((s: { revision: string }) => s.revision));
  expect(applied.length).toBe(N);
  expect(new Set(applied).size).toBe(N);
  const expected = Object.fromEntries(Array.from({ length: N }, (_, i) => [rev(i + 1), 1]));
  expect(await upCounts(db.url)).toEqual(expected);
  const logged = await q<{ rev: string; n: number }>(db.url, "SELECT rev, count(*)::int AS n FROM deploy_log GROUP BY rev ORDER BY rev");
  expect(Object.fromEntries(logged.map((r) => [r.rev, r.n]))).toEqual(expected);
  expect(await versionRows(db.url)).toEqual([rev(N)]);
  return { db, results };
}

describe.skipIf(!!missing)(`${PROCS} concurrent upgrade head processes`, () => {
  test("default (one transaction per run): 8/8 exit 0, each of 20 migrations applied once, by one process", async () => {
    const { db, results } = await deployAtOnce(`migrations = "migrations"\n`);
    // one run, one transaction: all 20 were applied by the same backend
    expect(await q(db.url, "SELECT count(DISTINCT backend)::int AS n FROM deploy_log")).toEqual([{ n: 1 }]);
    expect(results.filter((r) => JSON.parse(r.stdout).steps.length === N).length).toBe(1);
  });

  test("transaction_per_migration = true: 8/8 exit 0, each of 20 migrations applied once", async () => {
    await deployAtOnce(`migrations = "migrations"\ntransaction_per_migration = true\n`);
  });
});
