// The SQL each operation compiles to on PostgreSQL (checked as text), the data checks that come
// with it, and the refusals of the simulation (pure: no server).

import { describe, expect, test } from "bun:test";
import { compileBulkInsertPg, planPg, planPgWithSchema, PG_MAX_PARAMS } from "../../src/dialect/postgres/pg-planner";
import type { Operation } from "../../src/ops/types";
import type { Schema } from "../../src/schema/types";
import { col, table } from "./schema-builders";

const users = table("User", [col("id", "SERIAL", { notNull: true }), col("email", "TEXT"), col("role", '"Role"', { notNull: true, default: "'USER'::\"Role\"" }), col("tags", '"Role"[]')], {
  primaryKey: { name: "User_pkey", columns: ["id"], autoincrement: false },
});
const posts = table("Post", [col("id", "INTEGER", { notNull: true }), col("authorId", "INTEGER"), col("score", "INTEGER", { default: "0" })], {
  primaryKey: { name: "Post_pkey", columns: ["id"], autoincrement: false },
});
const base: Schema = { tables: [users, posts], views: [], triggers: [], enums: [{ name: "Old", values: ["x"] }, { name: "Role", values: ["USER", "ADMIN"] }] };

function sqlOf(op: Operation, schema: Schema = base): string[] {
  return planPg(schema, [op])[0]!.statements.map((s) => s.sql);
}

describe("planPg: SQL of each operation", () => {
  const cases: { name: string; op: Operation; sql: string[] }[] = [
    { name: "dropTable", op: { kind: "dropTable", name: "Post" }, sql: ['DROP TABLE "Post";'] },
    { name: "renameTable", op: { kind: "renameTable", from: "Post", to: "Article" }, sql: ['ALTER TABLE "Post" RENAME TO "Article";'] },
    {
      name: "addColumn with an inline foreign key and UNIQUE",
      op: {
        kind: "addColumn", table: "Post", column: col("editorId", "INTEGER"),
        foreignKey: { name: "Post_editorId_fkey", columns: ["editorId"], refTable: "User", refColumns: ["id"], onDelete: "SET NULL", onUpdate: "CASCADE" },
        unique: { name: "Post_editorId_key", columns: ["editorId"] },
      },
      sql: ['ALTER TABLE "Post" ADD COLUMN "editorId" INTEGER CONSTRAINT "Post_editorId_fkey" REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE CONSTRAINT "Post_editorId_key" UNIQUE;'],
    },
    { name: "addColumn SERIAL as written", op: { kind: "addColumn", table: "Post", column: col("seq", "SERIAL", { notNull: true }) }, sql: ['ALTER TABLE "Post" ADD COLUMN "seq" SERIAL NOT NULL;'] },
    { name: "dropColumn", op: { kind: "dropColumn", table: "Post", name: "score" }, sql: ['ALTER TABLE "Post" DROP COLUMN "score";'] },
    {
      name: "alterColumn type: USING the cast, the default dropped and put back",
      op: { kind: "alterColumn", table: "Post", name: "score", changes: { type: "BIGINT" } },
      sql: [
        'ALTER TABLE "Post" ALTER COLUMN "score" DROP DEFAULT;',
        'ALTER TABLE "Post" ALTER COLUMN "score" TYPE BIGINT USING "score"::BIGINT;',
        'ALTER TABLE "Post" ALTER COLUMN "score" SET DEFAULT 0;',
      ],
    },
    {
      name: "alterColumn type with the op's USING",
      op: { kind: "alterColumn", table: "Post", name: "authorId", changes: { type: "TEXT", using: "'u' || \"authorId\"" } },
      sql: ['ALTER TABLE "Post" ALTER COLUMN "authorId" TYPE TEXT USING \'u\' || "authorId";'],
    },
    {
      name: "alterColumn NOT NULL, default and rename (rename last)",
      op: { kind: "alterColumn", table: "Post", name: "authorId", changes: { notNull: true, default: "1", newName: "writerId" } },
      sql: [
        'ALTER TABLE "Post" ALTER COLUMN "authorId" SET DEFAULT 1;',
        'ALTER TABLE "Post" ALTER COLUMN "authorId" SET NOT NULL;',
        'ALTER TABLE "Post" RENAME COLUMN "authorId" TO "writerId";',
      ],
    },
    {
      name: "alterColumn DROP NOT NULL and DROP DEFAULT",
      op: { kind: "alterColumn", table: "Post", name: "score", changes: { notNull: false, default: null } },
      sql: ['ALTER TABLE "Post" ALTER COLUMN "score" DROP DEFAULT;', 'ALTER TABLE "Post" ALTER COLUMN "score" DROP NOT NULL;'],
    },
    {
      name: "alterColumn SERIAL → INTEGER drops the default and the owned sequence",
      op: { kind: "alterColumn", table: "User", name: "id", changes: { type: "INTEGER" } },
      sql: [
        'ALTER TABLE "User" ALTER COLUMN "id" DROP DEFAULT;',
        "DO $migrator$ DECLARE s text := pg_get_serial_sequence('\"User\"', 'id'); BEGIN IF s IS NOT NULL THEN EXECUTE 'DROP SEQUENCE ' || s; END IF; END $migrator$;",
      ],
    },
    {
      name: "alterColumn INTEGER → SERIAL creates a sequence after the largest value",
      op: { kind: "alterColumn", table: "Post", name: "id", changes: { type: "SERIAL" } },
      sql: [
        'CREATE SEQUENCE "Post_id_seq" AS integer OWNED BY "Post"."id";',
        "SELECT setval('\"Post_id_seq\"', coalesce((SELECT max(\"id\") FROM \"Post\"), 0) + 1, false);",
        "ALTER TABLE \"Post\" ALTER COLUMN \"id\" SET DEFAULT nextval('\"Post_id_seq\"'::regclass);",
      ],
    },
    { name: "renameColumn", op: { kind: "renameColumn", table: "Post", from: "score", to: "points" }, sql: ['ALTER TABLE "Post" RENAME COLUMN "score" TO "points";'] },
    {
      name: "createIndex unique, partial, DESC and an expression",
      op: { kind: "createIndex", table: "User", index: { name: "User_email_idx", unique: true, where: "\"email\" IS NOT NULL", columns: [{ name: null, expr: 'lower("email")' }, { name: "id", desc: true }] } },
      sql: ['CREATE UNIQUE INDEX "User_email_idx" ON "User"((lower("email")), "id" DESC) WHERE "email" IS NOT NULL;'],
    },
    {
      name: "createIndex IF NOT EXISTS",
      op: { kind: "createIndex", table: "Post", ifNotExists: true, index: { name: "Post_authorId_idx", unique: false, where: null, columns: [{ name: "authorId" }] } },
      sql: ['CREATE INDEX IF NOT EXISTS "Post_authorId_idx" ON "Post"("authorId");'],
    },
    {
      name: "createForeignKey",
      op: { kind: "createForeignKey", table: "Post", foreignKey: { name: "Post_authorId_fkey", columns: ["authorId"], refTable: "User", refColumns: ["id"], onDelete: "RESTRICT", onUpdate: "CASCADE" } },
      sql: ['ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;'],
    },
    { name: "createCheckConstraint", op: { kind: "createCheckConstraint", table: "Post", check: { name: "score_positive", expr: '"score" >= 0' } }, sql: ['ALTER TABLE "Post" ADD CONSTRAINT "score_positive" CHECK ("score" >= 0);'] },
    { name: "createUniqueConstraint", op: { kind: "createUniqueConstraint", table: "Post", unique: { name: "Post_a_s_key", columns: ["authorId", "score"] } }, sql: ['ALTER TABLE "Post" ADD CONSTRAINT "Post_a_s_key" UNIQUE ("authorId", "score");'] },
    { name: "dropConstraint of the primary key", op: { kind: "dropConstraint", table: "Post", name: "Post_pkey", type: "primaryKey" }, sql: ['ALTER TABLE "Post" DROP CONSTRAINT "Post_pkey";'] },
    { name: "createEnum", op: { kind: "createEnum", enum: { name: "Mood", values: ["sad", "it's ok"] } }, sql: ["CREATE TYPE \"Mood\" AS ENUM ('sad', 'it''s ok');"] },
    { name: "dropEnum", op: { kind: "dropEnum", name: "Old" }, sql: ['DROP TYPE "Old";'] },
    {
      name: "alterEnum adding values: BEFORE the next kept value, appended at the end",
      op: { kind: "alterEnum", name: "Role", values: ["GUEST", "USER", "EDITOR", "ADMIN", "OWNER"] },
      sql: [
        "ALTER TYPE \"Role\" ADD VALUE 'GUEST' BEFORE 'USER';",
        "ALTER TYPE \"Role\" ADD VALUE 'EDITOR' BEFORE 'ADMIN';",
        "ALTER TYPE \"Role\" ADD VALUE 'OWNER';",
      ],
    },
    {
      name: "alterEnum removing a value rebuilds the type and casts every column through text",
      op: { kind: "alterEnum", name: "Role", values: ["USER"] },
      sql: [
        'ALTER TYPE "Role" RENAME TO "Role__migrator_old";',
        "CREATE TYPE \"Role\" AS ENUM ('USER');",
        'ALTER TABLE "User" ALTER COLUMN "role" DROP DEFAULT;',
        'ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role" USING "role"::text::"Role";',
        "ALTER TABLE \"User\" ALTER COLUMN \"role\" SET DEFAULT 'USER'::\"Role\";",
        'ALTER TABLE "User" ALTER COLUMN "tags" TYPE "Role"[] USING "tags"::text[]::"Role"[];',
        'DROP TYPE "Role__migrator_old";',
      ],
    },
    { name: "execute passes through", op: { kind: "execute", sql: "UPDATE \"Post\" SET score = 1" }, sql: ['UPDATE "Post" SET score = 1'] },
  ];
  for (const c of cases) test(c.name, () => expect(sqlOf(c.op)).toEqual(c.sql));

  test("dropEnum is taken in the schema (the enum is gone, later ops see it)", () => {
    const withMood = planPgWithSchema(base, [{ kind: "createEnum", enum: { name: "Mood", values: ["a"] } }]).after;
    expect(withMood.enums!.map((e) => e.name)).toEqual(["Mood", "Old", "Role"]);
    expect(planPgWithSchema(withMood, [{ kind: "dropEnum", name: "Mood" }]).after.enums!.map((e) => e.name)).toEqual(["Old", "Role"]);
  });

  test("createTable: the table, its indexes, then its foreign keys", () => {
    const t = table("Tag", [col("id", "SERIAL", { notNull: true }), col("userId", "INTEGER", { notNull: true })], {
      primaryKey: { name: "Tag_pkey", columns: ["id"], autoincrement: false },
      indexes: [{ name: "Tag_userId_idx", unique: false, where: null, columns: [{ name: "userId" }] }],
      foreignKeys: [{ name: "Tag_userId_fkey", columns: ["userId"], refTable: "User", refColumns: ["id"], onDelete: "CASCADE", onUpdate: "CASCADE" }],
    });
    expect(sqlOf({ kind: "createTable", table: t })).toEqual([
      'CREATE TABLE "Tag" (\n    "id" SERIAL NOT NULL,\n    "userId" INTEGER NOT NULL,\n\n    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")\n);',
      'CREATE INDEX "Tag_userId_idx" ON "Tag"("userId");',
      'ALTER TABLE "Tag" ADD CONSTRAINT "Tag_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;',
    ]);
  });

  test("identifiers with quotes are escaped", () => {
    const s: Schema = { tables: [table('we"ird', [col('a"b', "TEXT")])], views: [], triggers: [] };
    expect(sqlOf({ kind: "renameColumn", table: 'we"ird', from: 'a"b', to: "c" }, s)).toEqual(['ALTER TABLE "we""ird" RENAME COLUMN "a""b" TO "c";']);
  });
});

describe("planPg: data checks", () => {
  test("SET NOT NULL on a nullable column counts its NULLs first", () => {
    const [step] = planPg(base, [{ kind: "alterColumn", table: "Post", name: "authorId", changes: { notNull: true } }]);
    expect(step!.checks!.map((c) => c.sql)).toEqual(['SELECT count(*)::int AS n FROM "Post" WHERE "authorId" IS NULL']);
    expect(step!.checks![0]!.message(3)).toBe('cannot make "Post"."authorId" NOT NULL: 3 rows have NULL in it');
  });

  test("each constraint-adding op carries the check of its rows", () => {
    const plan = planPg(base, [
      { kind: "createIndex", table: "User", index: { name: "User_email_key", unique: true, where: null, columns: [{ name: "email" }] } },
      { kind: "createUniqueConstraint", table: "Post", unique: { name: "u", columns: ["authorId"] } },
      { kind: "createForeignKey", table: "Post", foreignKey: { name: "fk", columns: ["authorId"], refTable: "User", refColumns: ["id"], onDelete: "CASCADE", onUpdate: "CASCADE" } },
      { kind: "createCheckConstraint", table: "Post", check: { name: "ck", expr: '"score" > 0' } },
      { kind: "addColumn", table: "Post", column: col("must", "TEXT", { notNull: true }) },
      { kind: "alterEnum", name: "Role", values: ["USER"] },
    ]);
    expect(plan.map((s) => s.checks?.map((c) => c.code))).toEqual([
      ["data_unique"], ["data_unique"], ["data_foreign_key"], ["data_check"], ["data_not_null"], ["data_enum_value", "data_enum_value"],
    ]);
  });

  test("no check where nothing can fail: nullable column, DROP NOT NULL, adding enum values", () => {
    const plan = planPg(base, [
      { kind: "addColumn", table: "Post", column: col("x", "TEXT") },
      { kind: "alterColumn", table: "Post", name: "score", changes: { notNull: false } },
      { kind: "alterEnum", name: "Role", values: ["USER", "ADMIN", "OWNER"] },
    ]);
    expect(plan.map((s) => s.checks)).toEqual([undefined, undefined, undefined]);
  });
});

describe("planPg: refusals name what is wrong", () => {
  const cases: { name: string; op: Operation; message: RegExp }[] = [
    { name: "a missing table", op: { kind: "dropColumn", table: "Nope", name: "x" }, message: /table "Nope" does not exist/ },
    { name: "an enum that exists", op: { kind: "createEnum", enum: { name: "Role", values: [] } }, message: /enum type "Role" already exists/ },
    { name: "a duplicate enum value", op: { kind: "createEnum", enum: { name: "M", values: ["a", "a"] } }, message: /lists the value 'a' twice/ },
    { name: "dropping an enum a column uses", op: { kind: "dropEnum", name: "Role" }, message: /column "User"."role" has the type "Role"/ },
    { name: "removing the value a default uses", op: { kind: "alterEnum", name: "Role", values: ["ADMIN"] }, message: /default of "User"."role" is 'USER'/ },
    { name: "a SERIAL with a default", op: { kind: "alterColumn", table: "Post", name: "id", changes: { type: "SERIAL", default: "5" } }, message: /whose default is its sequence/ },
  ];
  for (const c of cases) {
    test(c.name, () => expect(() => planPg(base, [c.op])).toThrow(c.message));
  }
});

describe("compileBulkInsertPg", () => {
  test("rows with the same keys share a statement with $n parameters", () => {
    expect(compileBulkInsertPg("t", [{ a: 1, b: "x" }, { a: 2, b: null }, { b: "y" }, {}])).toEqual([
      { sql: 'INSERT INTO "t" ("a", "b") VALUES ($1, $2), ($3, $4);', params: [1, "x", 2, null] },
      { sql: 'INSERT INTO "t" ("b") VALUES ($1);', params: ["y"] },
      { sql: 'INSERT INTO "t" DEFAULT VALUES;' },
    ]);
  });

  test("batches never pass PostgreSQL's 65535 parameters", () => {
    const rowsIn = Array.from({ length: 40_000 }, (_, i) => ({ a: i, b: i, c: i }));
    const out = compileBulkInsertPg("t", rowsIn);
    expect(out.length).toBe(2);
    for (const s of out) expect(s.params!.length).toBeLessThanOrEqual(PG_MAX_PARAMS);
    expect(out.reduce((n, s) => n + s.params!.length, 0)).toBe(120_000);
    expect(out[0]!.params!.length).toBe(65_535);
  });
});
