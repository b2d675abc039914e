import { describe, expect, test } from "bun:test";
import { columnFromSpec, columnToSpec, defaultFromSql, defaultToSql, indexColumnFromTerm, opCreateTable } from "../../src/ops/op-builders";
import type { DefaultValue } from "../../src/ops/types";
import { UsageError } from "../../src/errors";

describe("defaults", () => {
  test.each([
    ["text", "it's", "'it''s'"],
    ["integer", 42, "42"],
    ["negative real", -1.5, "-1.5"],
    ["bigint", 9007199254740993n, "9007199254740993"],
    ["boolean", true, "true"],
    ["SQL verbatim", { sql: "CURRENT_TIMESTAMP" }, "CURRENT_TIMESTAMP"],
    ["SQL expression", { sql: "(lower('A'))" }, "(lower('A'))"],
    ["null is no default", null, null],
  ] as [string, DefaultValue, string | null][])("%s → SQL and back", (_n, value, sql) => {
    expect(defaultToSql(value)).toBe(sql);
    if (sql !== null) expect(defaultFromSql(sql)).toEqual(value);
  });

  test("a non-finite number is a UsageError", () => {
    expect(() => defaultToSql(Number.NaN)).toThrow(UsageError);
  });
});

describe("column specs", () => {
  test("nullable by default, types upper-cased, collate kept", () => {
    expect(columnFromSpec({ name: "a", type: "varchar(5)", collate: "NOCASE" })).toEqual(
      { name: "a", type: "VARCHAR(5)", notNull: false, default: null, collate: "NOCASE" });
  });

  test("columnToSpec inverts columnFromSpec with the table's key", () => {
    const op = opCreateTable("t", [{ name: "id", type: "INTEGER", primaryKey: true, autoincrement: true }, { name: "n", type: "TEXT", nullable: false, default: 3 }]);
    if (op.kind !== "createTable") throw new Error("expected createTable");
    expect(op.table.columns.map((c) => columnToSpec(c, op.table))).toEqual([
      { name: "id", type: "INTEGER", primaryKey: true, autoincrement: true },
      { name: "n", type: "TEXT", nullable: false, default: 3 },
    ]);
  });

  test("autoincrement on a composite key is refused", () => {
    expect(() => opCreateTable("t", [{ name: "a", type: "INTEGER", primaryKey: true, autoincrement: true }, { name: "b", type: "INTEGER", primaryKey: true }]))
      .toThrow(/autoincrement needs a single-column INTEGER primary key/);
  });
});

describe("index terms", () => {
  test.each([
    ["email", { name: "email" }],
    ["email DESC", { name: "email", desc: true }],
    [`"Full Name" COLLATE NOCASE ASC`, { name: "Full Name", collate: "NOCASE" }],
    ["lower(email)", { name: null, expr: "lower(email)" }],
    ["a + b DESC", { name: null, expr: "a + b", desc: true }],
  ] as const)("%p", (term, expected) => {
    expect(indexColumnFromTerm(term)).toEqual({ ...expected });
  });
});
