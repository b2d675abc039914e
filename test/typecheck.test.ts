// The whole project type-checks (tsc --noEmit): the declaration files `npm run build` emits
// for the package depend on it, and so does every reader of the code.

import { expect, test } from "bun:test";
import { resolve } from "node:path";

test("tsc --noEmit reports no errors", () => {
  const root = resolve(import.meta.dir, "..");
  const p = Bun.spawnSync([process.execPath, resolve(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "."], {
    cwd: root,
    stdout: "pipe",
    stderr: "pipe",
  });
  expect(p.stdout.toString() + p.stderr.toString()).toBe("");
  expect(p.exitCode).toBe(0);
});
