// The op object's ordering contract: schema ops queue, data calls flush first.
import { describe, expect, test } from "bun:test";
import { sqliteRunner as createOpRunner } from "../_support/op-runner";
import { introspect } from "../../src/dialect/sqlite/sqlite-introspect";
import { memory } from "../dialect/helpers";

describe("op runner", () => {
  test("schema ops queue until a data call, which applies them first", async () => {
    const conn = memory();
    const seen: string[] = [];
    const { op } = createOpRunner(conn, { onStatement: (s) => seen.push(s) });
    op.createTable("t", [{ name: "id", type: "INTEGER", primaryKey: true }, { name: "flag", type: "BOOLEAN" }]);
    expect(seen).toEqual([]);
    await op.bulkInsert("t", [{ id: 1, flag: true }, { id: 2, flag: false }]);
    op.addColumn("t", { name: "note", type: "TEXT", default: "n" });
    const rows = await op.query<{ id: number; flag: number; note: string }>("SELECT * FROM t WHERE flag = ? ORDER BY id", [true]);
    expect(rows).toEqual([{ id: 1, flag: 1, note: "n" }]);
    expect(seen.map((s) => s.split(" ").slice(0, 3).join(" "))).toEqual([
      `CREATE TABLE "t"`, `INSERT INTO "t"`, `ALTER TABLE "t"`,
    ]);
  });

  test("statements lists what ran and operations what was applied", async () => {
    const conn = memory("CREATE TABLE t (a INT)");
    const r = createOpRunner(conn);
    r.op.renameColumn("t", "a", "b");
    await r.op.execute("INSERT INTO t (b) VALUES (?)", [5]);
    expect(r.statements).toEqual([`ALTER TABLE "t" RENAME COLUMN "a" TO "b";`, "INSERT INTO t (b) VALUES (?)"]);
    expect(r.operations.map((o) => o.kind)).toEqual(["renameColumn", "execute"]);
    expect(conn.all("SELECT * FROM t")).toEqual([{ b: 5 }]);
  });

  test("dropped definitions are recorded on the operation for reversing", () => {
    const conn = memory("CREATE TABLE t (a INT NOT NULL DEFAULT 1, b TEXT); CREATE INDEX ix ON t (b)");
    const r = createOpRunner(conn);
    r.op.dropIndex("ix");
    r.op.dropColumn("t", "a");
    r.op.dropTable("t");
    expect(r.operations).toEqual([]); // nothing applied yet
    void r.flush();
    expect(r.operations).toMatchObject([
      { kind: "dropIndex", table: "t", index: { name: "ix", columns: [{ name: "b" }] } },
      { kind: "dropColumn", column: { name: "a", notNull: true, default: "1" } },
      { kind: "dropTable", table: { name: "t" } },
    ]);
    expect(introspect(conn).tables).toEqual([]);
  });

  test("virtual tables and their shadow tables are not introspected", () => {
    const conn = memory("CREATE VIRTUAL TABLE docs USING fts5(body); CREATE TABLE t (a INT)");
    expect(introspect(conn).tables.map((t) => t.name)).toEqual(["t"]);
  });
});
