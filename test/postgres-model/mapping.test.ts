// The PostgreSQL model target through the DSL: Prisma's column types, defaults and names for
// provider "postgresql", provider-aware validation, and pg-ddl's text (table-driven; pure).

import { describe, expect, test } from "bun:test";
import { renderAddForeignKey, renderColumnDef, renderCreateEnum, renderCreateIndex, renderCreateTable } from "../../src/dialect/postgres/pg-ddl";
import { literal, quoteIdent, quoteString } from "../../src/dialect/postgres/pg-quote";
import { pgTarget } from "../../src/dialect/postgres/pg-target";
import { sqliteTarget } from "../../src/dialect/sqlite/sqlite-target";
import { loadModel } from "../../src/dsl";
import type { Schema, Table } from "../../src/schema/types";

const head = 'datasource db {\n  provider = "postgresql"\n}\n';

function load(body: string, extra = ""): Schema {
  const r = loadModel(`${head}${extra}\nmodel T {\n  id Int @id\n${body}\n}\n`, "t.prisma", pgTarget);
  expect(r.errors.map((e) => e.message)).toEqual([]);
  return r.schema!;
}
const column = (field: string, extra = "") => load(`  ${field}`, extra).tables[0]!.columns[1]!;
const errorsOf = (text: string) => loadModel(head + text, "t.prisma", pgTarget).errors.map((e) => `${e.line}:${e.column} ${e.message}`);

describe("column types", () => {
  const cases: [string, string][] = [
    ["c String", "TEXT"],
    ["c Int", "INTEGER"],
    ["c BigInt", "BIGINT"],
    ["c Float", "DOUBLE PRECISION"],
    ["c Decimal", "DECIMAL(65,30)"],
    ["c Boolean", "BOOLEAN"],
    ["c DateTime", "TIMESTAMP(3)"],
    ["c Json", "JSONB"],
    ["c Bytes", "BYTEA"],
    ["c String @db.VarChar(255)", "VARCHAR(255)"],
    ["c String @db.VarChar", "VARCHAR"],
    ["c String @db.Char(2)", "CHAR(2)"],
    ["c String @db.Uuid", "UUID"],
    ["c String @db.Citext", "CITEXT"],
    ["c String @db.Bit(3)", "BIT(3)"],
    ["c String @db.VarBit", "VARBIT"],
    ["c Int @db.SmallInt", "SMALLINT"],
    ["c Int @db.Oid", "OID"],
    ["c Float @db.Real", "REAL"],
    ["c Decimal @db.Decimal(10, 2)", "DECIMAL(10,2)"],
    ["c Decimal @db.Money", "MONEY"],
    ["c DateTime @db.Timestamptz(6)", "TIMESTAMPTZ(6)"],
    ["c DateTime @db.Date", "DATE"],
    ["c DateTime @db.Time(3)", "TIME(3)"],
    ["c Json @db.Json", "JSON"],
    ["c Bytes @db.ByteA", "BYTEA"],
    ["c Int @default(autoincrement())", "SERIAL"],
    ["c BigInt @default(autoincrement())", "BIGSERIAL"],
    ["c Int @default(autoincrement()) @db.SmallInt", "SMALLSERIAL"],
    ["c String[]", "TEXT[]"],
    ['c String[] @db.VarChar(5)', "VARCHAR(5)[]"],
    ['c Unsupported("circle")?', "circle"],
  ];
  for (const [field, type] of cases) test(`${field} → ${type}`, () => expect(column(field).type).toBe(type));

  test("an enum is its own type, quoted, with @@map; a list of it is an array of it", () => {
    const extra = "enum Role {\n  USER\n  @@map(\"role_t\")\n}\n";
    expect(column("c Role", extra).type).toBe('"role_t"');
    expect(column("c Role[]", extra).type).toBe('"role_t"[]');
  });

  test("scalar lists are nullable columns; optional scalars too; required ones NOT NULL", () => {
    expect(column("c String[]").notNull).toBe(false);
    expect(column("c String?").notNull).toBe(false);
    expect(column("c String").notNull).toBe(true);
  });
});

describe("defaults as Prisma writes them", () => {
  const extra = 'enum Role {\n  USER\n  ADMIN @map("admin")\n}\n';
  const cases: [string, string | null][] = [
    ['c String @default("it\'s")', "'it''s'"],
    ["c Int @default(-3)", "-3"],
    ["c Float @default(1.50)", "1.50"],
    ["c Boolean @default(false)", "false"],
    ["c DateTime @default(now())", "CURRENT_TIMESTAMP"],
    ['c DateTime @default("2024-01-02T03:04:05.5Z")', "'2024-01-02 03:04:05.500 +00:00'"],
    ['c Json @default("{}")', "'{}'"],
    ['c Bytes @default("aGk=")', "'\\x6869'"],
    ["c Role @default(ADMIN)", "'admin'"],
    ["c Role[] @default([USER, ADMIN])", "ARRAY['USER', 'admin']::\"Role\"[]"],
    ['c String[] @default(["a", "b"])', "ARRAY['a', 'b']::TEXT[]"],
    ["c Int[] @default([])", "ARRAY[]::INTEGER[]"],
    ['c String[] @default(["x"]) @db.VarChar(5)', "ARRAY['x']::VARCHAR(5)[]"],
    ['c String @default(dbgenerated("gen_random_uuid()")) @db.Uuid', "gen_random_uuid()"],
    ["c String @default(uuid())", null],
    ["c Int @default(autoincrement())", null],
  ];
  for (const [field, def] of cases) test(`${field} → ${def}`, () => expect(column(field, extra).default).toBe(def));
});

describe("names", () => {
  test("primary keys are named T_pkey, or by map:", () => {
    expect(load("").tables[0]!.primaryKey).toEqual({ name: "T_pkey", columns: ["id"], autoincrement: false });
    const r = loadModel(`${head}model U {\n  a Int\n  b Int\n  @@id([a, b], map: "u_key")\n}\n`, "t.prisma", pgTarget);
    expect(r.schema!.tables[0]!.primaryKey).toEqual({ name: "u_key", columns: ["a", "b"], autoincrement: false });
  });

  test("default names longer than 63 bytes are cut before their suffix, as Prisma does", () => {
    const t = load("  applicationIdentifierValue String\n  storeTypeIdentifierValue String\n  @@index([applicationIdentifierValue, storeTypeIdentifierValue])").tables[0]!;
    expect(t.indexes[0]!.name).toBe("T_applicationIdentifierValue_storeTypeIdentifierValue_idx");
    const long = "x".repeat(70);
    const u = loadModel(`${head}model ${long} {\n  id Int @id\n  email String @unique\n}\n`, "t.prisma", pgTarget).schema!.tables[0]!;
    expect(u.primaryKey!.name).toBe("x".repeat(58) + "_pkey");
    expect(u.indexes[0]!.name).toBe(`${"x".repeat(59)}_key`);
    expect(u.indexes[0]!.name.length).toBe(63);
  });

  test("an implicit m-n table has the primary key _AToB_AB_pkey and the index _AToB_B_index", () => {
    const s = loadModel(`${head}model A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id String @id @db.Uuid\n  as A[]\n}\n`, "t.prisma", pgTarget).schema!;
    const j = s.tables.find((t) => t.name === "_AToB")!;
    expect(j.primaryKey).toEqual({ name: "_AToB_AB_pkey", columns: ["A", "B"], autoincrement: false });
    expect(j.indexes.map((i) => i.name)).toEqual(["_AToB_B_index"]);
    expect(j.columns.map((c) => c.type)).toEqual(["INTEGER", "UUID"]);
  });

  test("enums are Schema.enums sorted by name, values in file order with @map; no CHECK", () => {
    const s = load("  r Role\n  k Kind", 'enum Role {\n  B\n  A @map("a")\n}\nenum Kind {\n  X\n}\n');
    expect(s.enums).toEqual([{ name: "Kind", values: ["X"] }, { name: "Role", values: ["B", "a"] }]);
    expect(s.tables[0]!.checks).toEqual([]);
  });

  test("@check and @@check get PostgreSQL's own names unless map: names them", () => {
    const t = load('  n Int @check("n > 0")\n  @@check("n < 10")\n  @@check("n <> 5", map: "not_five")\n  @@check("n <> 6")').tables[0]!;
    expect(t.checks).toEqual([
      { name: "T_n_check", expr: "n > 0" },
      { name: "T_check", expr: "n < 10" },
      { name: "not_five", expr: "n <> 5" },
      { name: "T_check1", expr: "n <> 6" },
    ]);
  });

  test("index types and operator classes", () => {
    const t = load("  j Json\n  e String\n  @@index([j(ops: JsonbPathOps)], type: Gin)\n  @@index([e(ops: raw(\"gin_trgm_ops\"))], type: Gin)\n  @@index([e], type: Hash, map: \"h\")\n  @@index([e], type: BTree, map: \"plain\")").tables[0]!;
    expect(t.indexes.map((i) => [i.name, i.using ?? null, i.columns[0]!.opclass ?? null])).toEqual([
      ["T_j_idx", "gin", "jsonb_path_ops"],
      ["T_e_idx", "gin", "gin_trgm_ops"],
      ["h", "hash", null],
      ["plain", null, null],
    ]);
  });

  test("table names differing only in case are distinct on PostgreSQL, one name on SQLite", () => {
    const text = 'model A {\n  id Int @id\n  @@map("t")\n}\nmodel B {\n  id Int @id\n  @@map("T")\n}\n';
    expect(loadModel(head + text, "t.prisma", pgTarget).errors).toEqual([]);
    expect(loadModel(text, "t.prisma", sqliteTarget).errors.map((e) => e.message)).toEqual(['table name "T" of model B is already used by model A: change @@map']);
  });
});

describe("provider-aware validation", () => {
  const cases: [string, string, string[]][] = [
    ["scalar lists are allowed", "model A {\n  id Int @id\n  tags String[]\n}\n", []],
    
    ["an unknown native type, with a suggestion", "model A {\n  id Int @id\n  s String @db.Varchar(3)\n}\n", ["6:12 unknown native type @db.Varchar for postgresql (did you mean @db.VarChar?)"]],
    ["a native type on the wrong scalar", "model A {\n  id Int @id\n  s String @db.Integer\n}\n", ["6:12 s: @db.Integer belongs on a Int field, not String"]],
    ["wrong native arguments", "model A {\n  id Int @id\n  d Decimal @db.Decimal(10)\n}\n", ["6:13 d: @db.Decimal takes 2 arguments or none"]],
    ["a native type on an enum field", "enum E {\n  X\n}\nmodel A {\n  id Int @id\n  e E @db.Text\n}\n", ["9:7 @db.Text belongs on a field of a scalar type, and E is not one"]],
    ["an unknown index type", "model A {\n  id Int @id\n  @@index([id], type: Gim)\n}\n", ["6:23 unknown index type Gim (did you mean Gin?); use one of BTree, Hash, Gist, Gin, SpGist, Brin"]],
    ["full-text indexes", "model A {\n  id Int @id\n  s String\n  @@fulltext([s])\n}\n", ["7:3 @@fulltext is not supported on postgresql: full-text indexes are MySQL/MongoDB-only"]],
  ];
  for (const [name, text, errors] of cases) test(name, () => expect(errorsOf(text)).toEqual(errors));

  test("a sqlite model loaded for postgresql is refused at its provider", () => {
    const r = loadModel('datasource db {\n  provider = "sqlite"\n}\n', "t.prisma", pgTarget);
    expect(r.errors.map((e) => e.message)).toEqual(['provider "sqlite" does not match the database this model is loaded for (postgresql / postgres)']);
  });
});

describe("pg-ddl and pg-quote", () => {
  const table: Table = {
    name: "Post",
    columns: [
      { name: "id", type: "SERIAL", notNull: true, default: null },
      { name: "title", type: "VARCHAR(20)", notNull: true, default: "'x'" },
      { name: "n", type: "INTEGER", notNull: false, default: null },
    ],
    primaryKey: { name: "Post_pkey", columns: ["id"], autoincrement: false },
    indexes: [],
    foreignKeys: [],
    checks: [{ name: "Post_n_check", expr: "n > 0" }],
    uniques: [],
  };
  test("a table with its constraints after a blank line", () => {
    expect(renderCreateTable(table)).toBe(
      'CREATE TABLE "Post" (\n    "id" SERIAL NOT NULL,\n    "title" VARCHAR(20) NOT NULL DEFAULT \'x\',\n    "n" INTEGER,\n\n' +
        '    CONSTRAINT "Post_pkey" PRIMARY KEY ("id"),\n    CONSTRAINT "Post_n_check" CHECK (n > 0)\n);',
    );
  });
  test("columns, enums, indexes and foreign keys", () => {
    expect(renderColumnDef({ name: 'we"ird', type: "TEXT", notNull: true, default: null, collate: "C" })).toBe('"we""ird" TEXT COLLATE "C" NOT NULL');
    expect(renderCreateEnum({ name: "Role", values: ["A", "it's"] })).toBe("CREATE TYPE \"Role\" AS ENUM ('A', 'it''s');");
    expect(renderCreateIndex("T", { name: "i", columns: [{ name: "a" }, { name: "b", desc: true }], unique: true, where: "a > 0" })).toBe('CREATE UNIQUE INDEX "i" ON "T"("a", "b" DESC) WHERE a > 0;');
    expect(renderCreateIndex("T", { name: "g", columns: [{ name: "j", opclass: "jsonb_ops" }], unique: false, where: null, using: "gin" })).toBe('CREATE INDEX "g" ON "T" USING GIN ("j" jsonb_ops);');
    expect(renderAddForeignKey("Post", { name: "Post_a_fkey", columns: ["a"], refTable: "User", refColumns: ["id"], onDelete: "NO ACTION", onUpdate: "CASCADE" })).toBe(
      'ALTER TABLE "Post" ADD CONSTRAINT "Post_a_fkey" FOREIGN KEY ("a") REFERENCES "User"("id") ON DELETE NO ACTION ON UPDATE CASCADE;',
    );
  });
  test("quoting and literals", () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteString("it's \\")).toBe("'it''s \\'");
    expect([null, true, 3, 10n, "x", new Uint8Array([1, 171]), ["a", 1], { a: 1 }].map(literal)).toEqual(["NULL", "true", "3", "10", "'x'", "'\\x01ab'", "ARRAY['a', 1]", `'{"a":1}'`]);
  });
});
