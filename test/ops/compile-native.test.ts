// Generated SQL checked as text for the ops SQLite runs natively (no re-creation).
import { describe, expect, test } from "bun:test";
import { sqliteRunner as createOpRunner } from "../_support/op-runner";
import type { Op } from "../../src/ops/types";
import { memory } from "../dialect/helpers";

const BASE = `CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, name TEXT);
CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id), title TEXT);
CREATE INDEX ix_posts_title ON posts (title);`;

const CASES: [string, (op: Op) => void | Promise<void>, string[]][] = [
  ["createTable with keys, defaults, checks and options",
    (op) => op.createTable("tags", [
      { name: "id", type: "integer", primaryKey: true, autoincrement: true },
      { name: "label", type: "TEXT", nullable: false, default: "it's", unique: true },
      { name: "weight", type: "REAL", default: 1.5 },
      { name: "user_id", type: "INTEGER", references: "users.id" },
    ], { checks: [{ name: "weight_pos", expr: "weight > 0" }], strict: true }),
    [`CREATE TABLE "tags" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "label" TEXT NOT NULL DEFAULT 'it''s',
    "weight" REAL DEFAULT 1.5,
    "user_id" INTEGER,
    UNIQUE ("label"),
    CONSTRAINT "weight_pos" CHECK (weight > 0),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id")
) STRICT;`]],
  ["dropTable", (op) => op.dropTable("posts"), [`DROP TABLE "posts";`]],
  ["renameTable", (op) => op.renameTable("posts", "articles"), [`ALTER TABLE "posts" RENAME TO "articles";`]],
  ["addColumn nullable", (op) => op.addColumn("users", { name: "age", type: "INTEGER" }), [`ALTER TABLE "users" ADD COLUMN "age" INTEGER;`]],
  ["addColumn NOT NULL with a constant default",
    (op) => op.addColumn("users", { name: "active", type: "BOOLEAN", nullable: false, default: true }),
    [`ALTER TABLE "users" ADD COLUMN "active" BOOLEAN NOT NULL DEFAULT true;`]],
  ["addColumn with a reference and NULL default",
    (op) => op.addColumn("posts", { name: "editor_id", type: "INTEGER", references: { refTable: "users", refColumns: ["id"], onDelete: "SET NULL" } }),
    [`ALTER TABLE "posts" ADD COLUMN "editor_id" INTEGER REFERENCES "users" ("id") ON DELETE SET NULL;`]],
  ["addColumn with a SQL expression default that is constant text",
    (op) => op.addColumn("users", { name: "kind", type: "TEXT", default: { sql: "'member'" } }),
    [`ALTER TABLE "users" ADD COLUMN "kind" TEXT DEFAULT 'member';`]],
  ["dropColumn unused elsewhere", (op) => op.dropColumn("users", "name"), [`ALTER TABLE "users" DROP COLUMN "name";`]],
  ["renameColumn", (op) => op.renameColumn("users", "email", "e-mail"), [`ALTER TABLE "users" RENAME COLUMN "email" TO "e-mail";`]],
  ["alterColumn with only a new name is a rename",
    (op) => op.alterColumn("users", "name", { newName: "full name" }), [`ALTER TABLE "users" RENAME COLUMN "name" TO "full name";`]],
  ["createIndex unique partial with DESC and an expression",
    (op) => op.createIndex("ix_users_email", "users", ["lower(email)", "name DESC"], { unique: true, where: "email IS NOT NULL" }),
    [`CREATE UNIQUE INDEX "ix_users_email" ON "users"(lower(email), "name" DESC) WHERE email IS NOT NULL;`]],
  ["dropIndex finds the table", (op) => op.dropIndex("ix_posts_title"), [`DROP INDEX "ix_posts_title";`]],
  ["execute passes SQL through", (op) => op.execute("UPDATE users SET name = ?", ["x"]), ["UPDATE users SET name = ?"]],
  ["bulkInsert writes literals, grouping rows with the same keys",
    (op) => op.bulkInsert("users", [{ id: 1, email: "a@x" }, { id: 2, email: null }, { email: "c'@x" }]),
    [`INSERT INTO "users" ("id", "email") VALUES (1, 'a@x'), (2, NULL);`, `INSERT INTO "users" ("email") VALUES ('c''@x');`]],
  ["identifiers are always quoted", (op) => op.renameTable("users", `we"ird`), [`ALTER TABLE "users" RENAME TO "we""ird";`]],
];

describe("native SQL", () => {
  test.each(CASES)("%s", async (_name, build, expected) => {
    const conn = memory(BASE);
    const r = createOpRunner(conn);
    await build(r.op);
    await r.flush();
    expect(r.statements).toEqual(expected);
    conn.close();
  });
});
