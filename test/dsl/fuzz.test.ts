// Fuzzing in the normal test run (a few thousand cases, a few seconds): random bytes and random
// mutations of valid schemas give only located errors — no exception, no hang. `npm run fuzz`
// runs test/dsl/fuzz-long.ts for 100,000+ cases.

import { expect, test } from "bun:test";
import { caseAt, checkInput, seedSchemas } from "./fuzz-cases";

const SEED = 20240601;
const CASES = 8000;

test(`${CASES} random and mutated schemas give only located errors, never an exception or a hang`, () => {
  const seeds = seedSchemas();
  const failures: string[] = [];
  for (let i = 0; i < CASES && failures.length < 5; i++) {
    const input = caseAt(SEED, i, seeds);
    const problem = checkInput(input);
    if (problem) failures.push(`case ${i} (seed ${SEED}): ${problem}\ninput: ${JSON.stringify(input)}`);
  }
  expect(failures).toEqual([]);
});

test("pathological inputs: deep nesting, long lines, many unclosed blocks", () => {
  const inputs = [
    "model A {\n  id Int @id @default(" + "[".repeat(5000) + "\n}\n",
    "model A {\n  id Int @id @default(" + "f(".repeat(5000) + "\n}\n",
    "model A {\n" + "  x".repeat(20000) + "\n",
    "model A {\n".repeat(3000),
    '"'.repeat(10000),
    "@".repeat(10000),
    "/".repeat(10001),
    "\u0000\uffff\ud800".repeat(1000),
  ];
  for (const input of inputs) expect(checkInput(input, 5000)).toBeNull();
});
