// NOT NULL changes: one `ALTER TABLE ... ALTER COLUMN ... SET/DROP NOT NULL` where the SQLite
// library has it (3.53+), a table re-creation otherwise; the same rows, objects and data check.

import { describe, expect, test } from "bun:test";
import { Connection, sqliteVersion } from "../../src/dialect/sqlite/sqlite-connection";
import { supportsAlterConstraints } from "../../src/dialect/sqlite/sqlite-alter-rules";
import { introspect } from "../../src/dialect/sqlite/sqlite-introspect";
import { sqliteRunner as createOpRunner } from "../_support/op-runner";

function db() {
  const conn = Connection.open(":memory:");
  conn.exec(`CREATE TABLE "p" ("id" INTEGER PRIMARY KEY, "v" TEXT, "w" INTEGER DEFAULT 3);
    CREATE INDEX "p_v_idx" ON "p" ("v" DESC);
    CREATE VIEW "pv" AS SELECT "v" FROM "p";
    INSERT INTO "p" ("id", "v") VALUES (1, 'a'), (2, 'b');`);
  return conn;
}

const native = supportsAlterConstraints(sqliteVersion());

describe("NOT NULL changes", () => {
  test("the version rule: 3.53 and later", () => {
    expect(supportsAlterConstraints("3.53.0")).toBe(true);
    expect(supportsAlterConstraints("3.52.9")).toBe(false);
    expect(supportsAlterConstraints("3.45.1")).toBe(false);
    expect(supportsAlterConstraints("4.0.0")).toBe(true);
  });

  test.skipIf(!native)("SET NOT NULL is one ALTER, no table copy, on this SQLite", async () => {
    const conn = db();
    const r = createOpRunner(conn);
    r.op.alterColumn("p", "v", { nullable: false });
    await r.flush();
    expect(r.statements).toEqual([`ALTER TABLE "p" ALTER COLUMN "v" SET NOT NULL;`]);
    const t = introspect(conn).tables[0]!;
    expect(t.columns.find((c) => c.name === "v")!.notNull).toBe(true);
    r.op.alterColumn("p", "v", { nullable: true });
    await r.flush();
    expect(r.statements.at(-1)).toBe(`ALTER TABLE "p" ALTER COLUMN "v" DROP NOT NULL;`);
  });

  for (const nativeAlterConstraints of [true, false]) {
    test.skipIf(nativeAlterConstraints && !native)(`${nativeAlterConstraints ? "native" : "re-creation"}: rows, index and view kept; NULL rows refused with a count, database unchanged`, async () => {
      const conn = db();
      const before = JSON.stringify(introspect(conn));
      const r = createOpRunner(conn, { nativeAlterConstraints });
      r.op.alterColumn("p", "w", { nullable: false });
      await r.flush();
      expect(r.statements.some((s) => s.startsWith("CREATE TABLE"))).toBe(!nativeAlterConstraints);
      expect(conn.all(`SELECT "id", "v", "w" FROM "p" ORDER BY "id"`)).toEqual([{ id: 1, v: "a", w: 3 }, { id: 2, v: "b", w: 3 }]);
      const s = introspect(conn);
      expect(s.tables[0]!.indexes.map((i) => [i.name, i.columns[0]!.desc])).toEqual([["p_v_idx", true]]);
      expect(s.views.map((v) => v.name)).toEqual(["pv"]);
      conn.exec(`UPDATE "p" SET "v" = NULL`);
      const afterNull = JSON.stringify(introspect(conn));
      const r2 = createOpRunner(conn, { nativeAlterConstraints });
      r2.op.alterColumn("p", "v", { nullable: false });
      await expect(r2.flush()).rejects.toThrow(`cannot make "p"."v" NOT NULL: 2 rows have NULL in it`);
      expect(JSON.stringify(introspect(conn))).toBe(afterNull);
      expect(before).not.toBe(afterNull);
    });
  }
});

describe("CHECK constraints", () => {
  test.skipIf(!native)("a named CHECK is dropped in place; adding one re-creates (3.53 refuses NULL results)", async () => {
    const conn = db();
    const r = createOpRunner(conn);
    r.op.createCheckConstraint("p_w_positive", "p", `"w" > 0`);
    await r.flush();
    expect(r.statements.some((s) => s.startsWith(`CREATE TABLE "_migrator_new_p"`))).toBe(true);
    expect(introspect(conn).tables[0]!.checks).toEqual([{ name: "p_w_positive", expr: `"w" > 0` }]);
    const n = r.statements.length;
    r.op.dropConstraint("p_w_positive", "p");
    await r.flush();
    expect(r.statements.slice(n)).toEqual([`ALTER TABLE "p" DROP CONSTRAINT "p_w_positive";`]);
    expect(introspect(conn).tables[0]!.checks).toEqual([]);
  });

  test("adding a CHECK whose expression is NULL for some rows keeps them (SQL's CHECK semantics)", async () => {
    const conn = db();
    conn.exec(`UPDATE "p" SET "v" = NULL WHERE "id" = 1`);
    const r = createOpRunner(conn);
    r.op.createCheckConstraint("p_v_enum", "p", `"v" IN ('a', 'b')`);
    await r.flush();
    expect(conn.all(`SELECT "id", "v" FROM "p" ORDER BY "id"`)).toEqual([{ id: 1, v: null }, { id: 2, v: "b" }]);
  });

  test("a CHECK the rows violate is refused with a count, database unchanged", async () => {
    const conn = db();
    const before = JSON.stringify(introspect(conn));
    const r = createOpRunner(conn);
    r.op.createCheckConstraint("p_w_big", "p", `"w" > 10`);
    await expect(r.flush()).rejects.toThrow(`cannot add CHECK "p_w_big" ("w" > 10) on "p": 2 rows violate it`);
    expect(JSON.stringify(introspect(conn))).toBe(before);
  });

  test("an unnamed CHECK still re-creates the table, keeping rows", async () => {
    const conn = db();
    const r = createOpRunner(conn);
    r.op.createCheckConstraint(null, "p", `"w" > 0`);
    await r.flush();
    expect(r.statements.some((s) => s.startsWith(`CREATE TABLE "_migrator_new_p"`))).toBe(true);
    expect(conn.all(`SELECT count(*) AS n FROM "p"`)).toEqual([{ n: 2 }]);
  });
});
