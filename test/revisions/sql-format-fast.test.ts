// The fast path of the SQL header reader must agree with the line-by-line reader on every file
// it accepts, and must hand everything it can't be sure of to that reader.
import { describe, expect, test } from "bun:test";
import { renderSqlRevision } from "../../src/revisions/render-revision.ts";
import { plainMarker, readSqlFile, readSqlMetadata, scanHeaderFast, splitSqlMigration } from "../../src/revisions/sql-format.ts";
import { withAndWithoutFastPath } from "../_support/fast-path";

/** The reader's result (or error message) with and without the fast path. */
const both = (text: string) => withAndWithoutFastPath((fast) => readSqlMetadata(text, "m/x.sql", fast));

const generated = renderSqlRevision({
  revision: "aaa111",
  downRevisions: ["b1", "c2"],
  branchLabels: ["lab"],
  dependsOn: ["d1"],
  message: "add things: and more",
  createDate: "2025-12-14 12:20:31",
  transactional: false,
  upgrade: "CREATE TABLE t (id INTEGER);",
  downgrade: "DROP TABLE t;",
});
const body = "\n-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n";

// [name, text, accepted by the fast path?]
const cases: [string, string, boolean][] = [
  ["the generated file (every key, lists, transactional)", generated, true],
  ["a first revision as people write it", `-- message: first\n-- revision: r1\n-- down_revision:\n${body}`, true],
  ["no space after the dashes or the colon", `--revision:r1\n--down_revision:r0\n${body}`, true],
  ["dbmate's transaction:false option", `-- revision: r1\n-- down_revision: r0\n\n-- migrate:up transaction:false\nSELECT 1;\n`, true],
  ["no down section", `-- revision: r1\n-- down_revision: r0\n-- migrate:up\nSELECT 1;`, true],
  ["quoted ids and none", `-- revision: "r1"\n-- down_revision: none\n-- depends_on: 'a', "b"\n${body}`, true],
  ["a byte-order mark", `\uFEFF-- revision: r1\n-- down_revision: r0\n${body}`, false],
  ["CRLF line ends", `-- revision: r1\r\n-- down_revision: r0\r\n\r\n-- migrate:up\r\nSELECT 1;\r\n`, false],
  ["an ordinary comment line", `-- written by hand\n-- revision: r1\n-- down_revision: r0\n${body}`, false],
  ["a note with a colon", `-- note: remember this\n-- revision: r1\n-- down_revision: r0\n${body}`, false],
  ["indented header lines", `  -- revision: r1\n-- down_revision: r0\n${body}`, false],
  ["alternative key spellings", `-- Revision ID: r1\n-- Revises: r0\n${body}`, false],
  ["a key in capitals", `-- REVISION: r1\n-- down_revision: r0\n${body}`, false],
  ["trailing spaces after a value", `-- revision: r1  \n-- down_revision: r0\n${body}`, false],
  ["a no-break space around a value", `-- revision: r1\u00a0\n-- down_revision: r0\n${body}`, false],
  ["a key given twice", `-- revision: r1\n-- revision: r2\n-- down_revision: r0\n${body}`, false],
  ["a near-miss key", `-- revison: r1\n-- down_revision: r0\n${body}`, false],
  ["SQL before the up marker", `-- revision: r1\n-- down_revision: r0\nSELECT 1;\n${body}`, false],
  ["the down marker first", `-- revision: r1\n-- down_revision: r0\n-- migrate:down\nSELECT 2;\n-- migrate:up\nSELECT 1;\n`, false],
  ["no up marker", `-- revision: r1\n-- down_revision: r0\nSELECT 1;\n`, false],
  ["an empty file", "", false],
  ["migrate:upper is not the marker", `-- revision: r1\n-- down_revision: r0\n-- migrate:upper\n${body}`, false],
  // accepted by the fast path, then refused by the shared checks with the same message
  ["a bad revision id", `-- revision: r-1\n-- down_revision: r0\n${body}`, true],
  ["no down_revision line", `-- revision: r1\n${body}`, true],
  ["no revision line", `-- down_revision: r0\n${body}`, true],
  ["a bad transactional value", `-- revision: r1\n-- down_revision: r0\n-- transactional: maybe\n${body}`, true],
  ["a second up marker further down", `-- revision: r1\n-- down_revision: r0\n-- migrate:up\nSELECT 1;\n-- migrate:up\n`, true],
];

describe("the SQL header fast path", () => {
  for (const [name, text, accepted] of cases) {
    test(`${name}: ${accepted ? "read by the fast path" : "left to the full reader"}, same result`, () => {
      expect(scanHeaderFast(text) !== null).toBe(accepted);
      const [fast, full] = both(text);
      expect(fast).toEqual(full);
    });
  }

  test("random headers built from valid and odd lines agree with the full reader", () => {
    const lines = [
      "-- revision: r1",
      "-- revision: r2",
      "-- down_revision: r0",
      "-- down_revision:",
      "-- message: hello: world",
      "-- branch_labels: lab",
      "-- depends_on: d1, d2",
      "-- create_date: 2025-01-01 00:00:00",
      "-- transactional: false",
      "--revision:r3",
      "",
      "   ",
      "-- a comment",
      "-- Revises: r0",
      "SELECT 1;",
      "-- migrate:down",
      "-- migrate:up",
      "-- migrate:up transaction:false",
      "\t-- revision: r4",
      "-- revision: r1 ",
    ];
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let acceptedCount = 0;
    for (let i = 0; i < 3000; i++) {
      const n = 1 + rand(7);
      const picked = Array.from({ length: n }, () => lines[rand(lines.length)]!);
      const text = picked.join("\n") + (rand(2) ? "\n-- migrate:up\nSELECT 1;\n" : "\n");
      if (scanHeaderFast(text) !== null) acceptedCount++;
      const [fast, full] = both(text);
      expect(fast).toEqual(full);
    }
    // the fast path is exercised, not only the fallback
    expect(acceptedCount).toBeGreaterThan(300);
  });
});

describe("the plain marker check agrees with the marker expression", () => {
  const MARKER = /^\s*--\s*migrate:(up|down)\b(.*)$/;
  const lines = [
    "-- migrate:up", "-- migrate:down", "-- migrate:up transaction:false", "-- migrate:down\t x ", "-- migrate:up\r",
    "-- migrate:upper", "-- migrate:downward", "-- migrate:", "-- migrate:Up", "--migrate:up", "  -- migrate:up",
    "-- migrate:up:", "-- migrate:up-x", "-- migrate:down ", "-- migrate:upé", "-- migrate:down\u00a0",
  ];
  for (const line of lines) {
    test(JSON.stringify(line), () => {
      const text = `SELECT 1;\n${line}\nSELECT 2;`;
      const pos = text.indexOf("\n") + 1;
      const eol = text.indexOf("\n", pos);
      const fast = plainMarker(text, pos, eol);
      const m = MARKER.exec(line);
      const plain = /^-- migrate:(up|down)([ \t].*)?$/.test(line);
      expect(fast !== null).toBe(plain);
      // the check either declines (the expression decides) or reads what the expression reads
      if (fast !== null) {
        expect(m).not.toBeNull();
        expect([fast[1], fast[2].trim()]).toEqual([m![1]!, m![2]!.trim()]);
      }
    });
  }
});

describe("sections split with the layout readSqlFile found equal sections split from scratch", () => {
  const texts: [string, string][] = [
    ...cases.map(([name, text]): [string, string] => [name, text]),
    ["sections with blank lines and comments", `-- revision: r1\n-- down_revision: r0\n\n-- migrate:up\n-- a note\nSELECT 1;\n\n  \n-- migrate:down\n\nSELECT 2;\n-- end\n`],
    ["a header line mentioning migrate:up", `-- message: migrate:up later\n-- revision: r1\n-- down_revision: r0\n${body}`],
    ["the generated file without a down section", generated.slice(0, generated.indexOf("-- migrate:down"))],
  ];
  const readable = texts.filter(([, text]) => {
    try {
      readSqlFile(text, "m/x.sql");
      return true;
    } catch {
      return false; // a file the script directory refuses never reaches the runner
    }
  });
  test("most of the cases are readable files", () => expect(readable.length).toBeGreaterThan(12));
  for (const [name, text] of readable) {
    test(name, () => {
      const { layout } = readSqlFile(text, "m/x.sql");
      expect(splitSqlMigration(text, "m/x.sql", layout)).toEqual(splitSqlMigration(text, "m/x.sql"));
    });
  }
});

// The fast path once was one sticky regular expression per line; it is now string searches (no
// pattern to compile on the start-up path). It must accept exactly the lines the expression
// accepted, and read the same values from them.
describe("the fast path reads what the line expression it replaced read", () => {
  const FAST_LINE = /(?:--[ \t]*(revision|down_revision|message|create_date|branch_labels|depends_on|transactional)[ \t]*:[ \t]*([^\n\r]*)|--[ \t]*migrate:up\b([^\n\r]*)|[ \t]*)(?:\n|$)/y;
  function byExpression(text: string) {
    const values = new Map<string, { value: string; line: number }>();
    let pos = 0;
    let line = 0;
    while (pos < text.length) {
      line++;
      FAST_LINE.lastIndex = pos;
      const m = FAST_LINE.exec(text);
      if (m === null) return null;
      if (m[1] !== undefined) {
        const value = m[2]!;
        if (values.has(m[1]) || value !== value.trim()) return null;
        values.set(m[1], { value, line });
      } else if (m[3] !== undefined) {
        return { values, upOptions: m[3].trim(), upStart: pos, line };
      } else if (FAST_LINE.lastIndex === pos) return null;
      pos = FAST_LINE.lastIndex;
    }
    return null;
  }
  const pick = <T,>(xs: T[], r: (n: number) => number) => xs[r(xs.length)]!;
  const prefixes = ["--", "-- ", "-- ", "--\t", " --", "", "-"];
  const keys = ["revision", "down_revision", "message", "transactional", "depends_on", "branch_labels", "create_date", "revisions", "Revision", "migrate", "note"];
  const seps = [":", ": ", ": ", " :", ":\t", "\t: ", ""];
  const vals = ["r1", "r1", "", "r1 ", " r1", "a\rb", "x: y", "é", "up", "upper", "up x", "up\r", "a, b", "\u00a0r1"];
  const blanks = ["", " ", "\t ", " \r", "x"];
  test("5,000 generated headers", () => {
    let seed = 99;
    // the high bits of the generator (its low bits repeat with a short period)
    const rand = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * n);
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      const lines = Array.from({ length: 1 + rand(5) }, () =>
        rand(5) === 0 ? pick(blanks, rand) : pick(prefixes, rand) + pick(keys, rand) + pick(seps, rand) + pick(vals, rand),
      );
      const text = lines.join("\n") + (rand(3) ? "\n-- migrate:up\nSELECT 1;\n" : "");
      const want = byExpression(text);
      if (want !== null) accepted++;
      expect([text, scanHeaderFast(text)]).toEqual([text, want as never]);
    }
    expect(accepted).toBeGreaterThan(200);
  });
  for (const line of ["-- migrate :up", "--migrate:up", "-- migrate:up_x", "-- migrate:up\t\tx", "--\trevision\t:\tr1", "-- revision :r1", "-- revision: r1\r", "  ", " \t ", "-- revision:"]) {
    test(JSON.stringify(line), () => {
      const text = `${line}\n-- migrate:up\nSELECT 1;\n`;
      expect(scanHeaderFast(text)).toEqual(byExpression(text) as never);
    });
  }
});
