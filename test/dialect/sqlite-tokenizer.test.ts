import { describe, expect, test } from "bun:test";
import { mentionsIdent, renameIdent, tokenize } from "../../src/dialect/sqlite/sqlite-tokenizer";
import { MigratorError } from "../../src/errors";

describe("sqlite tokenizer", () => {
  test.each([
    [`"a""b"`, [["quoted", `a"b`]]],
    ["`x y`", [["quoted", "x y"]]],
    ["[odd name]", [["quoted", "odd name"]]],
    ["'it''s'", [["string", "it's"]]],
    ["x'00ff'", [["blob", "x'00ff'"]]],
    ["1.5e3 0x1F", [["number", "1.5e3"], ["number", "0x1F"]]],
    ["a -- comment\n/* block ( */ b", [["ident", "a"], ["ident", "b"]]],
    ["a||b <> c", [["ident", "a"], ["op", "||"], ["ident", "b"], ["op", "<>"], ["ident", "c"]]],
    ["f(?, :p)", [["ident", "f"], ["lparen", "("], ["param", "?"], ["comma", ","], ["param", ":p"], ["rparen", ")"]]],
  ] as const)("tokenizes %p", (sql, expected) => {
    expect(tokenize(sql).map((t) => [t.kind, t.value])).toEqual(expected.map((e) => [...e]));
  });

  test("an unterminated string is a MigratorError naming the problem", () => {
    expect(() => tokenize("CHECK (a = 'x)")).toThrow(MigratorError);
    expect(() => tokenize("CHECK (a = 'x)")).toThrow(/unterminated string/);
  });

  test("mentionsIdent ignores strings and matches quoted and bare names case-insensitively", () => {
    expect(mentionsIdent(`SELECT "Price" FROM t`, "price")).toBe(true);
    expect(mentionsIdent(`SELECT 'price' FROM t`, "price")).toBe(false);
    expect(mentionsIdent(`SELECT prices FROM t`, "price")).toBe(false);
  });

  test("renameIdent rewrites identifiers only", () => {
    expect(renameIdent(`a > 0 AND 'a' <> "a"`, "a", "b")).toBe(`"b" > 0 AND 'a' <> "b"`);
  });
});
