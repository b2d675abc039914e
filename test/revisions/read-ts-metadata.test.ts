import { describe, expect, test } from "bun:test";
import { RevisionError } from "../../src/errors.ts";
import { readTsMetadata } from "../../src/revisions/read-ts-metadata.ts";

const HEADER = `/**
 * add priority to artifacts
 *
 * Revision ID: 261b037d15fa
 * Revises: 1a2b3c4d5e6f
 * Create Date: 2025-12-14 12:20:31
 */
import type { Op } from "migrator";
`;

function read(body: string, header = HEADER) {
  return readTsMetadata(header + body, "migrations/x.ts");
}

function errorOf(text: string): string {
  try {
    readTsMetadata(text, "migrations/x.ts");
  } catch (e) {
    if (e instanceof RevisionError) {
      expect(e.code).toBe("bad_metadata");
      return e.message;
    }
    throw e;
  }
  throw new Error("expected bad_metadata");
}

describe("TypeScript metadata", () => {
  test("the documented format", () => {
    const m = read(`
export const revision = "261b037d15fa";
export const downRevision: string | string[] | null = "1a2b3c4d5e6f";
export const branchLabels: string[] | null = null;
export const dependsOn: string[] | null = null;

export async function upgrade(op: Op) {
  op.addColumn("artifacts", { name: "priority", type: "INTEGER", nullable: true });
}
`);
    expect(m).toEqual({
      revision: "261b037d15fa",
      downRevisions: ["1a2b3c4d5e6f"],
      branchLabels: [],
      dependsOn: [],
      message: "add priority to artifacts",
      createDate: "2025-12-14 12:20:31",
      transactional: true,
      path: "migrations/x.ts",
      format: "ts",
    });
  });

  const valueCases: [string, string, Partial<ReturnType<typeof readTsMetadata>>][] = [
    ["single quotes", `export const revision = 'aaa111'; export const downRevision = 'bbb222';`, { revision: "aaa111", downRevisions: ["bbb222"] }],
    ["backticks", "export const revision = `aaa111`; export const downRevision = null;", { revision: "aaa111", downRevisions: [] }],
    [
      "a merge list over several lines with a trailing comma and as const",
      `export const revision = "m1";\nexport const downRevision = [\n  "a1", // first\n  'b2',\n] as const;`,
      { downRevisions: ["a1", "b2"] },
    ],
    [
      "generic type annotations",
      `export const revision: string = "r1";\nexport const downRevision: Array<string> | ReadonlyArray<string> | null = ["p1"];\nexport const branchLabels: readonly string[] = ["core"];`,
      { revision: "r1", downRevisions: ["p1"], branchLabels: ["core"] },
    ],
    ["dependsOn as one string", `export const revision = "r1"; export const downRevision = null; export const dependsOn = "d1";`, { dependsOn: ["d1"] }],
    ["transactional false", `export const revision = "r1"; export const downRevision = null; export const transactional = false;`, { transactional: false }],
    ["undefined as null", `export const revision = "r1"; export const downRevision = undefined;`, { downRevisions: [] }],
    ["let instead of const", `export let revision = "r1"; export let downRevision = null;`, { revision: "r1" }],
    [
      "transactional declared after the functions",
      `export const revision = "r1"; export const downRevision = null;\nexport async function upgrade(op: Op) { await op.execute("x"); }\nexport const transactional = false;`,
      { transactional: false },
    ],
    [
      "look-alikes in comments, strings, templates and regexes are ignored",
      [
        `// export const revision = "fake1";`,
        `/* export const downRevision = "fake2"; */`,
        `const s = "export const revision = 'fake3'";`,
        `const e = "a \\" export const revision = \\"fake5\\" ", f = 'it\\'s';`,
        "const t = `${'}'} export const revision = \"fake4\"`;",
        `const re = /['"]export const revision/g;`,
        `function f() { const revision = "inner"; }`,
        `export const revision = "real1";`,
        `export const downRevision = null;`,
        `export function upgrade() { const transactional = false; return "transactional"; }`,
      ].join("\n"),
      { revision: "real1", downRevisions: [], transactional: true },
    ],
  ];
  for (const [name, body, expected] of valueCases) {
    test(name, () => expect(read(body, "")).toMatchObject(expected));
  }

  test("message is the header's first paragraph; no header gives an empty message", () => {
    expect(read(`export const revision = "r1"; export const downRevision = null;`, "/**\n * first line\n * continues\n *\n * more text\n */\n").message).toBe("first line continues");
    const m = read(`export const revision = "r1"; export const downRevision = null;`, "");
    expect(m.message).toBe("");
    expect(m.createDate).toBeNull();
  });

  test("a byte-order mark and a shebang before the header are fine", () => {
    const m = readTsMetadata(`\uFEFF#!/usr/bin/env bun\n/** hi */\nexport const revision = "r1"; export const downRevision = null;`, "x.ts");
    expect(m.message).toBe("hi");
  });
});

describe("TypeScript metadata errors name the file and line", () => {
  const cases: [string, string, string][] = [
    ["a number as downRevision", `export const revision = "r1";\n\nexport const downRevision = 42;`, "migrations/x.ts:3: downRevision must be a string, a list of strings or null"],
    ["a variable as downRevision", `export const revision = "r1";\nexport const downRevision = PREV;`, "migrations/x.ts:2: downRevision must be a string, a list of strings or null"],
    ["a non-string in the list", `export const revision = "r1";\nexport const downRevision = [\n "a",\n 3,\n];`, "migrations/x.ts:4: downRevision must be"],
    ["a template with a substitution", "export const revision = `r${1}`;\nexport const downRevision = null;", "migrations/x.ts:1: revision must be a string literal"],
    ["a list as revision", `export const revision = ["a"];\nexport const downRevision = null;`, "migrations/x.ts:1: revision must be a string literal"],
    ["no revision", `export const downRevision = null;`, "migrations/x.ts:1: no `export const revision"],
    ["no downRevision", `export const revision = "r1";`, "migrations/x.ts:1: no `export const downRevision"],
    ["revision declared twice", `export const revision = "r1";\nexport const downRevision = null;\nexport const revision = "r2";`, "migrations/x.ts:3: revision is declared twice (first on line 1)"],
    ["a revision id with a dash", `export const revision = "ab-cd";\nexport const downRevision = null;`, "migrations/x.ts:1: revision: 'ab-cd' contains '-'"],
    ["a reserved word as id", `export const revision = "head";\nexport const downRevision = null;`, "reserved word"],
    ["transactional as a string", `export const revision = "r1";\nexport const downRevision = null;\nexport const transactional = "no";`, "migrations/x.ts:3: transactional must be true or false"],
    ["a declaration without value", `export const revision = "r1";\nexport const downRevision: string;`, "migrations/x.ts:2: downRevision has no value"],
    ["an unterminated string before the metadata", `const x = "oops\nexport const revision = "r1";`, "migrations/x.ts:1: unterminated string"],
  ];
  for (const [name, text, message] of cases) {
    test(name, () => expect(errorOf(text)).toContain(message));
  }
});
