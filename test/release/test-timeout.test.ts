// The suite's per-test timeout (test/_support/default-timeout.ts, preloaded by bunfig.toml) is
// in force in every file, for tests and hooks: nothing fails because a loaded machine is slow.

import { beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ROOT } from "../_support/project";

// Bun's own default is 5,000 ms; these wait a little longer than that.
const PAST_BUN_DEFAULT_MS = 5_500;

describe("the suite's default per-test timeout", () => {
  let hookWaited = 0;
  beforeAll(async () => {
    const t0 = performance.now();
    await Bun.sleep(PAST_BUN_DEFAULT_MS);
    hookWaited = performance.now() - t0;
  });

  test("a hook and a test may each run longer than bun's 5 s default", async () => {
    expect(hookWaited).toBeGreaterThanOrEqual(PAST_BUN_DEFAULT_MS - 50);
    const t0 = performance.now();
    await Bun.sleep(PAST_BUN_DEFAULT_MS);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(PAST_BUN_DEFAULT_MS - 50);
  });

  test("line numbers in stack traces are those of the file (the preload adds no line)", () => {
    const line = Number(/test-timeout\.test\.ts:(\d+):/.exec(new Error("here").stack ?? "")?.[1]);
    expect(line).toBe(28);
  });

  test("no test file passes its own, shorter timeout to test() or a hook", () => {
    // `}, 30_000)` after a test body overrides the suite's default with one load can trip.
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.test\.[jt]sx?$/.test(e.name)) {
          readFileSync(p, "utf8")
            .split("\n")
            .forEach((l, i) => {
              if (/^\s*\}\s*,\s*(\d[\d_]{3,}\s*\)|[A-Z][A-Z_]*_MS\s*\)|\{\s*timeout\s*:)/.test(l) || /\bsetDefaultTimeout\s*\(|\bjest\.setTimeout\s*\(/.test(l)) offenders.push(`${relative(ROOT, p)}:${i + 1}: ${l.trim()}`);
            });
        }
      }
    };
    walk(join(ROOT, "test"));
    expect(offenders).toEqual([]);
  });
});
