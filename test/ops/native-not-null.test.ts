// NOT NULL changes: one `ALTER TABLE ... ALTER COLUMN ... SET/DROP NOT NULL` where the SQLite
// library has it (3.53+), a table re-creation otherwise; the same rows, objects and data check.

import { describe, expect, test } from "bun:test";
import { Connection, sqliteVersion } from "../../src/dialect/sqlite/sqlite-connection";
import { supportsAlterNotNull } from "../../src/dialect/sqlite/sqlite-alter-rules";
import { introspect } from "../../src/dialect/sqlite/sqlite-introspect";
import { createOpRunner } from "../../src/ops/op-runner";

function db() {
  const conn = Connection.open(":memory:");
  conn.exec(`CREATE TABLE "p" ("id" INTEGER PRIMARY KEY, "v" TEXT, "w" INTEGER DEFAULT 3);
    CREATE INDEX "p_v_idx" ON "p" ("v" DESC);
    CREATE VIEW "pv" AS SELECT "v" FROM "p";
    INSERT INTO "p" ("id", "v") VALUES (1, 'a'), (2, 'b');`);
  return conn;
}

const native = supportsAlterNotNull(sqliteVersion());

describe("NOT NULL changes", () => {
  test("the version rule: 3.53 and later", () => {
    expect(supportsAlterNotNull("3.53.0")).toBe(true);
    expect(supportsAlterNotNull("3.52.9")).toBe(false);
    expect(supportsAlterNotNull("3.45.1")).toBe(false);
    expect(supportsAlterNotNull("4.0.0")).toBe(true);
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

  for (const nativeAlterNotNull of [true, false]) {
    test.skipIf(nativeAlterNotNull && !native)(`${nativeAlterNotNull ? "native" : "re-creation"}: rows, index and view kept; NULL rows refused with a count, database unchanged`, async () => {
      const conn = db();
      const before = JSON.stringify(introspect(conn));
      const r = createOpRunner(conn, { nativeAlterNotNull });
      r.op.alterColumn("p", "w", { nullable: false });
      await r.flush();
      expect(r.statements.some((s) => s.startsWith("CREATE TABLE"))).toBe(!nativeAlterNotNull);
      expect(conn.all(`SELECT "id", "v", "w" FROM "p" ORDER BY "id"`)).toEqual([{ id: 1, v: "a", w: 3 }, { id: 2, v: "b", w: 3 }]);
      const s = introspect(conn);
      expect(s.tables[0]!.indexes.map((i) => [i.name, i.columns[0]!.desc])).toEqual([["p_v_idx", true]]);
      expect(s.views.map((v) => v.name)).toEqual(["pv"]);
      conn.exec(`UPDATE "p" SET "v" = NULL`);
      const afterNull = JSON.stringify(introspect(conn));
      const r2 = createOpRunner(conn, { nativeAlterNotNull });
      r2.op.alterColumn("p", "v", { nullable: false });
      await expect(r2.flush()).rejects.toThrow(`cannot make "p"."v" NOT NULL: 2 rows have NULL in it`);
      expect(JSON.stringify(introspect(conn))).toBe(afterNull);
      expect(before).not.toBe(afterNull);
    });
  }
});
