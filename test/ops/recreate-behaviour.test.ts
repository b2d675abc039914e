// Table re-creation details: coalescing, progress, what survives, and clear errors.
import { describe, expect, test } from "bun:test";
import { sqliteRunner as createOpRunner } from "../_support/op-runner";
import { introspect } from "../../src/dialect/sqlite/sqlite-introspect";
import { findTable } from "../../src/schema/types";
import { MigratorError, UsageError } from "../../src/errors";
import { dump, memory } from "../dialect/helpers";

const countCreates = (statements: string[]) => statements.filter((s) => /^CREATE TABLE/.test(s)).length;

describe("coalescing", () => {
  test("three ops on one table make one re-creation", async () => {
    const conn = memory(`CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT); INSERT INTO t VALUES (1, 'x', 'y')`);
    const seen: string[] = [];
    // pinned to the re-creation path of SQLite < 3.53, where the NOT NULL change re-creates too
    const r = createOpRunner(conn, { onStatement: (s) => seen.push(s), nativeAlterConstraints: false });
    r.op.alterColumn("t", "a", { nullable: false });
    r.op.createCheckConstraint("b_short", "t", "length(b) < 5");
    r.op.addColumn("t", { name: "c", type: "INTEGER", nullable: false, default: 7 });
    await r.flush();
    expect(countCreates(seen)).toBe(1);
    expect(conn.all("SELECT * FROM t")).toEqual([{ id: 1, a: "x", b: "y", c: 7 }]);
    const t = introspect(conn).tables[0]!;
    expect(t.columns.map((c) => [c.name, c.notNull])).toEqual([["id", false], ["a", true], ["b", false], ["c", true]]);
    expect(t.checks).toEqual([{ name: "b_short", expr: "length(b) < 5" }]);
  });

  test("a native op before the re-creation joins it; ops on other tables stay native", async () => {
    const conn = memory(`CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); CREATE TABLE u (x INT)`);
    const r = createOpRunner(conn);
    r.op.addColumn("t", { name: "b", type: "TEXT" });
    r.op.addColumn("u", { name: "y", type: "INT" });
    r.op.alterColumn("t", "a", { type: "VARCHAR(20)" });
    await r.flush();
    expect(countCreates(r.statements)).toBe(1);
    expect(r.statements).toContain(`ALTER TABLE "u" ADD COLUMN "y" INT;`);
    expect(r.statements.some((s) => s.includes(`ADD COLUMN "b"`))).toBe(false);
    expect(findTable(introspect(conn), "t")!.columns.map((c) => `${c.name} ${c.type}`)).toEqual(["id INTEGER", "a VARCHAR(20)", "b TEXT"]);
  });

  test("a rename between changes stays native, so views follow it", async () => {
    const conn = memory(`CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); CREATE VIEW v AS SELECT a FROM t; INSERT INTO t VALUES (1, 'x')`);
    const r = createOpRunner(conn);
    r.op.alterColumn("t", "a", { newName: "title", nullable: false });
    await r.flush();
    expect(r.statements[0]).toBe(`ALTER TABLE "t" RENAME COLUMN "a" TO "title";`);
    expect(conn.all("SELECT * FROM v")).toEqual([{ title: "x" }]);
    expect(findTable(introspect(conn), "t")!.columns[1]!.notNull).toBe(true);
  });
});

describe("progress", () => {
  test("copying reports progress in rowid chunks up to the total", async () => {
    const conn = memory(`CREATE TABLE big (v INTEGER)`);
    conn.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) INSERT INTO big SELECT i FROM n`);
    conn.exec(`DELETE FROM big WHERE v % 10 = 0`); // gaps in the rowids
    const rowidsBefore = conn.all("SELECT rowid AS r, v FROM big ORDER BY rowid");
    const seen: { table: string; copied: number; total: number }[] = [];
    // a re-creation is what reports progress: keep NOT NULL on that path (SQLite >= 3.53 would ALTER it)
    const r = createOpRunner(conn, { onProgress: (p) => seen.push(p), copyChunkRows: 500, nativeAlterConstraints: false });
    r.op.alterColumn("big", "v", { nullable: false });
    await r.flush();
    expect(seen.map((p) => p.copied)).toEqual([500, 1000, 1500, 2000, 2250]);
    expect(seen.every((p) => p.table === "big" && p.total === 2250)).toBe(true);
    expect(r.statements.filter((s) => s.startsWith("INSERT INTO")).length).toBe(5);
    expect(conn.all("SELECT rowid AS r, v FROM big ORDER BY rowid")).toEqual(rowidsBefore); // rowids kept
  });

  test("an empty table reports 0 of 0 once", async () => {
    const conn = memory(`CREATE TABLE e (v INTEGER)`);
    const seen: number[] = [];
    const r = createOpRunner(conn, { onProgress: (p) => seen.push(p.copied, p.total) });
    r.op.alterColumn("e", "v", { type: "TEXT" });
    await r.flush();
    expect(seen).toEqual([0, 0]);
  });
});

describe("what a re-creation keeps", () => {
  test("STRICT, WITHOUT ROWID, expression and partial indexes, DESC, collations, named and unnamed CHECKs", async () => {
    const conn = memory(`
      CREATE TABLE kv (k TEXT NOT NULL PRIMARY KEY COLLATE NOCASE, v INTEGER, w TEXT, CHECK (v >= 0), CONSTRAINT w_len CHECK (length(w) < 10)) WITHOUT ROWID, STRICT;
      CREATE INDEX ix_kv_expr ON kv (lower(w) DESC) WHERE v > 1;
      INSERT INTO kv VALUES ('a', 1, 'x'), ('B', 2, 'y');`);
    const before = introspect(conn);
    const r = createOpRunner(conn);
    r.op.alterColumn("kv", "w", { default: "z" });
    await r.flush();
    expect(countCreates(r.statements)).toBe(1);
    const after = introspect(conn);
    const t = findTable(after, "kv")!;
    expect(t.columns[2]!.default).toBe("'z'");
    expect({ ...t, columns: t.columns.map((c) => ({ ...c, default: null })) }).toEqual(
      { ...findTable(before, "kv")!, columns: findTable(before, "kv")!.columns.map((c) => ({ ...c, default: null })) });
    expect(conn.all("SELECT k FROM kv ORDER BY k")).toEqual([{ k: "a" }, { k: "B" }]);
  });

  test("AUTOINCREMENT keeps its high-water mark", async () => {
    const conn = memory(`CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT); INSERT INTO a (v) VALUES ('1'), ('2'), ('3'); DELETE FROM a WHERE id = 3`);
    const r = createOpRunner(conn);
    r.op.alterColumn("a", "v", { nullable: false });
    await r.flush();
    conn.exec("INSERT INTO a (v) VALUES ('4')");
    expect(conn.all("SELECT id FROM a ORDER BY id")).toEqual([{ id: 1 }, { id: 2 }, { id: 4 }]);
  });

  test("views on the table are dropped and re-created; a view on another table is left alone", async () => {
    const conn = memory(`CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); CREATE TABLE o (x INT);
      CREATE VIEW vt AS SELECT id, a FROM t; CREATE VIEW vo AS SELECT x FROM o; INSERT INTO t VALUES (1, 'q')`);
    const r = createOpRunner(conn);
    r.op.alterColumn("t", "a", { type: "TEXT", nullable: false });
    await r.flush();
    expect(r.statements).toContain(`DROP VIEW "vt";`);
    expect(r.statements.some((s) => s.includes(`"vo"`))).toBe(false);
    expect(conn.all("SELECT * FROM vt")).toEqual([{ id: 1, a: "q" }]);
  });

  test("dropColumn in a re-creation drops the indexes and constraints on that column", async () => {
    const conn = memory(`CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT UNIQUE, b TEXT CHECK (b <> ''), c TEXT);
      CREATE INDEX ix_ab ON t (a, c); CREATE INDEX ix_c ON t (c)`);
    const r = createOpRunner(conn);
    r.op.dropColumn("t", "a");
    await r.flush();
    const t = introspect(conn).tables[0]!;
    expect(t.columns.map((c) => c.name)).toEqual(["id", "b", "c"]);
    expect(t.indexes.map((i) => i.name)).toEqual(["ix_c"]);
    expect(t.uniques).toEqual([]);
    expect(t.checks).toEqual([{ name: null, expr: "b <> ''" }]);
  });
});

describe("clear errors", () => {
  const BASE = `CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT); CREATE TABLE u (id INTEGER PRIMARY KEY);
    CREATE VIEW vb AS SELECT b FROM t; CREATE INDEX ix_a ON t (a)`;
  test.each([
    ["renaming a table to an existing name", (op: import("../../src/ops/types").Op) => op.renameTable("t", "u"), /renameTable: a table, view, index or trigger named "u" already exists/],
    ["dropping a missing column", (op: import("../../src/ops/types").Op) => op.dropColumn("t", "zz"), /dropColumn: column "zz" does not exist in table "t"/],
    ["altering a missing table", (op: import("../../src/ops/types").Op) => op.alterColumn("nope", "a", { nullable: false }), /alterColumn: table "nope" does not exist/],
    ["renaming a column onto another", (op: import("../../src/ops/types").Op) => op.renameColumn("t", "a", "B"), /renameColumn: column "t"."B" already exists/],
    ["adding an existing column", (op: import("../../src/ops/types").Op) => op.addColumn("t", { name: "A", type: "TEXT" }), /addColumn: column "t"."A" already exists/],
    ["dropping a primary-key column", (op: import("../../src/ops/types").Op) => op.dropColumn("t", "id"), /part of the primary key/],
    ["dropping a missing index", (op: import("../../src/ops/types").Op) => op.dropIndex("ix_zz"), /index "ix_zz" does not exist/],
    ["a duplicate index name", (op: import("../../src/ops/types").Op) => op.createIndex("ix_a", "t", ["b"]), /named "ix_a" already exists/],
    ["an index on a missing column", (op: import("../../src/ops/types").Op) => op.createIndex("ix_q", "t", ["q"]), /column "q" does not exist/],
    ["dropping a missing constraint", (op: import("../../src/ops/types").Op) => op.dropConstraint("c1", "t"), /table "t" has no constraint named "c1"/],
    ["dropping an index with dropConstraint", (op: import("../../src/ops/types").Op) => op.dropConstraint("ix_a", "t"), /is an index: use dropIndex/],
    ["a primary-key column added to an existing table", (op: import("../../src/ops/types").Op) => op.addColumn("t", { name: "k", type: "INTEGER", primaryKey: true }), /cannot add a primary-key column/],
  ])("%s is a UsageError at the call, before anything runs", (_n, build, message) => {
    const conn = memory(BASE);
    const snapshot = dump(conn);
    const r = createOpRunner(conn);
    let err: unknown;
    try { build(r.op); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(UsageError);
    expect(`${(err as UsageError).message} (${(err as UsageError).hint ?? ""})`).toMatch(message);
    expect(dump(conn)).toEqual(snapshot);
  });

  test("creating a table that exists fails at the flush with SQLite's message, nothing changed", async () => {
    // the op runner doesn't ask the database whether a new table exists (a query per created
    // table); the CREATE TABLE itself refuses it
    const conn = memory(BASE);
    const snapshot = dump(conn);
    const r = createOpRunner(conn);
    conn.exec("SAVEPOINT s");
    r.op.createTable("t", [{ name: "id", type: "INTEGER", primaryKey: true }]);
    const err = await r.flush().catch((e) => e);
    conn.exec("ROLLBACK TO s");
    expect(err).toBeInstanceOf(MigratorError);
    expect(err.message).toMatch(/table "?t"? already exists/);
    expect(dump(conn)).toEqual(snapshot);
  });

  test("createTable with ifNotExists on an existing table keeps it, and later ops see its real definition", async () => {
    const conn = memory(BASE + "; INSERT INTO t VALUES (1, 'x', 'y')");
    const r = createOpRunner(conn);
    r.op.createTable("t", [{ name: "id", type: "INTEGER", primaryKey: true }, { name: "other", type: "TEXT" }], { ifNotExists: true });
    r.op.addColumn("t", { name: "c", type: "TEXT" });
    await r.flush();
    expect(findTable(introspect(conn), "t")!.columns.map((c) => c.name)).toEqual(["id", "a", "b", "c"]);
    expect(conn.all("SELECT id, a, b FROM t")).toEqual([{ id: 1, a: "x", b: "y" }]);
  });

  test("dropping a column a view uses is refused with the view's name, nothing changed", async () => {
    const conn = memory(BASE);
    const snapshot = dump(conn);
    const r = createOpRunner(conn);
    r.op.dropColumn("t", "b");
    const err = await r.flush().catch((e) => e);
    expect(err).toBeInstanceOf(MigratorError);
    expect(err.message).toBe(`cannot drop "t"."b": view "vb" uses it`);
    expect(dump(conn)).toEqual(snapshot);
  });
});

describe("self-referencing foreign keys and odd names", () => {
  const SQL = `CREATE TABLE "my ""odd"" table" (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES "my ""odd"" table" (id) ON DELETE CASCADE, "v a l" TEXT);
    INSERT INTO "my ""odd"" table" VALUES (1, NULL, 'a'), (2, 1, 'b'), (3, 2, NULL);
    CREATE TABLE other (x INT);
    CREATE TRIGGER other_tr AFTER INSERT ON other BEGIN INSERT INTO "my ""odd"" table" ("v a l") VALUES ('t'); END;
    CREATE VIEW joined AS SELECT o.x, m."v a l" FROM other AS o, "my ""odd"" table" AS m;`;

  test("with enforcement on, a self-referencing cascade is refused (the drop would cascade into the copied rows)", async () => {
    const conn = memory(SQL + "PRAGMA foreign_keys = ON;");
    const snapshot = dump(conn);
    const r = createOpRunner(conn);
    r.op.alterColumn(`my "odd" table`, "v a l", { default: "z" });
    const err = await r.flush().catch((e) => e);
    expect(err.code).toBe("fk_enforced");
    expect(dump(conn)).toEqual(snapshot);
  });

  test("with enforcement off, every row, the other table's trigger and the view survive", async () => {
    const conn = memory(SQL);
    const rows = conn.all(`SELECT * FROM "my ""odd"" table"`);
    const r = createOpRunner(conn);
    r.op.alterColumn(`my "odd" table`, "v a l", { default: "z" });
    r.op.createIndex("ix odd", `my "odd" table`, [`"v a l" DESC`]);
    await r.flush();
    expect(conn.all(`SELECT * FROM "my ""odd"" table"`)).toEqual(rows);
    conn.exec("INSERT INTO other VALUES (1)");
    expect(conn.all(`SELECT count(*) AS n FROM joined`)).toEqual([{ n: 4 }]);
    expect(conn.all("PRAGMA foreign_key_check")).toEqual([]);
    expect(introspect(conn).tables.find((t) => t.name === `my "odd" table`)!.indexes).toEqual([
      { name: "ix odd", unique: false, where: null, columns: [{ name: "v a l", desc: true }] },
    ]);
  });
});
