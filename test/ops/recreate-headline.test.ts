// The headline guarantee: a re-creation on a real file keeps every row and every object, and
// ON DELETE CASCADE children survive because foreign keys are off during the change.
import { afterEach, describe, expect, test } from "bun:test";
import { sqliteRunner as createOpRunner } from "../_support/op-runner";
import { introspect } from "../../src/dialect/sqlite/sqlite-introspect";
import { prepareForeignKeys } from "../../src/dialect/sqlite/sqlite-foreign-keys";
import { findTable } from "../../src/schema/types";
import { MigratorError } from "../../src/errors";
import { dump, tempFile } from "../dialect/helpers";

const ROWS = 10_000;

function seed(conn: import("../../src/dialect/sqlite/sqlite-connection").Connection) {
  conn.exec(`
    PRAGMA foreign_keys = ON;
    CREATE TABLE items (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL COLLATE NOCASE,
      price TEXT,
      category TEXT,
      legacy_code TEXT UNIQUE,
      CONSTRAINT name_not_empty CHECK (name <> '')
    );
    CREATE TABLE audit (item_id INTEGER, at TEXT);
    CREATE TABLE item_tags (
      item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
      tag TEXT NOT NULL
    );
    CREATE INDEX ix_items_name ON items (name DESC);
    CREATE INDEX ix_items_cat_price ON items (category, price) WHERE category IS NOT NULL;
    CREATE TRIGGER items_audit AFTER UPDATE ON items BEGIN INSERT INTO audit VALUES (new.id, 'now'); END;
    CREATE VIEW cheap_items AS SELECT id, name, price FROM items WHERE price < 50;
  `);
  conn.exec("BEGIN");
  conn.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
    INSERT INTO items (id, name, price, category, legacy_code)
    SELECT i, 'item ' || i, CAST(i % 100 AS TEXT), CASE WHEN i % 3 = 0 THEN NULL ELSE 'c' || (i % 7) END, 'L' || i FROM n`);
  conn.exec(`INSERT INTO item_tags SELECT id, 'tag' || (id % 5) FROM items WHERE id % 2 = 0`);
  conn.exec("COMMIT");
}

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe("table re-creation on 10,000 rows", () => {
  test("alterColumn + dropColumn keep rows, indexes, trigger, view and cascade children", async () => {
    const db = tempFile();
    cleanup = db.cleanup;
    const { conn } = db;
    seed(conn);
    const before = conn.all("SELECT id, name, price, category FROM items ORDER BY id");
    const tagsBefore = conn.all("SELECT rowid, * FROM item_tags ORDER BY rowid");
    const objectsBefore = conn.all("SELECT type, name, sql FROM sqlite_master WHERE name IN ('ix_items_name','ix_items_cat_price','items_audit','cheap_items') ORDER BY name");

    // what the engine does: foreign keys off before BEGIN, the migration, COMMIT, restore
    const fk = prepareForeignKeys(conn);
    expect(fk.disabled).toBe(true);
    conn.exec("BEGIN IMMEDIATE");
    const created: string[] = [];
    const r = createOpRunner(conn, { onStatement: (s) => /^CREATE TABLE/.test(s) && created.push(s) });
    r.op.alterColumn("items", "price", { type: "NUMERIC", nullable: false, default: 0 });
    r.op.dropColumn("items", "legacy_code");
    await r.flush();
    conn.exec("COMMIT");
    fk.restore();

    expect(created).toHaveLength(1);
    expect(conn.get<{ foreign_keys: number }>("PRAGMA foreign_keys")!.foreign_keys).toBe(1);
    const after = conn.all<{ id: number; name: string; price: number; category: string | null }>(
      "SELECT id, name, price, category FROM items ORDER BY id");
    expect(after).toHaveLength(ROWS);
    expect(after.map((x) => [x.id, x.name, String(x.price), x.category])).toEqual(
      (before as { id: number; name: string; price: string; category: string | null }[]).map((x) => [x.id, x.name, x.price, x.category]));
    expect(typeof after[5]!.price).toBe("number"); // NUMERIC affinity converted the copied text

    expect(conn.all("SELECT rowid, * FROM item_tags ORDER BY rowid")).toEqual(tagsBefore);
    expect(conn.all("PRAGMA foreign_key_check")).toEqual([]);
    expect(conn.all("SELECT type, name, sql FROM sqlite_master WHERE name IN ('ix_items_name','ix_items_cat_price','items_audit','cheap_items') ORDER BY name"))
      .toEqual(objectsBefore);

    const t = findTable(introspect(conn), "items")!;
    expect(t.columns.map((c) => c.name)).toEqual(["id", "name", "price", "category"]);
    expect(t.columns[2]).toEqual({ name: "price", type: "NUMERIC", notNull: true, default: "0" });
    expect(t.columns[1]!.collate).toBe("NOCASE");
    expect(t.checks).toEqual([{ name: "name_not_empty", expr: "name <> ''" }]);
    expect(t.uniques).toEqual([]);

    // the objects work, not just exist
    expect(conn.get<{ n: number }>("SELECT count(*) AS n FROM cheap_items")!.n).toBe(ROWS / 2); // prices are numbers now: i % 100 < 50
    conn.exec("UPDATE items SET name = 'renamed' WHERE id = 1");
    expect(conn.get<{ n: number }>("SELECT count(*) AS n FROM audit")!.n).toBe(1);
    conn.exec("DELETE FROM items WHERE id = 2");
    expect(conn.get<{ n: number }>("SELECT count(*) AS n FROM item_tags WHERE item_id = 2")!.n).toBe(0); // cascade still wired
  });

  test("with foreign keys still enforced, a re-creation with cascading children is refused before any change", async () => {
    const db = tempFile();
    cleanup = db.cleanup;
    const { conn } = db;
    seed(conn);
    conn.exec("BEGIN IMMEDIATE"); // too late: PRAGMA foreign_keys is a no-op inside a transaction
    const fk = prepareForeignKeys(conn);
    expect(fk.disabled).toBe(false);
    const snapshot = dump(conn);
    const r = createOpRunner(conn);
    r.op.addColumn("items", { name: "slug", type: "TEXT", unique: true });
    const err = await r.flush().catch((e) => e);
    expect(err).toBeInstanceOf(MigratorError);
    expect(err.code).toBe("fk_enforced");
    expect(err.message).toContain(`"item_tags" (ON DELETE CASCADE)`);
    expect(dump(conn)).toEqual(snapshot);
    conn.exec("ROLLBACK");
  });
});
