// Shared by the release tests: run a program with a clean, explicit environment (no
// DATABASE_URL or MIGRATOR_* leaking in from the developer's shell) and collect its output;
// temporary folders that are removed afterwards.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string[], opts: { cwd: string; env?: Record<string, string> }): Ran {
  const p = Bun.spawnSync(cmd, {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: opts.cwd, NO_COLOR: "1", ...opts.env },
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: p.exitCode ?? -1, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

/** Like run(), without blocking the event loop (a server in this process must keep answering). */
export async function runAsync(cmd: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<Ran> {
  const p = Bun.spawn(cmd, {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: opts.cwd, NO_COLOR: "1", ...opts.env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, stdout, stderr };
}

/** True when `name` is an executable on PATH. */
export function onPath(name: string): boolean {
  return Bun.which(name) !== null;
}

const scratchDirs: string[] = [];

/**
 * A temporary folder removed by `removeScratch()` (call it in afterAll): these tests copy
 * ~100 MB binaries around, which must not pile up in the temp folder run after run.
 */
export function scratch(prefix = "migrator-release-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
}

export function removeScratch(): void {
  for (const d of scratchDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
