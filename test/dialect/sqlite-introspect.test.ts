import { describe, expect, test } from "bun:test";
import { introspect } from "../../src/dialect/sqlite/sqlite-introspect";
import { renderSchema } from "../../src/dialect/sqlite/sqlite-ddl";
import { findTable } from "../../src/schema/types";
import { memory } from "./helpers";

/** create DDL → introspect → render → run on a fresh database → introspect again: equal */
function roundTrip(ddl: string) {
  const a = memory(ddl);
  const first = introspect(a);
  const b = memory();
  for (const stmt of renderSchema(first)) b.exec(stmt);
  const second = introspect(b);
  a.close();
  b.close();
  return { first, second };
}

const CASES: [string, string][] = [
  ["plain columns and a default", `CREATE TABLE t (a INTEGER, b TEXT NOT NULL DEFAULT 'x', c REAL DEFAULT -1.5)`],
  ["autoincrement primary key", `CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)`],
  ["composite named primary key", `CREATE TABLE t (a TEXT, b INT, CONSTRAINT "t_pk" PRIMARY KEY (b, a))`],
  ["expression default keeps its parentheses", `CREATE TABLE t (a TEXT DEFAULT (lower('ABC')), b TEXT DEFAULT CURRENT_TIMESTAMP)`],
  ["collation", `CREATE TABLE t (a TEXT COLLATE NOCASE NOT NULL)`],
  ["generated columns", `CREATE TABLE t (a INT, b INT GENERATED ALWAYS AS (a * 2) STORED, c INT AS (a + 1) VIRTUAL)`],
  ["named and unnamed checks", `CREATE TABLE t (a INT CHECK (a > 0), b INT, CONSTRAINT "b_small" CHECK (b < 10 AND b <> ')'))`],
  ["unique constraints", `CREATE TABLE t (a INT UNIQUE, b INT, c INT, CONSTRAINT "t_bc" UNIQUE (b, c))`],
  ["foreign keys with actions, names, deferrable",
    `CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT UNIQUE);
     CREATE TABLE c (a INT REFERENCES p (id) ON DELETE CASCADE, b TEXT, d INT REFERENCES p DEFERRABLE INITIALLY DEFERRED,
       CONSTRAINT "c_b_fkey" FOREIGN KEY (b) REFERENCES p (code) ON UPDATE SET NULL ON DELETE SET DEFAULT)`],
  ["strict and without rowid", `CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID, STRICT`],
  ["indexes: desc, collate, expression, partial, unique",
    `CREATE TABLE t (a TEXT, b INT, "odd ""name""" INT);
     CREATE INDEX "ix_a" ON t (a COLLATE NOCASE DESC, b);
     CREATE UNIQUE INDEX ix_expr ON t (lower(a), "odd ""name""") WHERE b > 0 AND a <> 'x'`],
  ["views and triggers kept as SQL",
    `CREATE TABLE t (a INT); CREATE VIEW v AS SELECT a FROM t WHERE a > 1;
     CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = a + 1 WHERE rowid = new.rowid; END`],
  ["quoted identifiers with spaces and comments",
    `CREATE TABLE "my table" ( -- a comment
       "first col" INTEGER /* inline ( comment */ NOT NULL, [second] TEXT, \`third\` TEXT)`],
];

describe("introspect round trip", () => {
  test.each(CASES)("%s", (_name, ddl) => {
    const { first, second } = roundTrip(ddl);
    expect(second).toEqual(first);
  });
});

describe("introspect reads", () => {
  test("declared types upper-cased as written", () => {
    const c = memory(`CREATE TABLE t (a varchar(10), b, c decimal(10, 2))`);
    expect(introspect(c).tables[0]!.columns.map((x) => x.type)).toEqual(["VARCHAR(10)", "", "DECIMAL(10, 2)"]);
  });

  test("defaults, NOT NULL, collation and generated columns", () => {
    const c = memory(CASES[3]![1] + ";" + CASES[5]![1].replace("TABLE t", "TABLE g") + ";" + CASES[4]![1].replace("TABLE t", "TABLE k"));
    const s = introspect(c);
    expect(findTable(s, "t")!.columns.map((x) => x.default)).toEqual(["(lower('ABC'))", "CURRENT_TIMESTAMP"]);
    expect(findTable(s, "g")!.columns.map((x) => x.generated ?? null)).toEqual([
      null, { expr: "a * 2", stored: true }, { expr: "a + 1", stored: false },
    ]);
    expect(findTable(s, "k")!.columns[0]).toEqual({ name: "a", type: "TEXT", notNull: true, default: null, collate: "NOCASE" });
  });

  test("primary key order and AUTOINCREMENT", () => {
    const c = memory(CASES[1]![1].replace("TABLE t", "TABLE a") + ";" + CASES[2]![1]);
    const s = introspect(c);
    expect(findTable(s, "a")!.primaryKey).toEqual({ name: null, columns: ["id"], autoincrement: true });
    expect(findTable(s, "t")!.primaryKey).toEqual({ name: "t_pk", columns: ["b", "a"], autoincrement: false });
  });

  test("checks with their names, uniques from autoindexes", () => {
    const c = memory(CASES[6]![1] + ";" + CASES[7]![1].replace("TABLE t", "TABLE u"));
    const s = introspect(c);
    expect(findTable(s, "t")!.checks).toEqual([{ name: null, expr: "a > 0" }, { name: "b_small", expr: "b < 10 AND b <> ')'" }]);
    expect(findTable(s, "u")!.uniques).toEqual([{ name: null, columns: ["a"] }, { name: "t_bc", columns: ["b", "c"] }]);
    expect(findTable(s, "u")!.indexes).toEqual([]);
  });

  test("foreign keys: declared order, names, actions, deferrable, implicit parent key", () => {
    const s = introspect(memory(CASES[8]![1]));
    expect(findTable(s, "c")!.foreignKeys).toEqual([
      { name: null, columns: ["a"], refTable: "p", refColumns: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION" },
      { name: null, columns: ["d"], refTable: "p", refColumns: ["id"], onDelete: "NO ACTION", onUpdate: "NO ACTION", deferrable: true },
      { name: "c_b_fkey", columns: ["b"], refTable: "p", refColumns: ["code"], onDelete: "SET DEFAULT", onUpdate: "SET NULL" },
    ]);
  });

  test("indexes: terms, DESC, COLLATE, expressions, partial WHERE", () => {
    const t = introspect(memory(CASES[10]![1])).tables[0]!;
    expect(t.indexes).toEqual([
      { name: "ix_a", unique: false, where: null, columns: [{ name: "a", desc: true, collate: "NOCASE" }, { name: "b" }] },
      { name: "ix_expr", unique: true, where: "b > 0 AND a <> 'x'", columns: [{ name: null, expr: "lower(a)" }, { name: 'odd "name"' }] },
    ]);
  });

  test("STRICT and WITHOUT ROWID", () => {
    const t = introspect(memory(CASES[9]![1])).tables[0]!;
    expect([t.strict, t.withoutRowid]).toEqual([true, true]);
  });

  test("views, triggers; sqlite_* and excluded tables left out", () => {
    const c = memory(CASES[11]![1] + "; CREATE TABLE migrator_version (version_num TEXT PRIMARY KEY); CREATE TABLE z (id INTEGER PRIMARY KEY AUTOINCREMENT); INSERT INTO z DEFAULT VALUES");
    const s = introspect(c, { exclude: ["MIGRATOR_VERSION"] });
    expect(s.tables.map((t) => t.name)).toEqual(["t", "z"]);
    expect(s.views).toEqual([{ name: "v", sql: "CREATE VIEW v AS SELECT a FROM t WHERE a > 1" }]);
    expect(s.triggers.map((t) => [t.name, t.table])).toEqual([["tr", "t"]]);
  });
});
