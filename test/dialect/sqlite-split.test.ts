import { describe, expect, test } from "bun:test";
import { splitSql } from "../../src/dialect/sqlite/sqlite-split";

describe("splitSql", () => {
  test.each([
    ["one statement without a semicolon", "SELECT 1", [[1, "SELECT 1"]]],
    ["semicolons inside strings, quoted names and comments", `INSERT INTO "a;b" VALUES ('x;y'); -- c;\n/* d; */ SELECT 2;`, [[1, `INSERT INTO "a;b" VALUES ('x;y');`], [2, "SELECT 2;"]]],
    [
      "a trigger body keeps its inner statements, CASE ... END included",
      "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE a SET x = CASE WHEN 1 THEN 2 END;\n  DELETE FROM b;\nEND;\nSELECT 3;",
      [[1, "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE a SET x = CASE WHEN 1 THEN 2 END;\n  DELETE FROM b;\nEND;"], [5, "SELECT 3;"]],
    ],
    ["lines count from the first token, not from leading comments", "-- header\n\nCREATE TABLE t (x);\n\n  DROP TABLE t;", [[3, "CREATE TABLE t (x);"], [5, "DROP TABLE t;"]]],
    ["only comments and blanks: nothing", "-- nothing\n/* here */\n", []],
    ["an unterminated string is left for SQLite to report, as one statement", "\nSELECT 'oops", [[2, "SELECT 'oops"]]],
  ] as [string, string, [number, string][]][])("%s", (_name, script, expected) => {
    expect(splitSql(script).map((s) => [s.line, s.sql])).toEqual(expected);
  });
});
