// Unit cases of the AST → schema translation that fixtures don't show: defaults as SQL text,
// our extensions (@check, @@check, @was, @@was), and what a schema never contains.

import { describe, expect, test } from "bun:test";
import { loadModel } from "../../src/dsl";
import { sqliteTarget } from "../../src/dialect/sqlite/sqlite-target";
import type { Table } from "../../src/schema/types";

function table(body: string, extra = ""): Table {
  const { schema, errors } = loadModel(`${extra}\nmodel T {\n  id Int @id\n${body}\n}\n`, "t.prisma", sqliteTarget);
  expect(errors).toEqual([]);
  return schema!.tables[0]!;
}
const column = (body: string, extra = "") => table(body, extra).columns[1]!;

describe("defaults become SQL text", () => {
  const cases: [field: string, expected: string | null][] = [
    ['s String @default("a\'b")', "'a''b'"],
    ['s String @default("tab\\there")', "'tab\there'"],
    ['s String @default("\\u00e9")', "'é'"],
    ["n Int @default(-7)", "-7"],
    ["f Float @default(-0.25)", "-0.25"],
    ["d Decimal @default(10.50)", "10.50"],
    ["b Boolean @default(false)", "false"],
    ["t DateTime @default(now())", "CURRENT_TIMESTAMP"],
    ['t DateTime @default("2024-01-02T03:04:05Z")', "'2024-01-02 03:04:05 +00:00'"],
    ['t DateTime @default("2024-01-02T03:04:05.5+02:00")', "'2024-01-02 03:04:05.500 +02:00'"],
    ['j Json @default("{\\"a\\": [1]}")', `'{"a": [1]}'`],
    ['y Bytes @default("SGk=")', "'4869'"],
    ["u String @default(uuid())", null],
    ["u String @default(uuid(7))", null],
    ["c String @default(cuid(2))", null],
    ["n String @default(nanoid(10))", null],
    ['g String @default(dbgenerated("(hex(randomblob(4)))"))', "(hex(randomblob(4)))"],
    ["g String @default(dbgenerated())", null],
    ["u DateTime @updatedAt", null],
  ];
  for (const [field, expected] of cases) {
    test(`${field} → ${expected}`, () => expect(column(field).default).toBe(expected));
  }
});

describe("extensions", () => {
  test("@check and @@check become CHECK constraints, after the enum checks", () => {
    const t = table('  age Int @check("age >= 0")\n  kind K\n  @@check("age < 200", map: "sane_age")', "enum K {\n  A\n}\n");
    expect(t.checks).toEqual([
      { name: "T_kind_check", expr: `"kind" IN ('A')` },
      { name: null, expr: "age >= 0" },
      { name: "sane_age", expr: "age < 200" },
    ]);
  });

  test("@was and @@was become rename hints on the column and the table", () => {
    const { schema } = loadModel('model Person {\n  id Int @id\n  fullName String @was("name") @was("nm")\n  @@was("User")\n}\n', "t.prisma", sqliteTarget);
    const t = schema!.tables[0]!;
    expect(t.was).toEqual(["User"]);
    expect(t.columns[1]!.was).toEqual(["name", "nm"]);
    expect(t.columns[0]!.was).toBeNull();
  });

  test("native type attributes are accepted and do not change the SQLite type", () => {
    expect(column("s String @db.VarChar(255)").type).toBe("TEXT");
  });

  test("native types written with another datasource name are unknown attributes", () => {
    const { errors } = loadModel('datasource pg {\n  provider = "sqlite"\n}\nmodel T {\n  id Int @id @db.Integer\n}\n', "t.prisma", sqliteTarget);
    expect(errors.map((e) => e.message)).toEqual(["unknown attribute @db.Integer (native types are written @pg.Type)"]);
  });
});

describe("what stays out of the database", () => {
  test("relation fields are no columns; views and triggers stay empty", () => {
    const { schema } = loadModel("model A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id Int @id\n  aId Int\n  a A @relation(fields: [aId], references: [id])\n}\n", "t.prisma", sqliteTarget);
    expect(schema!.tables.map((t) => [t.name, t.columns.map((c) => c.name)])).toEqual([
      ["A", ["id"]],
      ["B", ["id", "aId"]],
    ]);
    expect(schema!.views).toEqual([]);
    expect(schema!.triggers).toEqual([]);
  });

  test("a model without datasource block is treated as sqlite", () => {
    const r = loadModel("model A {\n  id String @id\n}\n", "t.prisma", sqliteTarget);
    expect(r.datasource).toEqual({ provider: null, url: null, urlEnv: null });
    expect(r.schema!.tables[0]!.primaryKey).toEqual({ name: null, columns: ["id"], autoincrement: false });
  });

  test("a literal url is returned as such", () => {
    expect(loadModel('datasource db {\n  provider = "sqlite"\n  url = "file:./dev.db"\n}\n', "t.prisma", sqliteTarget).datasource).toEqual({
      provider: "sqlite",
      url: "file:./dev.db",
      urlEnv: null,
    });
  });
});

test("an implicit many-to-many between mapped models is named after the models and points at the tables", () => {
  const { schema } = loadModel('model Zed {\n  id Int @id @map("zid")\n  as Alpha[]\n  @@map("zeds")\n}\nmodel Alpha {\n  id String @id\n  zs Zed[]\n  @@map("alphas")\n}\n', "t.prisma", sqliteTarget);
  const join = schema!.tables.find((t) => t.name === "_AlphaToZed")!;
  expect(join.columns.map((c) => [c.name, c.type])).toEqual([
    ["A", "TEXT"],
    ["B", "INTEGER"],
  ]);
  expect(join.foreignKeys.map((f) => [f.name, f.refTable, f.refColumns[0]])).toEqual([
    ["_AlphaToZed_A_fkey", "alphas", "id"],
    ["_AlphaToZed_B_fkey", "zeds", "zid"],
  ]);
});
