// introspectPg against a real database built with Prisma-style DDL (fixtures-prisma-style.sql):
// the exact neutral Schema expected, then the rarer forms (identity, generated, collations,
// partitions, operator classes, other schemas, triggers) and the exclude / only / referrers /
// skipViews options, in a bounded number of round trips.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Session } from "../../src/dialect/dialect";
import { introspectPg } from "../../src/dialect/postgres/pg-introspect";
import { PgSession } from "../../src/dialect/postgres/pg-session";
import type { Schema, Table } from "../../src/schema/types";
import { makeDatabase, serverMissing } from "./_server";

const missing = await serverMissing("test/postgres/pg-introspect.test.ts");

const col = (name: string, type: string, notNull = false, dflt: string | null = null) => ({ name, type, notNull, default: dflt });

const EXPECTED: Schema = {
  tables: [
    {
      name: "Post",
      columns: [
        col("id", "BIGSERIAL", true),
        col("authorId", "INTEGER", true),
        col("editorId", "INTEGER"),
        col("title", "TEXT", true),
        col("slug", "TEXT", true),
        col("status", '"Status"', true, `'draft'::"Status"`),
        col("deletedAt", "TIMESTAMP(3)"),
      ],
      primaryKey: { name: "Post_pkey", columns: ["id"], autoincrement: false },
      indexes: [
        { name: "Post_authorId_status_idx", columns: [{ name: "authorId" }, { name: "status" }], unique: false, where: null },
        { name: "Post_slug_live_idx", columns: [{ name: "slug" }], unique: false, where: `"deletedAt" IS NULL` },
        { name: "Post_title_idx", columns: [{ name: "title", desc: true }], unique: false, where: null },
      ],
      foreignKeys: [
        { name: "Post_authorId_fkey", columns: ["authorId"], refTable: "User", refColumns: ["id"], onDelete: "RESTRICT", onUpdate: "CASCADE" },
        { name: "Post_editorId_fkey", columns: ["editorId"], refTable: "User", refColumns: ["id"], onDelete: "SET NULL", onUpdate: "CASCADE", deferrable: true },
      ],
      checks: [{ name: "Post_title_check", expr: "(length(title) > 0) AND (title <> 'untitled'::text)" }],
      uniques: [{ name: "Post_title_slug_key", columns: ["title", "slug"] }],
    },
    {
      name: "Tag",
      columns: [col("postId", "BIGINT", true), col("label", "VARCHAR(50)", true)],
      primaryKey: { name: "Tag_pkey", columns: ["postId", "label"], autoincrement: false },
      indexes: [],
      foreignKeys: [{ name: "Tag_postId_fkey", columns: ["postId"], refTable: "Post", refColumns: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION" }],
      checks: [],
      uniques: [],
    },
    {
      name: "User",
      columns: [
        col("id", "SERIAL", true),
        col("email", "VARCHAR(255)", true),
        col("name", "TEXT"),
        col("role", '"Role"', true, `'USER'::"Role"`),
        col("roles", '"Role"[]'),
        col("tags", "TEXT[]", false, "ARRAY[]::text[]"),
        col("balance", "DECIMAL(10,2)", true, "0"),
        col("price", "DECIMAL(65,30)"),
        col("score", "DOUBLE PRECISION"),
        col("profile", "JSONB"),
        col("avatar", "BYTEA"),
        col("active", "BOOLEAN", true, "true"),
        col("createdAt", "TIMESTAMP(3)", true, "CURRENT_TIMESTAMP"),
        col("seenAt", "TIMESTAMPTZ(6)"),
        col("big", "BIGINT"),
      ],
      primaryKey: { name: "User_pkey", columns: ["id"], autoincrement: false },
      indexes: [
        { name: "User_email_key", columns: [{ name: "email" }], unique: true, where: null },
        { name: "User_lower_email_idx", columns: [{ name: null, expr: "lower((email)::text)" }], unique: false, where: null },
      ],
      foreignKeys: [],
      checks: [{ name: "User_balance_check", expr: "balance >= (0)::numeric" }],
      uniques: [],
    },
  ],
  views: [
    { name: "LivePost", sql: 'CREATE VIEW "LivePost" AS\nSELECT "Post".id,\n    "Post".title\n   FROM "Post"\n  WHERE ("Post"."deletedAt" IS NULL);' },
  ],
  triggers: [],
  enums: [
    { name: "Role", values: ["USER", "OWNER", "ADMIN"] },
    { name: "Status", values: ["draft", "published"] },
  ],
};

/** a real session that counts the statements sent through it */
function counting(s: Session): { session: Session; count: () => number } {
  let n = 0;
  const session: Session = {
    dialect: s.dialect,
    label: s.label,
    get inTransaction() { return s.inTransaction; },
    exec: (sql, p) => (n++, s.exec(sql, p)),
    execScript: (sql) => (n++, s.execScript(sql)),
    all: (sql, p) => (n++, s.all(sql, p)),
    get: (sql, p) => (n++, s.get(sql, p)),
    close: () => s.close(),
  };
  return { session, count: () => n };
}

const names = (s: Schema) => s.tables.map((t: Table) => t.name);

describe.skipIf(!!missing)("introspectPg", () => {
  let db: Awaited<ReturnType<typeof makeDatabase>>;
  let s: PgSession;
  beforeAll(async () => {
    db = await makeDatabase("introspect");
    s = await PgSession.open(db.url);
    await s.execScript(await Bun.file(new URL("./fixtures-prisma-style.sql", import.meta.url)).text());
  });
  afterAll(async () => {
    await s?.close();
    await db?.drop();
  });

  test("a Prisma-style schema reads back as exactly the neutral Schema expected", async () => {
    expect(await introspectPg(s)).toStrictEqual(EXPECTED);
  });

  test("reads inside an open transaction, sees its uncommitted DDL, and leaves it healthy", async () => {
    await s.exec("BEGIN");
    await s.exec('CREATE TABLE "InTx" ("id" INTEGER NOT NULL)');
    const got = await introspectPg(s);
    expect(names(got)).toEqual(["InTx", "Post", "Tag", "User"]);
    expect(s.inTransaction).toBe(true);
    expect(s.transactionFailed).toBe(false);
    await s.exec("ROLLBACK");
  });

  test("exclude leaves tables out by name, case-insensitively", async () => {
    const got = await introspectPg(s, { exclude: ["tag", "USER"] });
    expect(names(got)).toEqual(["Post"]);
  });

  test("only reads just those tables; with referrers also the tables whose foreign keys point at them", async () => {
    expect(names(await introspectPg(s, { only: ["user"] }))).toEqual(["User"]);
    expect(names(await introspectPg(s, { only: ["user"], referrers: true }))).toEqual(["Post", "User"]);
    expect(names(await introspectPg(s, { only: ["Post"], referrers: true }))).toEqual(["Post", "Tag"]);
    expect(names(await introspectPg(s, { only: ["absent"] }))).toEqual([]);
  });

  test("skipViews with only leaves views and triggers out; enums are always read", async () => {
    const got = await introspectPg(s, { only: ["Tag"], skipViews: true });
    expect(got.views).toEqual([]);
    expect(got.enums!.map((e) => e.name)).toEqual(["Role", "Status"]);
    expect((await introspectPg(s, { only: ["Tag"] })).views.map((v) => v.name)).toEqual(["LivePost"]);
  });

  test("a bounded number of round trips, however many tables", async () => {
    const before = counting(s);
    await introspectPg(before.session);
    const few = before.count();
    await s.execScript(Array.from({ length: 30 }, (_, i) => `CREATE TABLE "Many${i}" ("id" SERIAL PRIMARY KEY, "x" TEXT UNIQUE);`).join("\n"));
    const after = counting(s);
    const got = await introspectPg(after.session);
    expect(got.tables.length).toBe(33);
    expect(after.count()).toBe(few);
    expect(few).toBeLessThanOrEqual(7);
    await s.execScript(Array.from({ length: 30 }, (_, i) => `DROP TABLE "Many${i}";`).join("\n"));
  });
});

describe.skipIf(!!missing)("introspectPg: rarer forms", () => {
  let db: Awaited<ReturnType<typeof makeDatabase>>;
  let s: PgSession;
  beforeAll(async () => {
    db = await makeDatabase("introspect2");
    s = await PgSession.open(db.url);
    await s.execScript(`
      CREATE TABLE ident (
        a INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        b BIGINT GENERATED BY DEFAULT AS IDENTITY,
        c SMALLSERIAL,
        d INTEGER DEFAULT nextval('shared_seq'::regclass),
        total NUMERIC GENERATED ALWAYS AS (a * 2) STORED,
        code TEXT COLLATE "C" NOT NULL,
        doc JSONB
      );
      CREATE INDEX ident_doc_idx ON ident USING GIN (doc jsonb_path_ops);
      CREATE INDEX ident_code_hash ON ident USING HASH (code);
      CREATE INDEX ident_code_pos ON ident (code COLLATE "POSIX" DESC, a);
      CREATE TABLE parted (id INTEGER NOT NULL, at DATE NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE parted_2026 PARTITION OF parted FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      CREATE TABLE migrator_version (version_num TEXT PRIMARY KEY);
      CREATE SCHEMA other;
      CREATE TYPE other."Kind" AS ENUM ('a', 'b');
      CREATE TABLE other.thing (id INTEGER PRIMARY KEY, kind other."Kind", owner INTEGER REFERENCES public.ident (a));
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER ident_touch BEFORE UPDATE ON ident FOR EACH ROW EXECUTE FUNCTION touch();
    `.replace("CREATE TABLE ident", "CREATE SEQUENCE shared_seq; CREATE TABLE ident"));
  });
  afterAll(async () => {
    await s?.close();
    await db?.drop();
  });

  test("identity and owned-sequence columns are the SERIAL family; a shared sequence's nextval stays a default", async () => {
    const t = (await introspectPg(s, { only: ["ident"] })).tables[0]!;
    expect(t.columns.slice(0, 4)).toStrictEqual([
      col("a", "SERIAL", true),
      col("b", "BIGSERIAL", true),
      col("c", "SMALLSERIAL", true),
      col("d", "INTEGER", false, "nextval('shared_seq'::regclass)"),
    ]);
  });

  test("generated columns keep their expression; a column collation differing from the type's is read", async () => {
    const t = (await introspectPg(s, { only: ["ident"] })).tables[0]!;
    expect(t.columns.slice(4)).toStrictEqual([
      { ...col("total", "DECIMAL"), generated: { expr: "(a * 2)", stored: true } },
      { ...col("code", "TEXT", true), collate: "C" },
      col("doc", "JSONB"),
    ]);
  });

  test("index methods, operator classes and term collations", async () => {
    const t = (await introspectPg(s, { only: ["ident"] })).tables[0]!;
    expect(t.indexes).toStrictEqual([
      { name: "ident_code_hash", columns: [{ name: "code" }], unique: false, where: null, using: "hash" },
      { name: "ident_code_pos", columns: [{ name: "code", desc: true, collate: "POSIX" }, { name: "a" }], unique: false, where: null },
      { name: "ident_doc_idx", columns: [{ name: "doc", opclass: "jsonb_path_ops" }], unique: false, where: null, using: "gin" },
    ]);
  });

  test("a partitioned table is read, its partitions are not; user triggers are", async () => {
    const got = await introspectPg(s, { exclude: ["migrator_version"] });
    expect(names(got)).toEqual(["ident", "parted"]);
    expect(got.triggers).toStrictEqual([
      { name: "ident_touch", table: "ident", sql: "CREATE TRIGGER ident_touch BEFORE UPDATE ON public.ident FOR EACH ROW EXECUTE FUNCTION touch()" },
    ]);
    expect(got.enums).toEqual([]);
  });

  test("another schema on request: its tables, its enums by bare name, references out of it qualified", async () => {
    const got = await introspectPg(s, { schema: "other" });
    expect(got.enums).toStrictEqual([{ name: "Kind", values: ["a", "b"] }]);
    expect(got.tables).toStrictEqual([
      {
        name: "thing",
        columns: [col("id", "INTEGER", true), col("kind", '"Kind"'), col("owner", "INTEGER")],
        primaryKey: { name: "thing_pkey", columns: ["id"], autoincrement: false },
        indexes: [],
        foreignKeys: [{ name: "thing_owner_fkey", columns: ["owner"], refTable: "public.ident", refColumns: ["a"], onDelete: "NO ACTION", onUpdate: "NO ACTION" }],
        checks: [],
        uniques: [],
      },
    ]);
  });

  test("the default schema is current_schema(), which a ?schema= URL sets", async () => {
    const o = await PgSession.open(db.url + "?schema=other");
    try {
      expect(names(await introspectPg(o))).toEqual(["thing"]);
    } finally {
      await o.close();
    }
  });
});
