// Helpers shared by the end-to-end benchmarks: medians, timing one process, fresh copies of
// executables, compiling the floor programs of bench/floors/, and the machine's load average.
// Figures are medians of interleaved runs; see cli-bench.ts for why binaries are copied fresh.

import { chmodSync, copyFileSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dir, "..");

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Wall-clock milliseconds of one run of `cmd` (spawn to exit); throws if it exits non-zero. */
export function time(cmd: string[], cwd: string, opts: { input?: string; env?: Record<string, string> } = {}): number {
  const env = { PATH: process.env.PATH!, NO_COLOR: "1", ...opts.env };
  const stdin = opts.input ? Buffer.from(opts.input) : "ignore";
  const t0 = performance.now();
  const p = Bun.spawnSync(cmd, { cwd, stdin, stdout: "ignore", stderr: "pipe", env });
  const ms = performance.now() - t0;
  if (p.exitCode !== 0) throw new Error(`${cmd.join(" ")} failed: ${p.stderr.toString()}`);
  return ms;
}

/** A fresh copy of an executable in `dir`: both sides of a ratio run from files written together. */
export function freshCopy(path: string, dir: string, name: string): string {
  const to = join(dir, name);
  rmSync(to, { force: true });
  copyFileSync(path, to);
  chmodSync(to, 0o755);
  return to;
}

/** Compiles bench/floors/<name>.ts with `bun build --compile --minify` into `outfile`. */
export function compileFloor(name: string, outfile: string): string {
  const src = join(ROOT, "bench/floors", `${name}.ts`);
  const b = Bun.spawnSync([process.execPath, "build", src, "--compile", "--minify", "--outfile", outfile], { cwd: ROOT, stdout: "ignore", stderr: "pipe" });
  if (b.exitCode !== 0) throw new Error(`compiling ${src} failed: ${b.stderr.toString()}`);
  return outfile;
}

export const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
