// Default comparisons the round trips of pairs.test.ts found wrong, against what the server
// prints for them (pg_get_expr): each pair stores the same value, so autogenerate sees no change.

import { expect, test } from "bun:test";
import { pgRules as r } from "../../src/dialect/postgres/pg-rules";

const same: [model: string, server: string, type: string][] = [
  // Prisma's spelling of a DateTime literal default: a space before the zone (pair 1203)
  ["'2024-01-01 00:00:00 +00:00'", "'2024-01-01 00:00:00'::timestamp without time zone", "TIMESTAMP(3)"],
  ["'2024-01-01 00:00:00 +00:00'", "'2024-01-01 00:00:00+00'::timestamp with time zone", "TIMESTAMPTZ(6)"],
  ["'2024-01-01 00:00:00 +00:00'", "'2024-01-01'::date", "DATE"],
];
for (const [a, b, type] of same) {
  test(`${a} = ${b} in ${type}`, () => expect(r.defaultsEquivalent(a, b, type)).toBe(true));
}

test("a different instant written with a space before the zone is still a change", () => {
  expect(r.defaultsEquivalent("'2024-01-01 00:00:00 +00:00'", "'2024-01-01 00:00:01'::timestamp without time zone", "TIMESTAMP(3)")).toBe(false);
});
