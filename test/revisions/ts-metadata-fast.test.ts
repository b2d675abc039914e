// The fast path of the TypeScript metadata reader must agree with the tokenizer on every file
// it accepts, and must hand everything it can't be sure of to the tokenizer.
import { describe, expect, test } from "bun:test";
import { readTsMetadata } from "../../src/revisions/read-ts-metadata.ts";
import { renderTsRevision } from "../../src/revisions/render-revision.ts";
import { scanCommonShape } from "../../src/revisions/ts-metadata-fast.ts";
import { withAndWithoutFastPath } from "../_support/fast-path";

/** The reader's result (or error message) with and without the fast path. */
const both = (text: string) => withAndWithoutFastPath((fast) => readTsMetadata(text, "m/x.ts", fast));

const generated = renderTsRevision({
  revision: "aaa111",
  downRevisions: ["b1", "c2"],
  branchLabels: ["lab"],
  dependsOn: ["d1"],
  message: "add */ things",
  createDate: "2025-12-14 12:20:31",
  transactional: false,
  upgrade: 'await op.execute("SELECT 1");',
  downgrade: "",
});

const ok = `export const revision = "r1";\nexport const downRevision = null;\n`;

// [name, text, accepted by the fast path?]
const cases: [string, string, boolean][] = [
  ["the generated file (every declaration, lists, header)", generated, true],
  ["a first revision as generated", renderTsRevision({ revision: "r0", downRevisions: [], branchLabels: [], dependsOn: [], message: "m", createDate: "2025-12-14 12:20:31", transactional: true, upgrade: "", downgrade: "" }), true],
  ["single quotes, backticks, let/var, no semicolons", "export let revision = 'r1'\nexport var downRevision = `p1`\nexport function upgrade() {}", true],
  ["a byte-order mark, line comments, a side-effect import", `\uFEFF// note\nimport "./setup";\nimport * as m from 'migrator';\nimport d, { e as f } from "x";\n${ok}`, true],
  ["an empty list and a trailing comma", `export const revision = "r1";\nexport const downRevision = [];\nexport const dependsOn = ["a", 'b',];`, true],
  ["undefined and true", `export const revision = "r1"; export const downRevision = undefined; export const transactional = true;`, true],
  ["nothing after the declarations", ok, true],
  ["a class instead of functions", `${ok}export class X {}`, true],
  // Scanned up to the function; the reader's tail check then hands these to the tokenizer.
  ["a declaration after the functions", `${ok}export function upgrade() {}\nexport const transactional = false;`, true],
  ["a name after the functions that is no declaration", `${ok}export function upgrade() { return "dependsOn"; }`, true],
  ["declared twice", `${ok}export const revision = "r2";`, false],
  ["a generic type (>= is one token to the tokenizer)", `export const revision = "r1";\nexport const downRevision: Array<string>= null;`, false],
  ["an unbalanced brace in an import", `import { a from "x";\n${ok}`, false],
  ["a comment inside an import", `import { a /* from "x"; export const revision = "fake"; */ } from "y";\n${ok}`, false],
  ["declarations inside a block comment", `/* ${ok} */\nexport const revision = "r2";\nexport const downRevision = "r1";`, true],
  ["a non-ASCII letter after null", `export const revision = "r1";\nexport const downRevision = nullé;`, false],
  ["a no-break space (an identifier character to the tokenizer)", `export const revision = "r1";\u00a0export const downRevision = null;`, false],
  ["an escape in a string", `export const revision = "r\\u0031";\nexport const downRevision = null;`, false],
  ["a template with a substitution", "export const revision = `r${1}`;\nexport const downRevision = null;", false],
  ["a value with more after it", `export const revision = "r1" as const;\nexport const downRevision = null;`, false],
  ["other code before the declarations", `const x = 1;\n${ok}`, false],
  ["a number as value", `export const revision = "r1";\nexport const downRevision = 42;`, false],
  ["an id with a dash (the reader reports it)", `export const revision = "ab-cd";\nexport const downRevision = null;`, true],
  ["transactional as a string (the reader reports it)", `${ok}export const transactional = "no";`, true],
  ["no downRevision", `export const revision = "r1";`, true],
  ["an unterminated comment", `/* open\n${ok}`, false],
  // A match must never re-read the inside of a comment as code: here the tokenizer sees no
  // revision at all (the line comment hides it; `*/` is then two punctuators).
  ["a declaration inside a line comment, then a stray */", `// export const revision = "a"; /*\n*/ export const downRevision = null;`, false],
  ["many comments before something unknown (no backtracking blow-up)", `${"/* a */ ".repeat(40)}${"// b\n".repeat(40)}x = 1;\n${ok}`, false],
];

describe("fast path and tokenizer agree", () => {
  for (const [name, text, accepted] of cases) {
    test(`${name}: ${accepted ? "fast path" : "tokenizer"}, same result`, () => {
      expect(scanCommonShape(text) !== null).toBe(accepted);
      const [fast, slow] = both(text);
      expect(fast).toEqual(slow);
    });
  }
  test("a declaration after the functions is found (by the tokenizer)", () => {
    expect(readTsMetadata(`${ok}export function upgrade() {}\nexport const transactional = false;`, "x.ts").transactional).toBe(false);
  });
  test("the generated file's values", () => {
    expect(readTsMetadata(generated, "x.ts")).toMatchObject({
      revision: "aaa111",
      downRevisions: ["b1", "c2"],
      branchLabels: ["lab"],
      dependsOn: ["d1"],
      transactional: false,
      message: "add *\\/ things",
    });
  });
  test("error lines from the fast path are the tokenizer's", () => {
    const text = `export const revision = "r1";\n\nexport const downRevision = "a b";`;
    expect(both(text)[0]).toBe("error: m/x.ts:3: downRevision: 'a b' contains ' ' (only letters, digits and _ are allowed)");
    expect(both(text)[0]).toEqual(both(text)[1]);
  });
});
