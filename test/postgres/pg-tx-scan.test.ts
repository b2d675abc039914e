// pg-tx-scan.ts and pg-format-type.ts: the pure helpers of the PostgreSQL I/O half (which
// statements open or close a transaction block; format_type → Prisma's spelling; unwrap).

import { describe, expect, test } from "bun:test";
import { inTransactionAfter, lineColumn, scanStatements } from "../../src/dialect/postgres/pg-tx-scan";
import { prismaTypeName, serialType } from "../../src/dialect/postgres/pg-format-type";
import { unwrap } from "../../src/dialect/postgres/pg-introspect";

describe("inTransactionAfter", () => {
  const cases: Array<[string, boolean, boolean]> = [
    ["BEGIN", false, true],
    ["begin transaction isolation level serializable", false, true],
    ["START TRANSACTION", false, true],
    ["COMMIT", true, false],
    ["end", true, false],
    ["ROLLBACK", true, false],
    ["abort", true, false],
    ["ROLLBACK TO SAVEPOINT a", true, true],
    ["COMMIT PREPARED 'x'", false, false],
    ["PREPARE TRANSACTION 'x'", true, false],
    ["BEGIN; CREATE TABLE t (x int); COMMIT;", false, false],
    ["CREATE TABLE t (x int); BEGIN; INSERT INTO t VALUES (1)", false, true],
    ["-- BEGIN\nSELECT 1", false, false],
    ["/* BEGIN /* nested */ still comment */ SELECT 1", false, false],
    ["SELECT 'BEGIN; x'; SELECT \"COMMIT\" FROM t", true, true],
    ["SELECT E'it\\'s; COMMIT'", true, true],
    ["DO $$ BEGIN PERFORM 1; END $$; ", false, false],
    ["DO $body$ BEGIN COMMIT; END $body$", true, true],
    ["CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END; BEGIN", false, true],
    ["CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END", true, true],
  ];
  for (const [sql, open, want] of cases) {
    test(`${JSON.stringify(sql)} from ${open ? "inside" : "outside"} a block → ${want ? "inside" : "outside"}`, () => {
      expect(inTransactionAfter(sql, open)).toBe(want);
    });
  }

  test("scanStatements finds the statements' bounds and ignores comment-only text", () => {
    const sql = "BEGIN;\n  SELECT ';';\n-- trailing comment";
    expect(scanStatements(sql).map((s) => [sql.slice(s.start, s.end), s.effect])).toEqual([
      ["BEGIN;", "begin"],
      ["SELECT ';';", null],
    ]);
    expect(scanStatements("  -- nothing\n /* here */ ")).toEqual([]);
  });

  test("lineColumn turns the server's 1-based character position into line:column", () => {
    const sql = "SELECT 1;\nSELECT frm x";
    expect(lineColumn(sql, 1)).toEqual({ line: 1, column: 1 });
    expect(lineColumn(sql, 11)).toEqual({ line: 2, column: 1 });
    expect(lineColumn(sql, 18)).toEqual({ line: 2, column: 8 });
  });
});

describe("prismaTypeName", () => {
  test.each([
    ["integer", "INTEGER"], ["bigint", "BIGINT"], ["smallint", "SMALLINT"], ["text", "TEXT"], ["boolean", "BOOLEAN"],
    ["character varying(255)", "VARCHAR(255)"], ["character varying", "VARCHAR"], ["character(10)", "CHAR(10)"],
    ["numeric(65,30)", "DECIMAL(65,30)"], ["numeric(10,2)", "DECIMAL(10,2)"], ["numeric", "DECIMAL"],
    ["double precision", "DOUBLE PRECISION"], ["real", "REAL"], ["jsonb", "JSONB"], ["bytea", "BYTEA"], ["uuid", "UUID"],
    ["timestamp(3) without time zone", "TIMESTAMP(3)"], ["timestamp without time zone", "TIMESTAMP"],
    ["timestamp(6) with time zone", "TIMESTAMPTZ(6)"], ["time(6) without time zone", "TIME(6)"], ["time with time zone", "TIMETZ"],
    ["bit varying(8)", "VARBIT(8)"], ["bit(1)", "BIT(1)"], ["text[]", "TEXT[]"], ["character varying(20)[]", "VARCHAR(20)[]"],
    ["timestamp(3) without time zone[]", "TIMESTAMP(3)[]"], ["inet", "INET"], ["money", "MONEY"],
  ])("%p → %p", (formatted, want) => {
    expect(prismaTypeName(formatted)).toBe(want);
  });

  test("serialType names the serial family of the three integer types only", () => {
    expect([serialType("INTEGER"), serialType("BIGINT"), serialType("SMALLINT"), serialType("TEXT")]).toEqual(["SERIAL", "BIGSERIAL", "SMALLSERIAL", null]);
  });
});

describe("unwrap", () => {
  test.each([
    ["(a > 0)", "a > 0"],
    ["((a > 0) AND (b > 0))", "(a > 0) AND (b > 0)"],
    ["(a > 0) AND (b > 0)", "(a > 0) AND (b > 0)"],
    ["(name = ')(')", "name = ')('"],
    ["lower(x)", "lower(x)"],
  ])("%p → %p", (expr, want) => {
    expect(unwrap(expr)).toBe(want);
  });
});
