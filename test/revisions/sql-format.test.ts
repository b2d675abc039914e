import { describe, expect, test } from "bun:test";
import { RevisionError } from "../../src/errors.ts";
import { readSqlMetadata, splitSqlMigration } from "../../src/revisions/sql-format.ts";

const FILE = `-- message: add priority to artifacts
-- revision: 261b037d15fa
-- down_revision: 1a2b3c4d5e6f
-- branch_labels:
-- depends_on:
-- create_date: 2025-12-14 12:20:31

-- migrate:up
ALTER TABLE artifacts ADD COLUMN priority INTEGER;
UPDATE artifacts SET priority = 1;

-- migrate:down
ALTER TABLE artifacts DROP COLUMN priority;
`;

function errorOf(text: string): string {
  try {
    readSqlMetadata(text, "migrations/x.sql");
  } catch (e) {
    if (e instanceof RevisionError) return `${e.code} ${e.message}`;
    throw e;
  }
  throw new Error("expected an error");
}

describe("SQL migration metadata", () => {
  test("the documented header", () => {
    expect(readSqlMetadata(FILE, "migrations/x.sql")).toEqual({
      revision: "261b037d15fa",
      downRevisions: ["1a2b3c4d5e6f"],
      branchLabels: [],
      dependsOn: [],
      message: "add priority to artifacts",
      createDate: "2025-12-14 12:20:31",
      transactional: true,
      path: "migrations/x.sql",
      format: "sql",
    });
  });
  const cases: [string, string, object][] = [
    ["comma-separated parents of a merge", "-- revision: m1\n-- down_revision: a1, b2\n-- migrate:up\n", { downRevisions: ["a1", "b2"] }],
    ["None for a base", "-- revision: r1\n-- down_revision: None\n-- migrate:up\n", { downRevisions: [] }],
    ["an empty down_revision for a base", "-- revision: r1\n-- down_revision:\n-- migrate:up\n", { downRevisions: [] }],
    ["quoted values", "-- revision: 'r1'\n-- down_revision: \"p1\"\n-- migrate:up\n", { revision: "r1", downRevisions: ["p1"] }],
    ["labels and dependencies", "-- revision: r1\n-- down_revision:\n-- branch_labels: core, audit\n-- depends_on: d1\n-- migrate:up\n", { branchLabels: ["core", "audit"], dependsOn: ["d1"] }],
    ["transactional: false", "-- revision: r1\n-- down_revision:\n-- transactional: false\n-- migrate:up\n", { transactional: false }],
    ["dbmate's transaction:false on the up marker", "-- revision: r1\n-- down_revision:\n-- migrate:up transaction:false\n", { transactional: false }],
    ["ordinary comments in the header", "-- This file adds things.\n-- Note: careful\n-- revision: r1\n-- down_revision:\n-- migrate:up\n", { revision: "r1" }],
    ["Revises as an alias", "-- Revision ID: r1\n-- Revises: p1\n-- migrate:up\n", { revision: "r1", downRevisions: ["p1"] }],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => expect(readSqlMetadata(text, "x.sql")).toMatchObject(expected));
  }
});

describe("SQL metadata errors", () => {
  const cases: [string, string, string][] = [
    ["no up marker", "-- revision: r1\n-- down_revision:\n", "bad_metadata migrations/x.sql:1: no `-- migrate:up`"],
    ["SQL before the up marker", "-- revision: r1\n-- down_revision:\nCREATE TABLE t (x);\n-- migrate:up\n", "migrations/x.sql:3: SQL before"],
    ["down before up", "-- revision: r1\n-- down_revision:\n-- migrate:down\n-- migrate:up\n", "migrations/x.sql:3: `-- migrate:down` before"],
    ["two up markers", "-- revision: r1\n-- down_revision:\n-- migrate:up\nSELECT 1;\n-- migrate:up\n", "migrations/x.sql:5: second `-- migrate:up`"],
    ["a misspelt key", "-- revision: r1\n-- down_revison: p1\n-- migrate:up\n", "migrations/x.sql:2: unknown header key 'down_revison' — did you mean 'down_revision'?"],
    ["no revision", "-- down_revision:\n-- migrate:up\n", "no `-- revision: <id>`"],
    ["no down_revision", "-- revision: r1\n-- migrate:up\n", "migrations/x.sql:1: no `-- down_revision:`"],
    ["a bad id", "-- revision: r1\n-- down_revision: a b\n-- migrate:up\n", "migrations/x.sql:2: down_revision: 'a b' contains ' '"],
    ["transactional: maybe", "-- revision: r1\n-- down_revision:\n-- transactional: maybe\n-- migrate:up\n", "migrations/x.sql:3: transactional must be true or false"],
  ];
  for (const [name, text, message] of cases) test(name, () => expect(errorOf(text)).toContain(message));
});

describe("splitting a SQL migration", () => {
  test("up and down text with marker lines", () => {
    expect(splitSqlMigration(FILE, "x.sql")).toEqual({
      up: "ALTER TABLE artifacts ADD COLUMN priority INTEGER;\nUPDATE artifacts SET priority = 1;",
      down: "ALTER TABLE artifacts DROP COLUMN priority;",
      upLine: 8,
      downLine: 12,
    });
  });
  test("no down section means down is null", () => {
    expect(splitSqlMigration("-- migrate:up\nSELECT 1;\n", "x.sql")).toEqual({ up: "SELECT 1;", down: null, upLine: 1, downLine: null });
  });
  test("a marker-like text inside a statement line is not a marker", () => {
    const s = splitSqlMigration("-- migrate:up\nSELECT '-- migrate:down';\n", "x.sql");
    expect(s.down).toBeNull();
  });
});
