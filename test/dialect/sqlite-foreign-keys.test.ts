import { describe, expect, test } from "bun:test";
import { checkForeignKeys, prepareForeignKeys } from "../../src/dialect/sqlite/sqlite-foreign-keys";
import { DatabaseError } from "../../src/errors";
import { memory, tempFile } from "./helpers";

const fkOn = (c: ReturnType<typeof memory>) => c.get<{ foreign_keys: number }>("PRAGMA foreign_keys")!.foreign_keys;

describe("prepareForeignKeys", () => {
  test("switches enforcement off outside a transaction and restores it", () => {
    const db = tempFile("PRAGMA foreign_keys = ON");
    const fk = prepareForeignKeys(db.conn);
    expect(fk.disabled).toBe(true);
    expect(fkOn(db.conn)).toBe(0);
    fk.restore();
    expect(fkOn(db.conn)).toBe(1);
    db.cleanup();
  });

  test("leaves enforcement off when it was off", () => {
    const c = memory();
    const fk = prepareForeignKeys(c);
    expect(fk.disabled).toBe(true);
    fk.restore();
    expect(fkOn(c)).toBe(0);
  });

  test("inside a transaction it cannot switch and says so", () => {
    const c = memory("PRAGMA foreign_keys = ON; BEGIN");
    const fk = prepareForeignKeys(c);
    expect(fk.disabled).toBe(false);
    expect(fkOn(c)).toBe(1);
    c.exec("ROLLBACK");
  });
});

describe("checkForeignKeys", () => {
  const SQL = `CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (pid INTEGER REFERENCES p (id));
    CREATE TABLE d (pid INTEGER REFERENCES p (id)); INSERT INTO p VALUES (1); INSERT INTO c VALUES (1), (2), (3), (NULL); INSERT INTO d VALUES (1)`;

  test("names the table and the count of violating rows", () => {
    const c = memory(SQL);
    expect(() => checkForeignKeys(c)).toThrow(DatabaseError);
    expect(() => checkForeignKeys(c)).toThrow(`foreign key check failed: "c" has 2 rows referencing missing "p" rows`);
  });

  test("checks only the given tables", () => {
    const c = memory(SQL);
    expect(() => checkForeignKeys(c, ["d", "p"])).not.toThrow();
    expect(() => checkForeignKeys(c, ["c"])).toThrow(/"c" has 2 rows/);
  });
});
