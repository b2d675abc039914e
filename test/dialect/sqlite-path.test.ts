// sqlitePath() reads the `sqlite:` / `sqlite://` / `file:` prefixes with string tests (it runs on
// every command's start-up path); it must answer as the pattern it replaced did.
import { describe, expect, test } from "bun:test";
import { sqlitePath } from "../../src/dialect/sqlite/index.ts";

const PATTERN = /^(?:sqlite:(?:\/\/)?|file:)(.*)$/i;
const byPattern = (s: string) => PATTERN.exec(s)?.[1] ?? s;

describe("sqlitePath", () => {
  const fixed = [
    "app.db", "data/app.db", "/abs/app.db", ":memory:", "", "sqlite:app.db", "sqlite://app.db", "sqlite:///abs/app.db",
    "SQLite://x.db", "SQLITE:x", "File:x.db", "file:", "sqlite:", "sqlite:/", "sqlite:/x", "sqlit:x", "files:x",
    "sqlite:a\nb", "file:a\rb", "sqlite://a\u2028b", "x\u2029", "postgres://u@h/db", " sqlite:x", "sqlite://",
  ];
  for (const s of fixed) test(JSON.stringify(s), () => expect(sqlitePath(s)).toBe(byPattern(s)));

  test("3,000 generated locations", () => {
    const parts = ["sqlite", "SQLITE", "file", "File", ":", "//", "/", "a", ".db", "\n", "\r", " ", "\u2028", "x:"];
    let seed = 7;
    const rand = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * n);
    for (let i = 0; i < 3000; i++) {
      const s = Array.from({ length: 1 + rand(6) }, () => parts[rand(parts.length)]).join("");
      expect([s, sqlitePath(s)]).toEqual([s, byPattern(s)]);
    }
  });
});
