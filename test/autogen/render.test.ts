// The migration renderer: exact text for representative operations, generated code that
// compiles under Bun and only calls known Op methods with well-formed arguments, and a table
// re-creation whose statements run on a real SQLite database.
import { afterAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Operation } from "../../src/ops/types";
import type { Schema } from "../../src/schema/types";
import { compareSchemas } from "../../src/autogen/compare";
import { renderMigrationBody, renderOp } from "../../src/autogen/render";
import { renderCreateIndex, renderCreateTable, renderSchema } from "../../src/dialect/sqlite/sqlite-ddl";
import { quoteIdent } from "../../src/dialect/sqlite/sqlite-quote";
import { blog, check, clone, col, fk, idCol, index, notNull, schema, t, table } from "./_build";

describe("renderOp writes one op call in the public Op spelling", () => {
  const cases: [string, Operation, string[]][] = [
    [
      "addColumn with a default as { sql }",
      { kind: "addColumn", table: "artifacts", column: col("priority", "INTEGER", { default: "0" }) },
      ['op.addColumn("artifacts", { name: "priority", type: "INTEGER", nullable: true, default: { sql: "0" } });'],
    ],
    [
      "addColumn NOT NULL with a string default",
      { kind: "addColumn", table: "t", column: notNull("s", "TEXT", { default: "'it''s'" }) },
      [`op.addColumn("t", { name: "s", type: "TEXT", nullable: false, default: { sql: "'it''s'" } });`],
    ],
    [
      "alterColumn with every change, default removal as null",
      { kind: "alterColumn", table: "t", name: "c", changes: { type: "VARCHAR(10)", notNull: true, default: null } },
      ['op.alterColumn("t", "c", { type: "VARCHAR(10)", nullable: false, default: null });'],
    ],
    ["dropColumn", { kind: "dropColumn", table: "t", name: "c" }, ['op.dropColumn("t", "c");']],
    ["renameColumn", { kind: "renameColumn", table: "t", from: "a", to: "b" }, ['op.renameColumn("t", "a", "b");']],
    ["renameTable", { kind: "renameTable", from: "a", to: "b" }, ['op.renameTable("a", "b");']],
    [
      "createIndex unique, partial, descending",
      {
        kind: "createIndex",
        table: "Post",
        index: { name: "Post_recent", unique: true, where: "deleted_at IS NULL", columns: [{ name: "authorId" }, { name: "createdAt", desc: true }] },
      },
      ['op.createIndex("Post_recent", "Post", ["authorId", "createdAt DESC"], { unique: true, where: "deleted_at IS NULL" });'],
    ],
    [
      "createIndex on an expression",
      { kind: "createIndex", table: "User", index: { name: "User_lower_email", unique: false, where: null, columns: [{ name: null, expr: "lower(email)" }] } },
      ['op.createIndex("User_lower_email", "User", ["lower(email)"]);'],
    ],
    ["dropIndex", { kind: "dropIndex", table: "User", name: "User_email_key" }, ['op.dropIndex("User_email_key", "User");']],
    [
      "createForeignKey with actions",
      { kind: "createForeignKey", table: "Post", foreignKey: fk("Post_authorId_fkey", ["authorId"], "User", { onDelete: "CASCADE" }) },
      ['op.createForeignKey("Post_authorId_fkey", "Post", { columns: ["authorId"], refTable: "User", refColumns: ["id"], onDelete: "CASCADE" });'],
    ],
    [
      "createCheckConstraint keeps SQL quotes readable",
      { kind: "createCheckConstraint", table: "Post", check: check("Post_status_check", `"status" IN ('A', 'B')`) },
      ["op.createCheckConstraint(\"Post_status_check\", \"Post\", `\"status\" IN ('A', 'B')`);"],
    ],
    [
      "dropConstraint with its type",
      { kind: "dropConstraint", table: "Post", name: "Post_authorId_fkey", type: "foreignKey" },
      ['op.dropConstraint("Post_authorId_fkey", "Post", "foreignKey");'],
    ],
    ["execute", { kind: "execute", sql: `UPDATE "t" SET a = 1` }, [`await op.execute('UPDATE "t" SET a = 1');`]],
    [
      "createTable with a composite key, foreign key, check and options",
      {
        kind: "createTable",
        table: table("Membership", [notNull("userId", "INTEGER"), notNull("groupId", "INTEGER"), notNull("role", "TEXT", { default: "'member'" })], {
          primaryKey: { name: null, columns: ["userId", "groupId"], autoincrement: false },
          foreignKeys: [fk("Membership_userId_fkey", ["userId"], "User", { onDelete: "CASCADE" })],
          checks: [check(null, "role IN ('member', 'admin')")],
          strict: true,
        }),
      },
      [
        'op.createTable("Membership", [',
        '  { name: "userId", type: "INTEGER", nullable: false },',
        '  { name: "groupId", type: "INTEGER", nullable: false },',
        `  { name: "role", type: "TEXT", nullable: false, default: { sql: "'member'" } },`,
        "], {",
        '  primaryKey: ["userId", "groupId"],',
        "  foreignKeys: [",
        '    { name: "Membership_userId_fkey", columns: ["userId"], refTable: "User", refColumns: ["id"], onDelete: "CASCADE" },',
        "  ],",
        "  checks: [",
        `    "role IN ('member', 'admin')",`,
        "  ],",
        "  strict: true,",
        "});",
      ],
    ],
  ];
  for (const [name, op, lines] of cases) test(name, () => expect(renderOp(op)).toEqual(lines));
});

describe("renderMigrationBody", () => {
  test("writes a header, DESTRUCTIVE comments and the exact inverse in downgrade", async () => {
    const from = schema(table("artifacts", [idCol(), col("status")]), table("legacy", [idCol()]));
    const to = schema(table("artifacts", [idCol(), col("status"), col("priority", "INTEGER")]));
    const { operations } = await compareSchemas(from, to);
    const body = renderMigrationBody(operations, from, to);
    expect(body.summary).toEqual(["add column artifacts.priority INTEGER NULL", "drop table legacy (DESTRUCTIVE)"]);
    expect(body.upgrade).toBe(
      [
        "  // Changes detected by autogenerate (review before applying):",
        "  //   - add column artifacts.priority INTEGER NULL",
        "  //   - drop table legacy (DESTRUCTIVE)",
        "",
        '  op.addColumn("artifacts", { name: "priority", type: "INTEGER", nullable: true });',
        "  // DESTRUCTIVE: drops table legacy and its rows",
        '  op.dropTable("legacy");',
      ].join("\n"),
    );
    expect(body.downgrade).toBe(
      [
        '  op.createTable("legacy", [',
        '    { name: "id", type: "INTEGER", nullable: false, primaryKey: true },',
        "  ]);",
        "  // DESTRUCTIVE: drops column artifacts.priority and its data",
        '  op.dropColumn("artifacts", "priority");',
      ].join("\n"),
    );
  });

  test("no changes renders a comment in both bodies", () => {
    const body = renderMigrationBody([], blog(), blog());
    expect(body).toEqual({ upgrade: "  // No changes detected.", downgrade: "  // Nothing to undo.", summary: [] });
  });

  test("a dropped-and-recreated constraint is listed once in the header, as the change", async () => {
    const from = blog();
    const to = clone(from);
    t(to, "Post").checks[0]!.expr = `"status" IN ('DRAFT', 'PUBLISHED', 'ARCHIVED')`;
    t(to, "User").indexes[0]!.columns.push({ name: "name" });
    const { operations } = await compareSchemas(from, to);
    expect(renderMigrationBody(operations, from, to).summary).toEqual([
      "change CHECK Post_status_check on Post: allowed values of status: + ARCHIVED",
      "create unique index User_email_key on User (email, name) (replacing the old definition)",
    ]);
  });

  test("a primary key change is rendered as a commented re-creation, reversed as one", async () => {
    const from = blog();
    const to = clone(from);
    t(to, "User").primaryKey = { name: null, columns: ["id"], autoincrement: true };
    const { operations } = await compareSchemas(from, to);
    const body = renderMigrationBody(operations, from, to);
    expect(body.summary).toEqual(["re-create table User (primary key (id) → (id) AUTOINCREMENT)"]);
    expect(body.upgrade).toContain(
      [
        "  // Re-create User: primary key (id) → (id) AUTOINCREMENT.",
        "  // SQLite cannot change this in place: the rows are copied into a new table that takes the old name.",
        '  op.createTable("_migrator_tmp_User", [',
      ].join("\n"),
    );
    expect(body.upgrade).toContain(
      [
        `  await op.execute('INSERT INTO "_migrator_tmp_User" ("id", "email", "name") SELECT "id", "email", "name" FROM "User"');`,
        '  op.dropTable("User");',
        '  op.renameTable("_migrator_tmp_User", "User");',
        '  op.createIndex("User_email_key", "User", ["email"], { unique: true });',
      ].join("\n"),
    );
    expect(body.downgrade).toContain("  // Re-create User: primary key (id) AUTOINCREMENT → (id).");
  });
});

// ---------------------------------------------------------------------------
// Compiling the generated code. TEST FAKE, clearly marked: a recording `op` stands in for the
// real op runner (src/ops/, written in parallel) only to check that the code compiles and calls
// known methods with well-formed arguments. The lead's end-to-end tests run the real runner.

const OP_METHODS: Record<string, (args: unknown[]) => boolean> = {
  execute: ([sql, params]) => typeof sql === "string" && (params === undefined || Array.isArray(params)),
  createTable: ([name, cols, opts]) =>
    typeof name === "string" && Array.isArray(cols) && cols.every(isColumnSpec) && (opts === undefined || isPlainObject(opts)),
  dropTable: ([name]) => typeof name === "string",
  renameTable: ([a, b]) => typeof a === "string" && typeof b === "string",
  addColumn: ([tbl, c]) => typeof tbl === "string" && isColumnSpec(c),
  dropColumn: ([tbl, c]) => typeof tbl === "string" && typeof c === "string",
  alterColumn: ([tbl, c, ch]) =>
    typeof tbl === "string" &&
    typeof c === "string" &&
    isPlainObject(ch) &&
    Object.keys(ch as object).every((k) => ["type", "nullable", "default", "newName"].includes(k)),
  renameColumn: (a) => a.length === 3 && a.every((x) => typeof x === "string"),
  createIndex: ([n, tbl, cols]) => typeof n === "string" && typeof tbl === "string" && Array.isArray(cols) && cols.every((c) => typeof c === "string"),
  dropIndex: ([n]) => typeof n === "string",
  createForeignKey: ([n, tbl, spec]) =>
    (n === null || typeof n === "string") && typeof tbl === "string" && isPlainObject(spec) && Array.isArray((spec as { columns: unknown }).columns),
  createCheckConstraint: ([n, tbl, expr]) => (n === null || typeof n === "string") && typeof tbl === "string" && typeof expr === "string",
  createUniqueConstraint: ([n, tbl, cols]) => (n === null || typeof n === "string") && typeof tbl === "string" && Array.isArray(cols),
  dropConstraint: ([n, tbl, type]) =>
    typeof n === "string" && typeof tbl === "string" && (type === undefined || ["foreignKey", "check", "unique"].includes(type as string)),
  bulkInsert: ([tbl, rows]) => typeof tbl === "string" && Array.isArray(rows),
};
function isPlainObject(x: unknown): boolean {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
function isColumnSpec(c: unknown): boolean {
  if (!isPlainObject(c)) return false;
  const spec = c as Record<string, unknown>;
  const allowed = ["name", "type", "nullable", "default", "primaryKey", "autoincrement", "unique", "collate", "references"];
  const d = spec.default;
  const defaultOk = d === undefined || d === null || (isPlainObject(d) && typeof (d as { sql: unknown }).sql === "string");
  return typeof spec.name === "string" && typeof spec.type === "string" && Object.keys(spec).every((k) => allowed.includes(k)) && defaultOk;
}
function recordingOp(calls: { method: string; args: unknown[] }[]) {
  return new Proxy(
    {},
    {
      get: (_, method: string) => {
        if (!(method in OP_METHODS)) throw new Error(`generated code called unknown op method ${method}`);
        return (...args: unknown[]) => {
          calls.push({ method, args });
          return method === "execute" || method === "bulkInsert" ? Promise.resolve() : undefined;
        };
      },
    },
  );
}

const dir = mkdtempSync(join(tmpdir(), "autogen-render-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importRendered(name: string, from: Schema, to: Schema) {
  const { operations } = await compareSchemas(from, to);
  const body = renderMigrationBody(operations, from, to);
  const file = join(dir, `${name}.ts`);
  writeFileSync(
    file,
    `import type { Op } from "migrator";\n\nexport async function upgrade(op: Op) {\n${body.upgrade}\n}\n\nexport async function downgrade(op: Op) {\n${body.downgrade}\n}\n`,
  );
  return { mod: (await import(file)) as { upgrade: (op: unknown) => Promise<void>; downgrade: (op: unknown) => Promise<void> }, operations };
}

function bigChange(): { from: Schema; to: Schema } {
  const from = blog();
  from.tables.push(table("Legacy", [idCol(), col("note")]));
  const to = clone(from);
  to.tables = to.tables.filter((x) => x.name !== "Legacy");
  t(to, "Post").columns.push(col("priority", "INTEGER", { default: "0" }), col("weird \"name\"", "TEXT", { default: "`x`" }));
  t(to, "Post").checks[0]!.expr = `"status" IN ('DRAFT', 'PUBLISHED', 'ARCHIVED')`;
  t(to, "Post").indexes.push(index("Post_title_idx", ["title"], { where: "title <> ''" }));
  t(to, "Post").foreignKeys[0]!.onDelete = "SET NULL";
  t(to, "Post").columns[1]!.notNull = false;
  Object.assign(t(to, "User").columns[2]!, { name: "fullName", was: ["name"], type: "VARCHAR(200)" });
  t(to, "User").primaryKey = { name: null, columns: ["id"], autoincrement: true };
  to.tables.push(
    table("Tag", [idCol(), notNull("label"), col("postId", "INTEGER")], {
      foreignKeys: [fk("Tag_postId_fkey", ["postId"], "Post", { onDelete: "CASCADE" })],
      uniques: [{ name: "Tag_label_post", columns: ["label", "postId"] }],
      indexes: [index("Tag_label_idx", ["label"])],
    }),
  );
  return { from, to };
}

describe("generated code compiles and calls only known Op methods (recording fake op)", () => {
  test("upgrade and downgrade of a migration touching every kind of change", async () => {
    const { from, to } = bigChange();
    const { mod, operations } = await importRendered("big", from, to);
    const up: { method: string; args: unknown[] }[] = [];
    const down: { method: string; args: unknown[] }[] = [];
    await mod.upgrade(recordingOp(up));
    await mod.downgrade(recordingOp(down));
    for (const call of [...up, ...down]) {
      expect({ method: call.method, ok: OP_METHODS[call.method]!(call.args) }).toEqual({ method: call.method, ok: true });
    }
    expect(up.length).toBe(operations.length); // one call per operation
    expect(new Set(up.map((c) => c.method))).toEqual(
      new Set(["renameColumn", "dropConstraint", "dropTable", "createTable", "addColumn", "alterColumn", "execute", "renameTable", "createIndex", "createForeignKey", "createCheckConstraint"]),
    );
  });
});

// ---------------------------------------------------------------------------
// The statements of a table re-creation, run on a real database. A minimal op → SQL mapping
// for the five kinds a re-creation uses (the real compiler lives in src/ops/).

function runOnSqlite(db: Database, ops: Operation[]): void {
  for (const op of ops) {
    switch (op.kind) {
      case "createTable":
        db.run(renderCreateTable(op.table));
        break;
      case "execute":
        db.run(op.sql);
        break;
      case "dropTable":
        db.run(`DROP TABLE ${quoteIdent(op.name)}`);
        break;
      case "renameTable":
        db.run(`ALTER TABLE ${quoteIdent(op.from)} RENAME TO ${quoteIdent(op.to)}`);
        break;
      case "createIndex":
        db.run(renderCreateIndex(op.table, op.index));
        break;
      default:
        throw new Error(`not expected in a re-creation: ${op.kind}`);
    }
  }
}

describe("a primary-key re-creation runs on SQLite and keeps rows and references", () => {
  test("rows are copied, the index is back, and Post's foreign key still points at User", async () => {
    const from = blog();
    const to = clone(from);
    t(to, "User").primaryKey = { name: null, columns: ["id"], autoincrement: true };
    const { operations } = await compareSchemas(from, to);
    const db = new Database(":memory:");
    for (const sql of renderSchema(from)) db.run(sql);
    db.run(`INSERT INTO "User" (id, email, name) VALUES (1, 'a@x', 'A'), (2, 'b@x', NULL)`);
    db.run(`INSERT INTO "Post" (id, title, authorId) VALUES (10, 'hello', 1)`);
    runOnSqlite(db, operations); // foreign keys off, as the runner re-creates tables
    expect(db.query(`SELECT id, email, name FROM "User" ORDER BY id`).all()).toEqual([
      { id: 1, email: "a@x", name: "A" },
      { id: 2, email: "b@x", name: null },
    ]);
    expect(db.query(`SELECT count(*) AS n FROM "Post"`).get()).toEqual({ n: 1 });
    expect((db.query(`PRAGMA foreign_key_list("Post")`).all() as { table: string }[]).map((r) => r.table)).toEqual(["User"]);
    expect(db.query(`PRAGMA foreign_key_check`).all()).toEqual([]);
    expect(db.query(`SELECT sql FROM sqlite_master WHERE name = 'User'`).get()).toEqual({
      sql: renderCreateTable(t(to, "User")).replace(/;$/, ""),
    });
    expect(db.query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'User'`).all()).toEqual([{ name: "User_email_key" }]);
    db.close();
  });
});
