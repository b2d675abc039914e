// The parser's tree: every construct of the language, comments kept (`//` as members, `///` also
// as `doc` of the next field or block), every node with a location.

import { describe, expect, test } from "bun:test";
import { parseModel, stripLocations, type Ast } from "../../src/dsl";

const parse = (text: string) => {
  const r = parseModel(text, "p.prisma");
  expect(r.errors).toEqual([]);
  return r.ast;
};
const firstModel = (text: string) => parse(text).items.find((i) => i.kind === "Model") as Ast.ModelBlock;
const fields = (m: Ast.ModelBlock) => m.members.filter((x): x is Ast.Field => x.kind === "Field");

describe("fields", () => {
  test("types with ? and [], Unsupported, and keywords used as field names", () => {
    const m = firstModel('model A {\n  id Int @id\n  type String?\n  model Json[]\n  enum Unsupported("circle")?\n  view Int\n}\n');
    expect(fields(m).map((f) => [f.name.value, f.type.name, f.type.optional, f.type.list, f.type.unsupported?.value ?? null])).toEqual([
      ["id", "Int", false, false, null],
      ["type", "String", true, false, null],
      ["model", "Json", false, true, null],
      ["enum", "Unsupported", true, false, "circle"],
      ["view", "Int", false, false, null],
    ]);
  });

  test("attributes: dotted names, no parentheses vs empty ones, named and positional arguments", () => {
    const m = firstModel('model A {\n  id String @id() @db.VarChar(36) @default(dbgenerated("x"), map: "d")\n  n Int @unique\n}\n');
    const [id, n] = fields(m);
    expect(stripLocations(id!.attributes)).toEqual([
      { kind: "Attribute", block: false, name: "id", args: [], comment: null },
      { kind: "Attribute", block: false, name: "db.VarChar", args: [{ kind: "Argument", name: null, value: { kind: "Number", value: "36" } }], comment: null },
      {
        kind: "Attribute",
        block: false,
        name: "default",
        args: [
          { kind: "Argument", name: null, value: { kind: "Function", name: "dbgenerated", args: [{ kind: "Argument", name: null, value: { kind: "String", value: "x", raw: '"x"' } }] } },
          { kind: "Argument", name: { kind: "Name", value: "map" }, value: { kind: "String", value: "d", raw: '"d"' } },
        ],
        comment: null,
      },
    ]);
    expect(n!.attributes[0]!.args).toBeNull();
  });

  test("values: negative and decimal numbers, escapes, lists, field references with arguments", () => {
    const m = firstModel('model A {\n  id Int @id\n  @@index([a, b(sort: Desc)], map: "i")\n  @@x(-1, 2.50, 1e3, "q\\"\\n", [true, Cascade], env("X"))\n}\n');
    const [, x] = m.members.filter((a): a is Ast.Attribute => a.kind === "Attribute");
    expect(x!.args!.map((a) => stripLocations(a.value))).toEqual([
      { kind: "Number", value: "-1" },
      { kind: "Number", value: "2.50" },
      { kind: "Number", value: "1e3" },
      { kind: "String", value: 'q"\n', raw: '"q\\"\\n"' },
      { kind: "Array", items: [{ kind: "Constant", value: "true" }, { kind: "Constant", value: "Cascade" }] },
      { kind: "Function", name: "env", args: [{ kind: "Argument", name: null, value: { kind: "String", value: "X", raw: '"X"' } }] },
    ]);
  });

  test("arguments may span lines", () => {
    const m = firstModel("model A {\n  id Int @id\n  @@index([\n    id, // the key\n  ])\n}\n");
    expect(m.members.filter((a) => a.kind === "Attribute").length).toBe(1);
  });
});

describe("comments", () => {
  const text = [
    "// file header",
    "",
    "/// The user",
    "model User { // head",
    "  /// primary key",
    "  /// (generated)",
    "  id Int @id // trailing",
    "",
    "  // plain comment",
    "  name String",
    "  @@map(\"users\") // why",
    "}",
  ].join("\n");

  test("`//` and `///` lines are kept in order, same-line comments on their node", () => {
    const doc = parse(text);
    expect(doc.items.map((i) => i.kind)).toEqual(["Comment", "Comment", "Model"]);
    const m = doc.items[2] as Ast.ModelBlock;
    expect(m.comment).toBe("// head");
    expect(m.members.map((x) => (x.kind === "Comment" ? x.text : x.kind))).toEqual(["/// primary key", "/// (generated)", "Field", "// plain comment", "Field", "Attribute"]);
    expect((m.members[5] as Ast.Attribute).comment).toBe("// why");
    expect((m.members[2] as Ast.Field).comment).toBe("// trailing");
  });

  test("doc comments right above a block or field become its doc", () => {
    const m = parse(text).items[2] as Ast.ModelBlock;
    expect(m.doc).toEqual(["The user"]);
    expect(fields(m).map((f) => f.doc)).toEqual([["primary key", "(generated)"], []]);
  });
});

describe("blocks", () => {
  test("datasource, generator, enum, view and type blocks", () => {
    const doc = parse('datasource db {\n  provider = "sqlite"\n}\ngenerator c {\n  provider = "x"\n  previewFeatures = ["a"]\n}\nenum E {\n  A\n  B @map("b")\n  @@map("e")\n}\nview V {\n  id Int @unique\n}\ntype T {\n  x Int\n}\n');
    expect(doc.items.map((i) => (i.kind === "Config" || i.kind === "Model" ? `${i.kind}:${i.keyword}` : i.kind))).toEqual([
      "Config:datasource",
      "Config:generator",
      "Enum",
      "Model:view",
      "Model:type",
    ]);
  });

  test("every node has a location inside the text", () => {
    const text = 'model A {\n  id Int @id @default(autoincrement())\n  @@index([id(sort: Desc)])\n}\n';
    const visit = (node: unknown): number => {
      if (Array.isArray(node)) return node.reduce((n, x) => n + visit(x), 0);
      if (!node || typeof node !== "object") return 0;
      const o = node as Record<string, unknown>;
      let n = 0;
      if ("kind" in o) {
        const loc = o.loc as Ast.Loc;
        expect(loc.start).toBeGreaterThanOrEqual(0);
        expect(loc.end).toBeLessThanOrEqual(text.length);
        expect(loc.start).toBeLessThanOrEqual(loc.end);
        n++;
      }
      for (const [k, v] of Object.entries(o)) if (k !== "loc") n += visit(v);
      return n;
    };
    expect(visit(parse(text))).toBeGreaterThan(10);
  });
});
