// The CLI writes to file descriptors 1 and 2 directly (not through process.stdout, which costs
// start-up time): a large output through a pipe whose reader is slow arrives whole, and a reader
// that stops early (`| head -n 1`) ends the output quietly, without an error or a stack trace.

import { beforeAll, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { binary, project } from "../_support/project";

let dir = "";
let bin = "";
const N = 3000;

beforeAll(() => {
  bin = binary();
  const p = project();
  dir = p.dir;
  for (let i = 0; i < N; i++) {
    const rev = (0xa00000000000 + i).toString(16);
    const down = i ? (0xa00000000000 + i - 1).toString(16) : "";
    writeFileSync(
      join(p.migrations, `2025_01_01_0000-${String(i).padStart(5, "0")}_${rev}.sql`),
      `-- message: step number ${i} with a fairly long message to make the output larger\n-- revision: ${rev}\n-- down_revision: ${down}\n\n-- migrate:up\nSELECT ${i};\n\n-- migrate:down\nSELECT ${i};\n`,
    );
  }
});

function sh(script: string) {
  const p = Bun.spawnSync(["bash", "-c", script], { cwd: dir, env: { PATH: process.env.PATH!, NO_COLOR: "1", BIN: bin }, stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

test("a large --json output through a slow pipe arrives whole and parses", () => {
  const direct = Bun.spawnSync([bin, "history", "--verbose", "--json"], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  expect(direct.exitCode).toBe(0);
  const size = direct.stdout.length;
  expect(size).toBeGreaterThan(1_000_000); // far more than a pipe buffer holds
  expect(JSON.parse(direct.stdout.toString()).revisions).toHaveLength(N);
  // the reader sleeps before reading, so the writer meets a full pipe
  const r = sh(`"$BIN" history --verbose --json | (sleep 0.3; wc -c); echo "rc=\${PIPESTATUS[0]}"`);
  expect(r.stdout.trim().split(/\s+/)).toEqual([String(size), "rc=0"]);
  expect(r.stderr).toBe("");
});

test("a reader that stops early ends the output quietly", () => {
  const r = sh(`"$BIN" history | head -n 1; echo "rc=\${PIPESTATUS[0]}"`);
  const lines = r.stdout.trim().split("\n");
  expect(lines[0]).toMatch(/^[0-9a-f]{12} -> [0-9a-f]{12} \(head\), step number 2999/);
  expect(lines[1]).toBe("rc=0");
  expect(r.stderr).toBe("");
});
