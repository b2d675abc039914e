// formatModel: canonical Prisma layout (aligned columns per group, two-space indent, one blank
// line between blocks), comments and attribute order kept, parse(format(x)) = parse(x).

import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { formatModel, parseModel, stripLocations } from "../../src/dsl";

const dir = join(import.meta.dir, "fixtures");
const fixtures = readdirSync(dir).filter((f) => f.endsWith(".prisma"));
const fmt = (text: string) => formatModel(text, "schema.prisma");

describe("format keeps the syntax tree", () => {
  for (const name of fixtures) {
    test(name, () => {
      const text = readFileSync(join(dir, name), "utf8");
      const out = fmt(text).output!;
      expect(stripLocations(parseModel(out, name).ast)).toEqual(stripLocations(parseModel(text, name).ast));
      expect(fmt(out).output).toBe(out);
    });
  }

  test("the fixtures are already canonical (format would not change them)", () => {
    for (const name of fixtures) {
      const text = readFileSync(join(dir, name), "utf8");
      expect({ name, out: fmt(text).output }).toEqual({ name, out: text });
    }
  });
});

describe("canonical layout", () => {
  test("aligns names, types and attributes within a group; a blank line starts a new group", () => {
    const input = [
      "model   User{",
      "id Int @id   @default(autoincrement())",
      "    email String @unique // login",
      "name String?",
      "",
      "",
      "",
      "  createdAt DateTime @default(now())",
      "  posts Post[]",
      "@@index([email ,name])",
      "}",
      "model Post {",
      " id Int @id",
      " author User @relation(fields:[authorId],references:[id])",
      " authorId Int",
      "}",
    ].join("\n");
    expect(fmt(input).output).toBe(
      [
        "model User {",
        "  id    Int     @id @default(autoincrement())",
        "  email String  @unique // login",
        "  name  String?",
        "",
        "  createdAt DateTime @default(now())",
        "  posts     Post[]",
        "  @@index([email, name])",
        "}",
        "",
        "model Post {",
        "  id       Int  @id",
        "  author   User @relation(fields: [authorId], references: [id])",
        "  authorId Int",
        "}",
        "",
      ].join("\n"),
    );
  });

  test("settings align on '=', enums align attributes, comments and doc comments stay in place", () => {
    const input = [
      "// top comment",
      "datasource db {",
      ' provider = "sqlite"',
      ' url = env("DATABASE_URL") // where',
      "}",
      "/// roles",
      "enum Role { // head comment",
      "USER",
      'ADMIN @map("admin")',
      "  /// the boss",
      "OWNER",
      "}",
    ].join("\n");
    expect(fmt(input).output).toBe(
      [
        "// top comment",
        "datasource db {",
        '  provider = "sqlite"',
        '  url      = env("DATABASE_URL") // where',
        "}",
        "",
        "/// roles",
        "enum Role { // head comment",
        "  USER",
        '  ADMIN @map("admin")',
        "  /// the boss",
        "  OWNER",
        "}",
        "",
      ].join("\n"),
    );
  });

  test("strings keep their escapes and numbers their spelling", () => {
    const input = 'model A {\n  id Int @id\n  s String @default("a\\"b\\\\c")\n  d Decimal @default(-1.50)\n}\n';
    expect(fmt(input).output).toBe('model A {\n  id Int     @id\n  s  String  @default("a\\"b\\\\c")\n  d  Decimal @default(-1.50)\n}\n');
  });

  test("a file with a syntax error is not formatted; the errors are returned", () => {
    const r = fmt("model A {\n  id Int @id @default(\n}\n");
    expect(r.output).toBeNull();
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([[3, 1]]);
  });

  test('"would change?" is format(x) !== x', () => {
    const canonical = "model A {\n  id Int @id\n}\n";
    expect(fmt(canonical).output === canonical).toBe(true);
    expect(fmt("model A {\n id Int @id\n}").output === "model A {\n id Int @id\n}").toBe(false);
  });
});
