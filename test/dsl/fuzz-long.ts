// Long fuzz run (`npm run fuzz` → bun test/dsl/fuzz-long.ts [--cases N] [--seed S]): 100,000 cases
// by default; prints each failure with its seed and case number, exits 1 if any input gives an
// unlocated error, an exception, a hang or a formatting that changes the syntax tree.

import { caseAt, checkInput, seedSchemas } from "./fuzz-cases";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

const cases = flag("cases", 100_000);
const seed = flag("seed", 1);
const seeds = seedSchemas();
const t0 = performance.now();
let failures = 0;
for (let i = 0; i < cases; i++) {
  const input = caseAt(seed, i, seeds);
  const problem = checkInput(input);
  if (problem) {
    failures++;
    console.log(`FAIL seed ${seed} case ${i}: ${problem}\n  input: ${JSON.stringify(input)}`);
    if (failures >= 20) break;
  }
  if ((i + 1) % 10_000 === 0) console.log(`${i + 1} cases, ${failures} failures, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
console.log(`done: ${cases} cases with seed ${seed}, ${failures} failures, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
process.exit(failures ? 1 : 0);
