// A change that cannot succeed on the data stops before changing anything, naming the table,
// the column or constraint and the number of offending rows.
import { describe, expect, test } from "bun:test";
import { sqliteRunner as createOpRunner } from "../_support/op-runner";
import type { Op } from "../../src/ops/types";
import { DatabaseError } from "../../src/errors";
import { dump, memory, tempFile } from "../dialect/helpers";

const BASE = `
  CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, team_id INTEGER, age INTEGER);
  CREATE TABLE teams (id INTEGER PRIMARY KEY, name TEXT);
  CREATE INDEX ix_users_email ON users (email);
  CREATE VIEW adults AS SELECT id FROM users WHERE age >= 18;
  INSERT INTO teams VALUES (1, 'a');
  INSERT INTO users VALUES (1, 'a@x', 1, 30), (2, NULL, 1, 10), (3, 'a@x', 7, NULL), (4, 'b@x', 9, 5), (5, NULL, NULL, 40);
`;

const CASES: [string, (op: Op) => void, string, RegExp][] = [
  ["NOT NULL on a column with NULLs", (op) => op.alterColumn("users", "email", { nullable: false }),
    "data_not_null", /"users"\."email" NOT NULL: 2 rows have NULL/],
  ["NOT NULL column added without a default to a table with rows",
    (op) => op.addColumn("users", { name: "nick", type: "TEXT", nullable: false }),
    "data_not_null", /NOT NULL column "users"\."nick" without a default: the table has 5 rows/],
  ["UNIQUE index on duplicates", (op) => op.createIndex("ux_email", "users", ["email"], { unique: true }),
    "data_unique", /unique index "ux_email" on "users" \("email"\): 2 rows have duplicate values/],
  ["UNIQUE constraint on duplicates", (op) => op.createUniqueConstraint("users_email_key", "users", ["email"]),
    "data_unique", /unique constraint "users_email_key" on "users" \("email"\): 2 rows/],
  ["unique column added with a constant default to several rows",
    (op) => op.addColumn("users", { name: "code", type: "TEXT", default: "x", unique: true }),
    "data_unique", /on "users" \("code"\): 5 rows/],
  ["foreign key that rows violate",
    (op) => op.createForeignKey("users_team_fkey", "users", { columns: ["team_id"], refTable: "teams", refColumns: ["id"] }),
    "data_foreign_key", /foreign key "users_team_fkey" "users" \("team_id"\) → "teams" \("id"\): 2 rows reference missing rows/],
  ["CHECK that rows violate", (op) => op.createCheckConstraint("age_adult", "users", "age >= 18"),
    "data_check", /CHECK "age_adult" \(age >= 18\) on "users": 2 rows violate it/],
  ["several ops coalesced: the failing one is found against the combined result",
    (op) => { op.addColumn("users", { name: "score", type: "INTEGER", default: 0 }); op.createCheckConstraint(null, "users", "score > 0"); },
    "data_check", /CHECK \(score > 0\) on "users": 5 rows violate it/],
];

describe("data preconditions", () => {
  test.each(CASES)("%s is refused and the database is unchanged", async (_name, build, code, message) => {
    const conn = memory(BASE);
    const snapshot = dump(conn);
    const r = createOpRunner(conn);
    build(r.op);
    const err = await r.flush().catch((e) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.hint).toBeTruthy();
    expect(dump(conn)).toEqual(snapshot);
    expect(r.statements).toEqual([]);
    conn.close();
  });

  test("on a file database, a failure mid-way through the re-creation rolls back to the savepoint", async () => {
    const db = tempFile(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT) STRICT; INSERT INTO t VALUES (1, 'abc'), (2, '5')`);
    const snapshot = dump(db.conn);
    const r = createOpRunner(db.conn);
    r.op.alterColumn("t", "v", { type: "INTEGER" }); // 'abc' cannot be stored in a STRICT INTEGER column
    const err = await r.flush().catch((e) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err.code).toBe("recreate_failed");
    expect(err.message).toMatch(/re-creating table "t" failed: .*INTEGER/);
    expect(err.statement).toMatch(/^INSERT INTO "_migrator_new_t"/);
    expect(dump(db.conn)).toEqual(snapshot);
    expect(db.conn.inTransaction).toBe(false);
    db.cleanup();
  });

  test("rows fixed between ops make the same change succeed (DESIGN.md §4 example)", async () => {
    const conn = memory(`CREATE TABLE artifacts (id INTEGER PRIMARY KEY, status TEXT); INSERT INTO artifacts (status) VALUES ('active'), ('old')`);
    const { op, flush } = createOpRunner(conn);
    op.addColumn("artifacts", { name: "priority", type: "INTEGER", nullable: true });
    await op.execute("UPDATE artifacts SET priority = 1 WHERE status = 'active'");
    await op.execute("UPDATE artifacts SET priority = 0 WHERE priority IS NULL");
    op.alterColumn("artifacts", "priority", { nullable: false });
    await flush();
    expect(conn.all("SELECT * FROM artifacts ORDER BY id")).toEqual([
      { id: 1, status: "active", priority: 1 }, { id: 2, status: "old", priority: 0 },
    ]);
    expect(conn.get<{ notnull: number }>("SELECT \"notnull\" FROM pragma_table_info('artifacts') WHERE name = 'priority'")!.notnull).toBe(1);
    conn.close();
  });
});
