// SQLite affinity and equivalence rules; the default-value rules are checked against what a
// real SQLite database stores for each pair of DEFAULT clauses.
import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import {
  affinityOf,
  defaultsEquivalent,
  isNarrowing,
  normalizeExpr,
  normalizeType,
  typesEquivalent,
} from "../../src/dialect/sqlite/sqlite-affinity";

describe("affinityOf follows datatype3.html §3.1, rules in order", () => {
  const cases: [string, string][] = [
    ["INTEGER", "INTEGER"],
    ["int", "INTEGER"],
    ["TINYINT", "INTEGER"],
    ["UNSIGNED BIG INT", "INTEGER"],
    ["FLOATING POINT", "INTEGER"], // "POINT" contains INT: rule 1 wins
    ["VARCHAR(255)", "TEXT"],
    ["NCHAR(55)", "TEXT"],
    ["CLOB", "TEXT"],
    ["TEXT", "TEXT"],
    ["BLOB", "BLOB"],
    ["", "BLOB"],
    ["REAL", "REAL"],
    ["DOUBLE PRECISION", "REAL"],
    ["FLOAT", "REAL"],
    ["NUMERIC", "NUMERIC"],
    ["DECIMAL(10,5)", "NUMERIC"],
    ["BOOLEAN", "NUMERIC"],
    ["DATETIME", "NUMERIC"],
    ["STRING", "NUMERIC"],
  ];
  for (const [type, aff] of cases) {
    test(`${JSON.stringify(type)} has ${aff} affinity`, () => expect(affinityOf(type)).toBe(aff as never));
  }
});

describe("typesEquivalent", () => {
  const same: [string, string][] = [
    ["int", "INTEGER"],
    ["VARCHAR(10)", "varchar(10)"],
    ["VARCHAR ( 10 )", "VARCHAR(10)"],
    ["DECIMAL(10, 2)", "decimal(10,2)"],
    ["double  precision", "DOUBLE"],
    ["bool", "BOOLEAN"],
    ["", ""],
  ];
  const different: [string, string][] = [
    ["DATETIME", "TEXT"], // same NUMERIC/TEXT? no: a real change of declared type
    ["REAL", "DOUBLE"], // same affinity, different declared type
    ["VARCHAR(10)", "VARCHAR(20)"],
    ["TEXT", ""],
    ["BIGINT", "INTEGER"],
  ];
  for (const [a, b] of same) test(`${JSON.stringify(a)} and ${JSON.stringify(b)} are the same type`, () => {
    expect(typesEquivalent(a, b)).toBe(true);
  });
  for (const [a, b] of different) test(`${JSON.stringify(a)} and ${JSON.stringify(b)} differ`, () => {
    expect(typesEquivalent(a, b)).toBe(false);
  });
  test("INT and INTEGER differ for a single-column primary key (only INTEGER aliases the rowid)", () => {
    expect(typesEquivalent("INT", "INTEGER", { rowidAlias: true })).toBe(false);
    expect(typesEquivalent("integer", "INTEGER", { rowidAlias: true })).toBe(true);
  });
  test("normalizeType canonicalises spacing and aliases", () => {
    expect(normalizeType(" character   varying ( 20 ) ")).toBe("VARCHAR(20)");
  });
});

// [default a, default b, column type, equivalent?]
const defaultCases: [string | null, string | null, string, boolean][] = [
  ["0", "(0)", "INTEGER", true],
  ["((0))", "0", "INTEGER", true],
  ["0", "false", "BOOLEAN", true],
  ["1", "true", "BOOLEAN", true],
  ["TRUE", "1", "INTEGER", true],
  ["0", "true", "BOOLEAN", false],
  ["'a'", '"a"', "TEXT", true],
  ["'a'", "'A'", "TEXT", false],
  ["'it''s'", '"it\'s"', "TEXT", true],
  ["current_timestamp", "CURRENT_TIMESTAMP", "DATETIME", true],
  ["CURRENT_TIMESTAMP", "CURRENT_DATE", "DATETIME", false],
  ["0.0", "0", "REAL", true],
  ["1.0", "1", "NUMERIC", true],
  ["1.0", "1", "INTEGER", true],
  ["0.0", "0", "TEXT", false],
  ["0.0", "0", "", false],
  ["1.5", "1.50", "REAL", true],
  ["'5'", "5", "INTEGER", true],
  ["'5'", "5", "TEXT", true], // TEXT affinity stores the number 5 as the text '5'
  ["'5.0'", "5", "TEXT", false],
  ["1e2", "100.0", "TEXT", true],
  ["0.50", "'0.5'", "TEXT", true],
  ["-1", "(-1)", "INTEGER", true],
  ["-1", "1", "INTEGER", false],
  ["0x10", "16", "INTEGER", true],
  ["NULL", null, "TEXT", true],
  ["(NULL)", null, "INTEGER", true],
  ["''", null, "TEXT", false],
  ["(lower('X'))", "(LOWER( 'X' ))", "TEXT", true],
  ["(upper('x'))", "(lower('x'))", "TEXT", false], // expressions compare as text
];

describe("defaultsEquivalent", () => {
  for (const [a, b, type, eq] of defaultCases) {
    test(`${a} ${eq ? "=" : "≠"} ${b} in a ${type || "typeless"} column`, () => {
      expect(defaultsEquivalent(a, b, type)).toBe(eq);
      expect(defaultsEquivalent(b, a, type)).toBe(eq);
    });
  }

  test("every case agrees with the values a real SQLite database stores", () => {
    const db = new Database(":memory:");
    for (const [a, b, type, eq] of defaultCases) {
      const clause = (d: string | null) => (d === null ? "" : ` DEFAULT ${d}`);
      db.run(`CREATE TABLE t (a ${type}${clause(a)}, b ${type}${clause(b)}, z INTEGER)`);
      db.run("INSERT INTO t (z) VALUES (1)");
      const row = db.query("SELECT a, typeof(a) AS ta, b, typeof(b) AS tb FROM t").get() as Record<string, unknown>;
      const stored = row.ta === row.tb && row.a === row.b;
      expect({ a, b, type, stored }).toEqual({ a, b, type, stored: eq });
      db.run("DROP TABLE t");
    }
    db.close();
  });
});

// [old type, default a, new type, default b, unchanged?]: with the old type given and different,
// the column is re-declared, so only the same literal (spelling aside) is no change
const typeChangeCases: [string, string | null, string, string | null, boolean][] = [
  ["INTEGER", "7", "TEXT", "'7'", false], // TEXT stores both as '7', yet the model says '7'
  ["TEXT", "'0'", "INTEGER", "0", false], // INTEGER stores both as 0, yet the model says 0
  ["INTEGER", "1", "BOOLEAN", "true", false],
  ["INTEGER", "7", "BIGINT", "7", true],
  ["INTEGER", "(7)", "BIGINT", "7", true],
  ["INTEGER", "-7", "TEXT", "(-7)", true],
  ["REAL", "1.5", "DECIMAL", "1.5", true],
  ["REAL", "1.5", "DECIMAL", "1.50", false],
  ["TEXT", '"x"', "VARCHAR(10)", "'x'", true],
  ["DATETIME", "current_timestamp", "TEXT", "CURRENT_TIMESTAMP", true],
  ["INTEGER", "NULL", "TEXT", null, true],
  ["INTEGER", "7", "TEXT", null, false],
  ["int", "'7'", "INTEGER", "7", true], // same type spelled twice: compared by stored value
];

describe("defaultsEquivalent across a type change (fromType)", () => {
  for (const [fromType, a, toType, b, eq] of typeChangeCases) {
    test(`${fromType} DEFAULT ${a} → ${toType} DEFAULT ${b} is ${eq ? "no change" : "a change"}`, () => {
      expect(defaultsEquivalent(a, b, toType, { fromType })).toBe(eq);
    });
  }

  test("without fromType the comparison stays by stored value", () => {
    expect(defaultsEquivalent("7", "'7'", "TEXT")).toBe(true);
    expect(defaultsEquivalent("'0'", "0", "INTEGER")).toBe(true);
  });
});

describe("isNarrowing", () => {
  const cases: [string, string, boolean][] = [
    ["TEXT", "INTEGER", true],
    ["REAL", "INTEGER", true],
    ["NUMERIC", "INTEGER", true],
    ["DECIMAL(10,2)", "INTEGER", true],
    ["BLOB", "TEXT", true],
    ["TEXT", "REAL", true],
    ["VARCHAR(50)", "VARCHAR(10)", true],
    ["TEXT", "VARCHAR(10)", true],
    ["DECIMAL(10,2)", "DECIMAL(8,2)", true],
    ["INTEGER", "BIGINT", false],
    ["INTEGER", "REAL", false],
    ["INTEGER", "TEXT", false],
    ["REAL", "TEXT", false],
    ["VARCHAR(10)", "VARCHAR(50)", false],
    ["VARCHAR(10)", "TEXT", false],
    ["DATETIME", "TEXT", false],
    ["TEXT", "BLOB", false],
    ["int", "INTEGER", false],
  ];
  for (const [a, b, narrowing] of cases) {
    test(`${a} → ${b} ${narrowing ? "narrows" : "does not narrow"}`, () => expect(isNarrowing(a, b)).toBe(narrowing));
  }
});

describe("normalizeExpr", () => {
  test("ignores case, spacing, identifier quotes and outer parentheses but not string contents", () => {
    expect(normalizeExpr(`("status" in ('A','B'))`)).toBe(normalizeExpr(`STATUS IN ( 'A', 'B' )`));
    expect(normalizeExpr(`status IN ('a')`)).not.toBe(normalizeExpr(`status IN ('A')`));
    expect(normalizeExpr(`(a) + (b)`)).toBe("( A ) + ( B )");
  });
});
