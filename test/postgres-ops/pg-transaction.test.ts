// isNonTransactional: the statements PostgreSQL refuses inside a transaction block, checked
// against the server itself (each flagged one fails there with SQLSTATE 25001; the others run).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { isNonTransactional, nonTransactionalStatement } from "../../src/dialect/postgres/pg-planner";
import { splitStatements } from "../../src/dialect/postgres/pg-alter-transaction";
import { createTestDb, serverUnavailable, type TestDb } from "./pg-test-db";

// statements safe to try inside a transaction that is then rolled back (they fail at once there)
const refused = [
  'CREATE INDEX CONCURRENTLY "t_a_idx" ON t (a)',
  "create unique index concurrently u ON t (a)",
  'DROP INDEX CONCURRENTLY IF EXISTS "nope"',
  "REINDEX TABLE CONCURRENTLY t",
  "REINDEX (VERBOSE) SCHEMA public",
  "VACUUM",
  "vacuum (analyze) t",
  "CREATE DATABASE mig_never_created",
  "ALTER SYSTEM SET work_mem = '8MB'",
  "/* why */ -- because\n  VACUUM t",
];
const allowed = [
  "CREATE INDEX t_b_idx ON t (a)",
  "ALTER TYPE mood ADD VALUE 'new'",
  "REFRESH MATERIALIZED VIEW mv",
  "SELECT 'VACUUM; CREATE INDEX CONCURRENTLY x ON t (a)'",
  "DO $$ BEGIN PERFORM 1; END $$",
  "-- VACUUM\nSELECT 1",
  "CREATE TABLE vacuum_log (a int)",
];

describe("isNonTransactional (pure)", () => {
  for (const s of refused) test(`refused: ${JSON.stringify(s)}`, () => expect(isNonTransactional(s)).toBe(true));
  for (const s of allowed) test(`allowed: ${JSON.stringify(s)}`, () => expect(isNonTransactional(s)).toBe(false));

  test("finds the statement in a script and names it", () => {
    const found = nonTransactionalStatement("UPDATE t SET a = 1;\n-- then\nCREATE INDEX CONCURRENTLY i ON t (a);\nSELECT 1;");
    expect(found).toEqual({ statement: "CREATE INDEX CONCURRENTLY i ON t (a)", what: "CREATE INDEX CONCURRENTLY" });
  });

  test("quotes, dollar quotes and comments split nothing", () => {
    expect(splitStatements("SELECT ';'; SELECT \"a;b\"; DO $f$ BEGIN; END $f$; /* ; /* nested ; */ */ SELECT 2")).toEqual([
      "SELECT ';'", 'SELECT "a;b"', "DO $f$ BEGIN; END $f$", "SELECT 2",
    ]);
  });
});

const why = await serverUnavailable();
if (why) console.warn(`skipping the transaction-block checks on the server: ${why}`);
(why ? describe.skip : describe)("isNonTransactional agrees with the server", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb("tx");
    await db.sql.unsafe("CREATE TABLE t (a int); CREATE TYPE mood AS ENUM ('ok'); CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x");
  });
  afterAll(async () => {
    await db?.drop();
  });

  async function inTransaction(statement: string): Promise<string | null> {
    const err = await db.sql.begin(async (tx) => {
      await tx.unsafe(statement);
      throw new Error("rollback");
    }).then(() => null, (e) => e as { errno?: string; code?: string; message: string });
    if (err?.message === "rollback") return null;
    return (err as { errno?: string }).errno ?? err?.message ?? null;
  }

  test("every statement it flags is refused in a transaction block (25001)", async () => {
    const results: Record<string, string | null> = {};
    for (const s of refused) results[s] = await inTransaction(s);
    expect(results).toEqual(Object.fromEntries(refused.map((s) => [s, "25001"])));
  });

  test("the statements it lets through run in a transaction block", async () => {
    const results: Record<string, string | null> = {};
    for (const s of allowed) results[s] = await inTransaction(s);
    expect(results).toEqual(Object.fromEntries(allowed.map((s) => [s, null])));
  });
});
