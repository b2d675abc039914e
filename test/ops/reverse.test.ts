// reverseOperation: running an op and then its reverse gives back the schema we started from.
import { describe, expect, test } from "bun:test";
import { reverseOperation } from "../../src/ops/reverse";
import { sqliteRunner as createOpRunner } from "../_support/op-runner";
import { introspect } from "../../src/dialect/sqlite/sqlite-introspect";
import { opAddColumn, opAlterColumn, opCreateIndex, opCreateTable } from "../../src/ops/op-builders";
import type { Operation } from "../../src/ops/types";
import { emptySchema } from "../../src/schema/types";
import { UsageError } from "../../src/errors";
import { memory } from "../dialect/helpers";

const BASE = `
  CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL DEFAULT '', nick TEXT, team_id INTEGER,
    CONSTRAINT users_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE SET NULL,
    CONSTRAINT nick_len CHECK (length(nick) < 20), CONSTRAINT users_nick_key UNIQUE (nick));
  CREATE TABLE teams (id INTEGER PRIMARY KEY, name TEXT);
  CREATE INDEX ix_users_email ON users (email DESC) WHERE email <> '';
  INSERT INTO teams VALUES (1, 't'); INSERT INTO users VALUES (1, 'a@x', 'n', 1);
`;

const CASES: [string, Operation][] = [
  ["createTable", opCreateTable("tags", [{ name: "id", type: "INTEGER", primaryKey: true }, { name: "label", type: "TEXT" }])],
  ["dropTable", { kind: "dropTable", name: "teams" }],
  ["renameTable", { kind: "renameTable", from: "teams", to: "groups" }],
  ["addColumn", opAddColumn("users", { name: "age", type: "INTEGER", default: 0 })],
  ["dropColumn", { kind: "dropColumn", table: "teams", name: "name" }],
  ["alterColumn type, nullability, default and name", opAlterColumn("teams", "name", { type: "VARCHAR(200)", nullable: false, default: "x", newName: "title" })],
  ["renameColumn", { kind: "renameColumn", table: "users", from: "team_id", to: "group_id" }],
  ["createIndex", opCreateIndex("ix_nick", "users", ["nick COLLATE NOCASE"], { unique: true })],
  ["dropIndex", { kind: "dropIndex", table: "users", name: "ix_users_email" }],
  ["createForeignKey", { kind: "createForeignKey", table: "teams", foreignKey: { name: "teams_self", columns: ["id"], refTable: "teams", refColumns: ["id"], onDelete: "NO ACTION", onUpdate: "NO ACTION" } }],
  ["createCheckConstraint", { kind: "createCheckConstraint", table: "teams", check: { name: "name_set", expr: "name IS NOT NULL" } }],
  ["createUniqueConstraint", { kind: "createUniqueConstraint", table: "teams", unique: { name: "teams_name_key", columns: ["name"] } }],
  ["dropConstraint foreign key", { kind: "dropConstraint", table: "users", name: "users_team_fkey" }],
  ["dropConstraint check", { kind: "dropConstraint", table: "users", name: "nick_len" }],
  ["dropConstraint unique", { kind: "dropConstraint", table: "users", name: "users_nick_key" }],
];

describe("reverseOperation", () => {
  test.each(CASES)("%s, then its reverse, restores the schema", async (_name, op) => {
    const conn = memory(BASE);
    const before = introspect(conn);
    const r = createOpRunner(conn);
    r.enqueue(op);
    await r.flush();
    expect(introspect(conn)).not.toEqual(before);
    r.enqueue(reverseOperation(op, before));
    await r.flush();
    expect(introspect(conn)).toEqual(before);
  });

  test.each([
    ["execute without a down", { kind: "execute", sql: "UPDATE users SET nick = 'x'" } as Operation, /cannot reverse execute \(UPDATE users SET nick = 'x'\): raw SQL/],
    ["a drop without the old definition", { kind: "dropTable", name: "gone" } as Operation, /cannot reverse dropTable "gone": the dropped table's definition is unknown/],
    ["an unnamed check", { kind: "createCheckConstraint", table: "t", check: { name: null, expr: "a > 0" } } as Operation, /cannot reverse createCheckConstraint on "t": an unnamed CHECK/],
    ["bulkInsert", { kind: "bulkInsert", table: "t", rows: [] } as Operation, /cannot reverse bulkInsert on "t"/],
  ])("%s cannot be reversed and the error names the op", (_n, op, message) => {
    expect(() => reverseOperation(op, emptySchema())).toThrow(UsageError);
    expect(() => reverseOperation(op, emptySchema())).toThrow(message);
  });
});
