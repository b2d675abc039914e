// Every error the issue lists, with its line, column and message; several errors of one file are
// reported together and sorted; the rendered form has the source line and a caret.

import { describe, expect, test } from "bun:test";
import { loadModel, ModelError, renderDiagnostic, type Diagnostic } from "../../src/dsl";
import { sqliteTarget } from "../../src/dialect/sqlite/sqlite-target";
import { UsageError } from "../../src/errors";

const F = "schema.prisma";
type Case = { name: string; source: string; errors: [line: number, column: number, message: string][] };

const cases: Case[] = [
  {
    name: "unknown type, with a suggestion",
    source: "model User {\n  id    Int    @id\n  email Strng\n}\n",
    errors: [[3, 9, "unknown type Strng (did you mean String?)"]],
  },
  {
    name: "unknown field attribute, with a suggestion",
    source: "model User {\n  id    Int    @id\n  email String @uniq\n}\n",
    errors: [[3, 16, "unknown attribute @uniq (did you mean @unique?)"]],
  },
  {
    name: "unknown block attribute, with a suggestion",
    source: "model User {\n  id    Int    @id\n  email String\n\n  @@indx([email])\n}\n",
    errors: [[5, 3, "unknown attribute @@indx (did you mean @@index?)"]],
  },
  {
    name: "duplicate model",
    source: "model User {\n  id Int @id\n}\n\nmodel User {\n  id Int @id\n}\n",
    errors: [[5, 7, "duplicate model User (first defined on line 1)"]],
  },
  {
    name: "duplicate field",
    source: "model User {\n  id   Int    @id\n  name String\n  name String?\n}\n",
    errors: [[4, 3, "field name is defined twice in model User (first on line 3)"]],
  },
  {
    name: "duplicate enum",
    source: "enum Role {\n  A\n}\n\nenum Role {\n  B\n}\n",
    errors: [[5, 6, "duplicate enum Role (first defined on line 1)"]],
  },
  {
    name: "relation fields and references of different length",
    source:
      "model User {\n  id    Int    @id\n  org   Int\n  posts Post[]\n}\n\nmodel Post {\n  id       Int  @id\n  authorId Int\n" +
      "  author   User @relation(fields: [authorId], references: [id, org])\n}\n",
    errors: [[10, 59, "fields and references of relation Post.author have different lengths (1 and 2)"]],
  },
  {
    name: "relation fields and references of different type",
    source:
      "model User {\n  id    Int    @id\n  posts Post[]\n}\n\nmodel Post {\n  id       Int    @id\n  authorId String\n" +
      "  author   User   @relation(fields: [authorId], references: [id])\n}\n",
    errors: [[9, 62, "field Post.authorId (String) and referenced field User.id (Int) have different types"]],
  },
  {
    name: "relation to an unknown model",
    source: "model Post {\n  id       Int  @id\n  authorId Int\n  author   Usr  @relation(fields: [authorId], references: [id])\n}\n\nmodel User {\n  id Int @id\n}\n",
    errors: [[4, 12, "relation to unknown model Usr (did you mean User?)"]],
  },
  {
    name: "missing id (an optional @unique does not count)",
    source: "model Log {\n  message String\n  at      DateTime\n  code    String? @unique\n}\n",
    errors: [[1, 7, "model Log has no unique identifier: add @id to a field, @@id([...]), or @unique / @@unique on required fields"]],
  },
  {
    name: "defaults that don't fit the type",
    source: 'model User {\n  id    Int     @id\n  age   Int     @default("ten")\n  flag  Boolean @default(1)\n  when  DateTime @default(uuid())\n}\n',
    errors: [
      [3, 26, 'default value "ten" does not fit age\'s type Int: expected an integer'],
      [4, 26, "default value 1 does not fit flag's type Boolean: expected true or false"],
      [5, 27, "default value uuid() does not fit when's type DateTime: uuid() fits String fields"],
    ],
  },
  {
    name: "unknown enum value in a default",
    source: "enum Role {\n  USER\n  ADMIN\n}\n\nmodel User {\n  id   Int  @id\n  role Role @default(ADMN)\n}\n",
    errors: [[8, 22, "unknown value ADMN of enum Role (did you mean ADMIN?)"]],
  },
  {
    name: "@map collision between columns",
    source: 'model User {\n  id       Int    @id\n  fullName String @map("name")\n  name     String\n}\n',
    errors: [[4, 3, 'column name "name" of User.name is already used by field fullName: change @map']],
  },
  {
    name: "@@map collision between tables",
    source: 'model User {\n  id Int @id\n  @@map("people")\n}\n\nmodel Person {\n  id Int @id\n  @@map("people")\n}\n',
    errors: [[8, 3, 'table name "people" of model Person is already used by model User: change @@map']],
  },
  {
    name: "unterminated string and a field without a type",
    source: 'model User {\n  id Int @id\n  name String @default("x\n}\n\nmodel Post {\n  id Int @id\n  title\n}\n',
    errors: [
      [3, 24, "unterminated string: add the closing quote"],
      [8, 8, 'Expected a type for field "title", found end of line.'],
    ],
  },
  {
    name: "a setting without a value and an unclosed argument list",
    source: "datasource db {\n  provider = \n}\nmodel A {\n  id Int @id @default(\n}\n",
    errors: [
      [2, 14, "Expected a value for provider, found end of line."],
      [6, 1, 'Expected a value, found "}".'],
    ],
  },
  {
    name: "text outside any block and stray characters",
    source: "hello world\nmodel A {\n  id Int @id\n}\n$$\n",
    errors: [
      [1, 1, 'Expected a block (model, enum, datasource or generator), found "hello".'],
      [5, 1, 'unexpected characters "$$"'],
    ],
  },
  {
    name: "a view block is reported as unsupported",
    source: "view Stats {\n  id Int @unique\n}\n",
    errors: [[1, 1, "view Stats: view blocks are not supported; create the view with op.execute in a migration"]],
  },
  {
    name: "an unknown referential action, with a suggestion",
    source:
      "model User {\n  id    Int    @id\n  posts Post[]\n}\n\nmodel Post {\n  id       Int  @id\n  authorId Int\n" +
      "  author   User @relation(fields: [authorId], references: [id], onDelete: Cascde)\n}\n",
    errors: [[9, 75, "unknown referential action Cascde for onDelete (did you mean Cascade?); use one of Cascade, Restrict, NoAction, SetNull, SetDefault"]],
  },
  {
    name: "a relation field without an opposite",
    source: "model User {\n  id Int @id\n}\n\nmodel Post {\n  id       Int  @id\n  authorId Int\n  author   User @relation(fields: [authorId], references: [id])\n}\n",
    errors: [[8, 3, "relation field Post.author has no opposite relation field on model User"]],
  },
  {
    name: "a provider migrator does not serve",
    source: 'datasource db {\n  provider = "mysql"\n}\n',
    errors: [[2, 14, 'provider "mysql" is not supported: migrator works with "sqlite" and "postgresql"']],
  },
  {
    name: "a postgresql model loaded for sqlite",
    source: 'datasource db {\n  provider = "postgresql"\n}\n',
    errors: [[2, 14, 'provider "postgresql" does not match the database this model is loaded for (sqlite)']],
  },
  {
    name: "scalar lists on sqlite",
    source: "model A {\n  id   Int      @id\n  tags String[]\n}\n",
    errors: [[3, 8, "scalar lists (String[]) are not supported on sqlite: use a relation or a Json field"]],
  },
  {
    name: "column names that differ only in case collide (SQLite ignores case)",
    source: "model User {\n  id Int @id\n  Id Int\n}\n",
    errors: [[3, 3, 'column name "Id" of User.Id is already used by field id: change @map']],
  },
  {
    name: "two indexes with one name",
    source: "model Log {\n  id Int @id\n  at Int\n\n  @@index([at])\n  @@index([at])\n}\n",
    errors: [[6, 3, 'index name "Log_at_idx" is already used by an index on table Log: give this one another name with map: "..."']],
  },
  {
    name: "a NUL character inside a string",
    source: 'model A {\n  id Int @id @map("a\\0b")\n}\n',
    errors: [[2, 19, "a string may not contain a NUL character"]],
  },
];

const located = (ds: Diagnostic[]) => ds.map((d) => [d.line, d.column, d.message]);

describe("validation errors are located", () => {
  for (const c of cases) {
    test(c.name, () => {
      const r = loadModel(c.source, F, sqliteTarget);
      expect(r.schema).toBeNull();
      expect(located(r.errors)).toEqual(c.errors);
      for (const d of r.errors) expect(d.file).toBe(F);
    });
  }
});

describe("reporting", () => {
  test("every error of a file is reported at once, sorted by position", () => {
    const source = [cases[3]!.source, cases[0]!.source.replace(/User/g, "Account"), cases[1]!.source.replace(/User/g, "Member")].join("\n");
    const errors = loadModel(source, F, sqliteTarget).errors;
    expect(errors.map((e) => e.message)).toEqual([
      "duplicate model User (first defined on line 1)",
      "unknown type Strng (did you mean String?)",
      "unknown attribute @uniq (did you mean @unique?)",
    ]);
    const positions = errors.map((e) => e.line * 1000 + e.column);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  test("renderDiagnostic prints file:line:col: message, the source line in a gutter and a caret", () => {
    const source = cases[1]!.source;
    const [d] = loadModel(source, F, sqliteTarget).errors;
    expect(renderDiagnostic(d!, source)).toBe(
      "schema.prisma:3:16: unknown attribute @uniq (did you mean @unique?)\n" + " 3 |   email String @uniq\n" + "   |                ^",
    );
  });

  test("the caret follows tabs in the source line", () => {
    const source = "model A {\n\tid\tInt\t@idd\n}\n";
    const [d] = loadModel(source, F, sqliteTarget).errors;
    expect(d!.column).toBe(9);
    expect(renderDiagnostic(d!, source).split("\n")[2]).toBe("   | \t  \t   \t^");
  });

  test("ModelError is a UsageError carrying the diagnostics, its message the rendered list", () => {
    const source = cases[0]!.source;
    const { errors } = loadModel(source, F, sqliteTarget);
    const err = new ModelError(errors, source);
    expect(err).toBeInstanceOf(UsageError);
    expect(err.exitCode).toBe(2);
    expect(err.diagnostics).toEqual(errors);
    expect(err.message).toBe("schema.prisma:3:9: unknown type Strng (did you mean String?)\n 3 |   email Strng\n   |         ^");
  });

  test("a valid file has no errors and a schema", () => {
    const r = loadModel('datasource db {\n  provider = "sqlite"\n  url = env("DB_URL")\n}\n\nmodel A {\n  id Int @id\n}\n', F, sqliteTarget);
    expect(r.errors).toEqual([]);
    expect(r.schema?.tables.map((t) => t.name)).toEqual(["A"]);
    expect(r.datasource).toEqual({ provider: "sqlite", url: null, urlEnv: "DB_URL" });
  });
});
