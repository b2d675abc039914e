// The planned statements of every op kind run on a real PostgreSQL server, on tables with rows:
// data kept through type changes, refusals by the data checks before anything changed, enum
// values added and removed the safe way, SERIAL changes, bulk inserts past the parameter limit.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { isMigratorError } from "../../src/errors";
import { planPg, planPgWithSchema } from "../../src/dialect/postgres/pg-planner";
import type { Operation } from "../../src/ops/types";
import type { Schema } from "../../src/schema/types";
import { createTestDb, rows, runSteps, serverUnavailable, type TestDb } from "./pg-test-db";
import { col, table } from "./schema-builders";

const why = await serverUnavailable();
if (why) console.warn(`skipping PostgreSQL op tests: ${why}`);
const suite = why ? describe.skip : describe;

suite("PostgreSQL ops on a real server", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb("ops");
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** plans `ops` on `schema`, runs them, returns the schema after */
  async function run(schema: Schema, ops: Operation[]): Promise<Schema> {
    const { steps, after } = planPgWithSchema(schema, ops);
    await runSteps(db.sql, steps);
    return after;
  }
  const empty = (): Schema => ({ tables: [], views: [], triggers: [], enums: [] });
  async function columnInfo(t: string, c: string) {
    return (await rows<{ type: string; notnull: boolean; def: string | null }>(db.sql,
      `SELECT format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attrelid = $1::regclass AND a.attname = $2 AND NOT a.attisdropped`, [`"${t}"`, c]))[0];
  }

  test("every op kind runs, in order, on tables with rows", async () => {
    let s = await run(empty(), [
      { kind: "createEnum", enum: { name: "K_Role", values: ["USER", "ADMIN"] } },
      { kind: "createTable", table: table("K_User", [col("id", "SERIAL", { notNull: true }), col("email", "TEXT"), col("role", '"K_Role"', { notNull: true, default: "'USER'" })], { primaryKey: { name: "K_User_pkey", columns: ["id"], autoincrement: false } }) },
      { kind: "createTable", table: table("K_Post", [col("id", "SERIAL", { notNull: true }), col("authorId", "INTEGER"), col("score", "TEXT")], { primaryKey: { name: "K_Post_pkey", columns: ["id"], autoincrement: false } }) },
      { kind: "bulkInsert", table: "K_User", rows: [{ email: "a@x" }, { email: "b@x", role: "ADMIN" }] },
      { kind: "bulkInsert", table: "K_Post", rows: [{ authorId: 1, score: "10" }, { authorId: 2, score: "20" }, { authorId: null, score: null }] },
    ]);
    s = await run(s, [
      { kind: "addColumn", table: "K_Post", column: col("editorId", "INTEGER"), foreignKey: { name: "K_Post_editorId_fkey", columns: ["editorId"], refTable: "K_User", refColumns: ["id"], onDelete: "SET NULL", onUpdate: "CASCADE" }, unique: { name: "K_Post_editorId_key", columns: ["editorId"] } },
      { kind: "alterColumn", table: "K_Post", name: "score", changes: { type: "INTEGER" } },
      { kind: "renameColumn", table: "K_Post", from: "score", to: "points" },
      { kind: "createIndex", table: "K_User", index: { name: "K_User_email_idx", unique: true, where: "email IS NOT NULL", columns: [{ name: null, expr: "lower(email)" }, { name: "id", desc: true }] } },
      { kind: "createForeignKey", table: "K_Post", foreignKey: { name: "K_Post_authorId_fkey", columns: ["authorId"], refTable: "K_User", refColumns: ["id"], onDelete: "CASCADE", onUpdate: "CASCADE" } },
      { kind: "createCheckConstraint", table: "K_Post", check: { name: "K_points_ck", expr: "points >= 0" } },
      { kind: "createUniqueConstraint", table: "K_Post", unique: { name: "K_Post_author_points_key", columns: ["authorId", "points"] } },
      { kind: "execute", sql: 'UPDATE "K_Post" SET "points" = "points" + $1 WHERE "points" IS NOT NULL', params: [1] },
    ]);
    expect(await rows(db.sql, 'SELECT "authorId", "points" FROM "K_Post" ORDER BY id')).toEqual([
      { authorId: 1, points: 11 }, { authorId: 2, points: 21 }, { authorId: null, points: null },
    ]);
    expect((await columnInfo("K_Post", "points"))!.type).toBe("integer");
    const cons = await rows<{ conname: string }>(db.sql, `SELECT conname FROM pg_constraint WHERE conrelid = '"K_Post"'::regclass ORDER BY conname`);
    expect(cons.map((c) => c.conname)).toEqual(["K_Post_authorId_fkey", "K_Post_author_points_key", "K_Post_editorId_fkey", "K_Post_editorId_key", "K_Post_pkey", "K_points_ck"]);
    const idx = await rows<{ def: string }>(db.sql, `SELECT pg_get_indexdef('"K_User_email_idx"'::regclass) AS def`);
    expect(idx[0]!.def).toBe('CREATE UNIQUE INDEX "K_User_email_idx" ON public."K_User" USING btree (lower(email), id DESC) WHERE (email IS NOT NULL)');

    s = await run(s, [
      { kind: "dropConstraint", table: "K_Post", name: "K_points_ck", type: "check" },
      { kind: "dropConstraint", table: "K_Post", name: "K_Post_pkey", type: "primaryKey" },
      { kind: "dropIndex", table: "K_User", name: "K_User_email_idx" },
      { kind: "execute", sql: 'UPDATE "K_Post" SET "authorId" = 1 WHERE "authorId" IS NULL' },
      { kind: "alterColumn", table: "K_Post", name: "authorId", changes: { default: "1", notNull: true, newName: "writerId" } },
      { kind: "renameTable", from: "K_Post", to: "K_Article" },
      { kind: "dropColumn", table: "K_Article", name: "editorId" },
    ]);
    const left = await rows<{ conname: string }>(db.sql, `SELECT conname FROM pg_constraint WHERE conrelid = '"K_Article"'::regclass ORDER BY conname`);
    expect(left.map((c) => c.conname)).toEqual(["K_Post_authorId_fkey", "K_Post_author_points_key"]);
    expect(await columnInfo("K_Article", "writerId")).toEqual({ type: "integer", notnull: true, def: "1" });
    s = await run(s, [
      { kind: "dropTable", name: "K_Article" },
      { kind: "dropTable", name: "K_User" },
      { kind: "dropEnum", name: "K_Role" },
    ]);
    expect(await rows(db.sql, `SELECT 1 FROM pg_type WHERE typname = 'K_Role'`)).toEqual([]);
    expect(s.tables).toEqual([]);
  });

  test("a type change keeps the data (cast, and the op's USING)", async () => {
    const s = await run(empty(), [
      { kind: "createTable", table: table("T_Num", [col("a", "TEXT", { default: "'0'" }), col("b", "INTEGER")]) },
      { kind: "bulkInsert", table: "T_Num", rows: [{ a: "1", b: 5 }, { a: "22", b: 6 }, { a: null, b: null }] },
    ]);
    await run(s, [
      { kind: "alterColumn", table: "T_Num", name: "a", changes: { type: "BIGINT" } },
      { kind: "alterColumn", table: "T_Num", name: "b", changes: { type: "TEXT", using: "'#' || b::text" } },
    ]);
    expect(await rows(db.sql, 'SELECT a, b FROM "T_Num" ORDER BY a NULLS LAST')).toEqual([{ a: "1", b: "#5" }, { a: "22", b: "#6" }, { a: null, b: null }]);
    // the default '0' was dropped around the cast and put back, now typed by the new column
    expect(await columnInfo("T_Num", "a")).toEqual({ type: "bigint", notnull: false, def: "'0'::bigint" });
  });

  test("NOT NULL over NULLs is refused by its check before anything changed", async () => {
    const s = await run(empty(), [
      { kind: "createTable", table: table("N_T", [col("id", "INTEGER", { notNull: true }), col("v", "TEXT")]) },
      { kind: "bulkInsert", table: "N_T", rows: [{ id: 1, v: "a" }, { id: 2, v: null }, { id: 3, v: null }] },
    ]);
    const steps = planPg(s, [
      { kind: "addColumn", table: "N_T", column: col("w", "TEXT") },
      { kind: "alterColumn", table: "N_T", name: "v", changes: { notNull: true } },
    ]);
    const err = await runSteps(db.sql, steps).then(() => null, (e) => e);
    expect(isMigratorError(err)).toBe(true);
    expect(err.code).toBe("data_not_null");
    expect(err.message).toBe('cannot make "N_T"."v" NOT NULL: 2 rows have NULL in it');
    // the run was one transaction: the column added before the refusal is not there
    expect(await columnInfo("N_T", "w")).toBeUndefined();
    expect((await columnInfo("N_T", "v"))!.notnull).toBe(false);
  });

  test("unique, foreign key and CHECK over violating rows are refused with the row count", async () => {
    const s = await run(empty(), [
      { kind: "createTable", table: table("V_Parent", [col("id", "INTEGER", { notNull: true })], { primaryKey: { name: "V_Parent_pkey", columns: ["id"], autoincrement: false } }) },
      { kind: "createTable", table: table("V_Child", [col("pid", "INTEGER"), col("n", "INTEGER")]) },
      { kind: "bulkInsert", table: "V_Parent", rows: [{ id: 1 }] },
      { kind: "bulkInsert", table: "V_Child", rows: [{ pid: 1, n: 1 }, { pid: 7, n: 1 }, { pid: 8, n: -1 }, { pid: null, n: null }] },
    ]);
    const cases: { op: Operation; code: string; message: string }[] = [
      { op: { kind: "createIndex", table: "V_Child", index: { name: "V_n_key", unique: true, where: null, columns: [{ name: "n" }] } }, code: "data_unique", message: 'cannot create unique index "V_n_key" on "V_Child" ("n"): 2 rows have duplicate values' },
      { op: { kind: "createForeignKey", table: "V_Child", foreignKey: { name: "V_fk", columns: ["pid"], refTable: "V_Parent", refColumns: ["id"], onDelete: "CASCADE", onUpdate: "CASCADE" } }, code: "data_foreign_key", message: 'cannot add foreign key "V_fk" "V_Child" ("pid") → "V_Parent" ("id"): 2 rows reference missing rows' },
      { op: { kind: "createCheckConstraint", table: "V_Child", check: { name: "V_ck", expr: "n > 0" } }, code: "data_check", message: 'cannot add CHECK "V_ck" (n > 0) on "V_Child": 1 row violates it' },
    ];
    for (const c of cases) {
      const err = await runSteps(db.sql, planPg(s, [c.op])).then(() => null, (e) => e);
      expect({ code: err?.code, message: err?.message }).toEqual({ code: c.code, message: c.message });
    }
    expect(await rows(db.sql, `SELECT conname FROM pg_constraint WHERE conrelid = '"V_Child"'::regclass`)).toEqual([]);
  });

  test("enum: a value added BEFORE another, then one removed the safe way with rows kept", async () => {
    let s = await run(empty(), [
      { kind: "createEnum", enum: { name: "E_Role", values: ["USER", "ADMIN", "GONE"] } },
      { kind: "createTable", table: table("E_U", [col("id", "INTEGER"), col("role", '"E_Role"', { notNull: true, default: "'USER'" }), col("all", '"E_Role"[]', { default: "ARRAY['USER']::\"E_Role\"[]" })]) },
      { kind: "bulkInsert", table: "E_U", rows: [{ id: 1, role: "ADMIN" }, { id: 2 }, { id: 3, role: "GONE" }] },
    ]);
    s = await run(s, [{ kind: "alterEnum", name: "E_Role", values: ["GUEST", "USER", "ADMIN", "GONE"] }]);
    expect(await rows(db.sql, `SELECT enum_range(NULL::"E_Role")::text AS r`)).toEqual([{ r: "{GUEST,USER,ADMIN,GONE}" }]);

    // refused while a row holds the value, and nothing changes
    const refused = await runSteps(db.sql, planPg(s, [{ kind: "alterEnum", name: "E_Role", values: ["GUEST", "USER", "ADMIN"] }])).then(() => null, (e) => e);
    expect(refused?.code).toBe("data_enum_value");
    expect(refused?.message).toBe(`cannot remove value 'GONE' from enum "E_Role": 1 row of "E_U"."role" uses it`);
    expect(await rows(db.sql, `SELECT enum_range(NULL::"E_Role")::text AS r`)).toEqual([{ r: "{GUEST,USER,ADMIN,GONE}" }]);

    await db.sql.unsafe(`UPDATE "E_U" SET role = 'USER', "all" = ARRAY['ADMIN', 'USER']::"E_Role"[] WHERE id = 3`);
    s = await run(s, [{ kind: "alterEnum", name: "E_Role", values: ["GUEST", "USER", "ADMIN"] }]);
    expect(await rows(db.sql, `SELECT enum_range(NULL::"E_Role")::text AS r`)).toEqual([{ r: "{GUEST,USER,ADMIN}" }]);
    expect(await rows(db.sql, `SELECT id, role::text AS role, "all"::text AS "all" FROM "E_U" ORDER BY id`)).toEqual([
      { id: 1, role: "ADMIN", all: "{USER}" }, { id: 2, role: "USER", all: "{USER}" }, { id: 3, role: "USER", all: "{ADMIN,USER}" },
    ]);
    expect((await columnInfo("E_U", "role"))!.def).toBe(`'USER'::"E_Role"`);
    expect(await rows(db.sql, `SELECT typname FROM pg_type WHERE typname LIKE 'E_Role%' AND typtype = 'e'`)).toEqual([{ typname: "E_Role" }]);
    await db.sql.unsafe(`INSERT INTO "E_U" (id) VALUES (4)`);
    expect(await rows(db.sql, `SELECT role::text AS role FROM "E_U" WHERE id = 4`)).toEqual([{ role: "USER" }]);
  });

  test("SERIAL → INTEGER drops the sequence; INTEGER → SERIAL makes one that continues after the rows", async () => {
    let s = await run(empty(), [
      { kind: "createTable", table: table("S_T", [col("id", "SERIAL", { notNull: true }), col("v", "TEXT")]) },
      { kind: "bulkInsert", table: "S_T", rows: [{ v: "a" }, { v: "b" }] },
    ]);
    s = await run(s, [{ kind: "alterColumn", table: "S_T", name: "id", changes: { type: "INTEGER" } }]);
    expect(await rows(db.sql, `SELECT pg_get_serial_sequence('"S_T"', 'id') AS seq`)).toEqual([{ seq: null }]);
    expect(await rows(db.sql, `SELECT count(*)::int AS n FROM pg_class WHERE relkind = 'S' AND relname = 'S_T_id_seq'`)).toEqual([{ n: 0 }]);
    expect(await columnInfo("S_T", "id")).toEqual({ type: "integer", notnull: true, def: null });
    await db.sql.unsafe(`INSERT INTO "S_T" (id, v) VALUES (10, 'c')`);

    s = await run(s, [{ kind: "alterColumn", table: "S_T", name: "id", changes: { type: "BIGSERIAL" } }]);
    expect(s.tables[0]!.columns[0]).toMatchObject({ type: "BIGSERIAL", default: null });
    await db.sql.unsafe(`INSERT INTO "S_T" (v) VALUES ('d')`);
    expect(await rows(db.sql, `SELECT id::int AS id FROM "S_T" WHERE v = 'd'`)).toEqual([{ id: 11 }]);
    expect(await rows(db.sql, `SELECT pg_get_serial_sequence('"S_T"', 'id') AS seq`)).toEqual([{ seq: 'public."S_T_id_seq"' }]);
    expect((await columnInfo("S_T", "id"))!.type).toBe("bigint");
  });

  test("bulkInsert past 65535 parameters runs in batches", async () => {
    const s = await run(empty(), [{ kind: "createTable", table: table("B_T", [col("a", "INTEGER"), col("b", "TEXT")]) }]);
    const many = Array.from({ length: 40_000 }, (_, i) => ({ a: i, b: `r${i}` }));
    await run(s, [{ kind: "bulkInsert", table: "B_T", rows: many }]);
    expect(await rows(db.sql, `SELECT count(*)::int AS n, sum(a)::bigint::text AS s FROM "B_T"`)).toEqual([{ n: 40_000, s: String((39_999 * 40_000) / 2) }]);
  });
});
