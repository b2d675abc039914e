// applyOperation is copy-on-write: a schema it returns may share tables with the schema it was
// given and with the ops applied (createTable puts the op's own table in), so no op may change
// a table it did not copy first. Every kind of change is applied after a createTable here, and
// the op, the earlier schemas and their tables must come out exactly as they went in.
import { describe, expect, test } from "bun:test";
import { applyOperation } from "../../src/dialect/sqlite/sqlite-apply-operation";
import type { Operation } from "../../src/ops/types";
import type { Schema, Table } from "../../src/schema/types";

function table(name: string): Table {
  return {
    name,
    columns: [
      { name: "id", type: "INTEGER", notNull: true, default: null, primaryKey: true, autoincrement: false },
      { name: "a", type: "TEXT", notNull: false, default: null, primaryKey: false, autoincrement: false },
      { name: "b", type: "TEXT", notNull: false, default: null, primaryKey: false, autoincrement: false },
    ],
    primaryKey: { name: null, columns: ["id"], autoincrement: false },
    indexes: [{ name: "ix_a", columns: [{ name: "a" }], unique: false, where: null }],
    foreignKeys: [],
    checks: [{ name: "ck_b", expr: "b <> ''" }],
    uniques: [],
  } as unknown as Table;
}

const empty: Schema = { tables: [], views: [], triggers: [] };

const later: [string, (name: string) => Operation][] = [
  ["addColumn", (t) => ({ kind: "addColumn", table: t, column: { name: "c", type: "TEXT", notNull: false, default: null, primaryKey: false, autoincrement: false } } as unknown as Operation)],
  ["dropColumn", (t) => ({ kind: "dropColumn", table: t, name: "b" } as Operation)],
  ["alterColumn", (t) => ({ kind: "alterColumn", table: t, name: "a", changes: { notNull: true, type: "VARCHAR(9)" } } as unknown as Operation)],
  ["renameColumn", (t) => ({ kind: "renameColumn", table: t, from: "a", to: "a2" } as Operation)],
  ["createIndex", (t) => ({ kind: "createIndex", table: t, index: { name: "ix_b", columns: [{ name: "b" }], unique: true, where: null } } as unknown as Operation)],
  ["dropIndex", (t) => ({ kind: "dropIndex", table: t, name: "ix_a" } as Operation)],
  ["createCheckConstraint", (t) => ({ kind: "createCheckConstraint", table: t, check: { name: "ck_a", expr: "a <> ''" } } as Operation)],
  ["dropConstraint", (t) => ({ kind: "dropConstraint", table: t, name: "ck_b", type: "check" } as unknown as Operation)],
  ["renameTable", (t) => ({ kind: "renameTable", from: t, to: `${t}_new` } as Operation)],
  ["dropTable", (t) => ({ kind: "dropTable", name: t } as Operation)],
];

describe("applyOperation never changes the tables it was given", () => {
  for (const [name, op] of later) {
    test(`createTable, then ${name} on the same table`, () => {
      const create: Operation = { kind: "createTable", table: table("t") };
      const createSnapshot = structuredClone(create);
      const s1 = applyOperation(empty, create);
      const s1Snapshot = structuredClone(s1);
      const s2 = applyOperation(s1, op("t"));
      expect(create).toEqual(createSnapshot);
      expect(s1).toEqual(s1Snapshot);
      expect(empty).toEqual({ tables: [], views: [], triggers: [] });
      expect(s2).not.toEqual(s1);
    });
  }
});
