// Writes the package's declaration files to build/types/ (tsc --emitDeclarationOnly), so an
// application that imports the package gets full TypeScript types.

import { existsSync } from "node:fs";
import { resolve } from "node:path";

/**
 * Runs tsc. With `allowErrors`, type errors elsewhere in the tree (work in progress) do not
 * stop it as long as tsc still wrote build/types/index.d.ts; returns tsc's output then.
 */
export function emitTypes(root: string = resolve(import.meta.dir, ".."), opts: { allowErrors?: boolean } = {}): string {
  const tsc = resolve(root, "node_modules/typescript/bin/tsc");
  const p = Bun.spawnSync([process.execPath, tsc, "-p", "tsconfig.build.json"], { cwd: root, stdout: "pipe", stderr: "pipe" });
  const output = p.stdout.toString() + p.stderr.toString();
  if (p.exitCode !== 0 && !(opts.allowErrors && existsSync(resolve(root, "build/types/index.d.ts")))) {
    process.stderr.write(output);
    throw new Error("declaration build failed");
  }
  return output;
}

if (import.meta.main) emitTypes();
