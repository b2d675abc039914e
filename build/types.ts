// Writes the package's declaration files to build/types/ (tsc --emitDeclarationOnly), so an
// application that imports "migrator" gets full TypeScript types.

import { resolve } from "node:path";

export function emitTypes(root: string = resolve(import.meta.dir, "..")): void {
  const tsc = resolve(root, "node_modules/typescript/bin/tsc");
  const p = Bun.spawnSync([process.execPath, tsc, "-p", "tsconfig.build.json"], { cwd: root, stdout: "pipe", stderr: "pipe" });
  if (p.exitCode !== 0) {
    process.stderr.write(p.stdout.toString() + p.stderr.toString());
    throw new Error("declaration build failed");
  }
}

if (import.meta.main) emitTypes();
