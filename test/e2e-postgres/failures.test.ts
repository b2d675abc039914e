// A failing migration on PostgreSQL through the compiled binary: by default the run is one
// transaction, so the third of three pending migrations failing leaves the database exactly as
// it was (the first two's tables absent, version and history tables unchanged); with
// transaction_per_migration = true the first two stay applied. The error is one line naming the
// file, the statement and the server's message with its SQLSTATE.

import { afterAll, describe, expect, test } from "bun:test";
import { writeMigration, type MigrationSpec } from "../_support/project";
import { createTestDb, pgUnavailable } from "../_support/pg";
import { dumpDb, errorLines, expectExit, json, pgProject, upCounts, userTables, versionRows, withPassword } from "./_harness";

const missing = await pgUnavailable("test/e2e-postgres/failures.test.ts");

const applied: MigrationSpec = {
  rev: "f0",
  message: "base table",
  sql: true,
  up: "CREATE TABLE base (id integer PRIMARY KEY, note text);\nINSERT INTO base VALUES (1, 'kept');",
  downBody: "DROP TABLE base;",
};
const pending: MigrationSpec[] = [
  { rev: "f1", down: "f0", message: "first", up: `  op.createTable("first_t", [{ name: "id", type: "INTEGER" }]);\n  await op.execute("UPDATE base SET note = 'changed by f1'");`, downBody: `  op.dropTable("first_t");` },
  { rev: "f2", down: "f1", message: "second", sql: true, up: "CREATE TABLE second_t (id integer);\nINSERT INTO base VALUES (2, 'from f2');", downBody: "DROP TABLE second_t;" },
  { rev: "f3", down: "f2", message: "third fails", sql: true, up: "CREATE TABLE third_t (id integer);\nINSERT INTO third_t (id) VALUES ('not a number');", downBody: "DROP TABLE third_t;" },
];

const dbs: { drop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

/** A database at f0 with f1..f3 pending, in a project with `toml`. */
async function setup(toml: string) {
  const db = await createTestDb();
  dbs.push(db);
  const { dir, migrations } = pgProject(toml);
  const env = { DATABASE_URL: withPassword(db.url) };
  writeMigration(migrations, applied);
  expectExit(dir, ["upgrade", "head"], 0, env);
  for (const m of pending) writeMigration(migrations, m);
  return { db, dir, env };
}

describe.skipIf(!!missing)("a failing migration", () => {
  test("default: the third of three fails, exit 1 with one error line, the database exactly as before", async () => {
    const { db, dir, env } = await setup(`migrations = "migrations"\n`);
    const before = await dumpDb(db.url);
    const r = expectExit(dir, ["upgrade", "head"], 1, env);
    expect(r.stdout).toBe("");
    // the runner announced all three: the first two ran in the same transaction
    expect(r.stderr).toContain("Running upgrade f0 -> f1, first");
    expect(r.stderr).toContain("Running upgrade f1 -> f2, second");
    const errs = errorLines(r.stderr);
    expect(errs.length).toBe(1);
    const e = errs[0]!;
    expect(e).toContain("f3_third_fails.sql");
    expect(e).toContain(`INSERT INTO third_t (id) VALUES ('not a number')`);
    expect(e).toContain(`invalid input syntax for type integer: "not a number"`);
    expect(e).toContain("SQLSTATE 22P02");
    expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace

    expect(await dumpDb(db.url)).toBe(before);
    expect(await userTables(db.url)).toEqual(["base"]);
    expect(await versionRows(db.url)).toEqual(["f0"]);
    expect(await upCounts(db.url)).toEqual({ f0: 1 });

    const doc = json(dir, ["upgrade", "head"], 1, env);
    expect(doc.error.code).toBe("migration_failed");
    expect(doc.error.message).toContain("SQLSTATE 22P02");
    expect(await dumpDb(db.url)).toBe(before);
  });

  test("transaction_per_migration = true: the first two stay applied, the third rolls back", async () => {
    const { db, dir, env } = await setup(`migrations = "migrations"\ntransaction_per_migration = true\n`);
    const r = expectExit(dir, ["upgrade", "head"], 1, env);
    const errs = errorLines(r.stderr);
    expect(errs.length).toBe(1);
    expect(errs[0]).toContain("f3_third_fails.sql");
    expect(errs[0]).toContain("SQLSTATE 22P02");
    expect(await userTables(db.url)).toEqual(["base", "first_t", "second_t"]);
    expect(await versionRows(db.url)).toEqual(["f2"]);
    expect(await upCounts(db.url)).toEqual({ f0: 1, f1: 1, f2: 1 });
    expect(expectExit(dir, ["current"], 0, env).stdout.trim()).toBe("f2");
  });
});
