// isMigrationFileName: which names in the migrations folder are migrations (the script
// directory's rule: *.ts except *.d.ts, *.sql, nothing starting with `_` or `.`).
import { describe, expect, test } from "bun:test";
import { isMigrationFileName } from "../../src/revisions/script-directory.ts";

const cases: [string, boolean][] = [
  ["2025_01_01_0000-abc_step.ts", true],
  ["2025_01_01_0000-abc_step.sql", true],
  ["a.ts", true],
  ["a.sql", true],
  ["d.ts", true],
  ["x.d.ts", false],
  ["types.d.ts", false],
  ["_helpers.ts", false],
  ["_seed.sql", false],
  [".hidden.ts", false],
  [".ts", false],
  [".sql", false],
  ["ts", false],
  ["sql", false],
  ["", false],
  ["notes.md", false],
  ["step.TS", false],
  ["step.SQL", false],
  ["step.tsx", false],
  ["step.sqlite", false],
  ["step.js", false],
  ["step.ts~", false],
  ["step_d.ts", true],
  ["step.d.sql", true],
  ["step.xd.ts", true],
];

describe("isMigrationFileName", () => {
  test.each(cases)("%p -> %p", (name, expected) => {
    expect(isMigrationFileName(name)).toBe(expected);
  });
});
