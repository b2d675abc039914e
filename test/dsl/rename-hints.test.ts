// @was / @@was name each old name once: two claimants of one old name are an error at the
// second claim (which of them should inherit the data would be a guess).

import { describe, expect, test } from "bun:test";
import { loadModel } from "../../src/dsl";
import { sqliteTarget } from "../../src/dialect/sqlite/sqlite-target";

const head = `datasource db {\n  provider = "sqlite"\n}\n\n`;

describe("rename hints", () => {
  test("two fields claiming one old name: located error at the second", () => {
    const text = head + `model User {\n  id    Int    @id\n  first String @was("name")\n  last  String @was("name")\n}\n`;
    const r = loadModel(text, "schema.prisma", sqliteTarget);
    expect(r.schema).toBeNull();
    expect(r.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [8, 21, 'User.last and User.first both say they were "name" in model User: only one can inherit its data'],
    ]);
  });

  test("two models claiming one old table name: located error at the second", () => {
    const text = head + `model A {\n  id Int @id\n\n  @@was("Old")\n}\n\nmodel B {\n  id Int @id\n\n  @@was("old")\n}\n`;
    const r = loadModel(text, "schema.prisma", sqliteTarget);
    expect(r.errors.map((e) => [e.line, e.message])).toEqual([[14, 'model B and model A both say they were "old" in the model file: only one can inherit its data']]);
  });

  test("one field with several old names, and distinct hints, are fine", () => {
    const text = head + `model User {\n  id    Int    @id\n  first String @was("name", "fname")\n  last  String @was("surname")\n}\n`;
    const r = loadModel(text, "schema.prisma", sqliteTarget);
    expect(r.errors).toEqual([]);
    expect(r.schema!.tables[0]!.columns.find((c) => c.name === "first")!.was).toEqual(["name", "fname"]);
  });
});
