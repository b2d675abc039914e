// `npm run bench`: builds the binary, then runs every benchmark script in turn and prints what
// each measures. Figures depend on the machine and its load: run on a quiet machine.
// `npm run bench -- cli pg` runs only the scripts whose path contains one of the words.

import { resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");
const scripts = [
  ["bench/cli-bench.ts"],
  ["bench/pg-bench.ts"], // skips with a reason when no PostgreSQL server answers
  ["bench/revisions-bench.ts"],
  ["bench/dsl-bench.ts"],
  ["bench/autogen-bench.ts"],
  ["bench/autogen-e2e-bench.ts", "--no-build"],
];
const only = process.argv.slice(2);

const b = Bun.spawnSync([process.execPath, "build/build.ts"], { cwd: ROOT, stdout: "inherit", stderr: "inherit" });
if (b.exitCode !== 0) process.exit(b.exitCode ?? 1);
let failed = 0;
for (const [s, ...args] of scripts) {
  if (only.length && !only.some((o) => s!.includes(o))) continue;
  console.log(`\n== ${s}`);
  const p = Bun.spawnSync([process.execPath, s!, ...args], { cwd: ROOT, stdout: "inherit", stderr: "inherit" });
  if (p.exitCode !== 0) failed++;
}
process.exit(failed ? 1 : 0);
