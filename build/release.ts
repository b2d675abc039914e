// The release set: one standalone executable per target in build/dist/ (migrator-<target>) and
// build/dist/SHA256SUMS in `sha256sum` format ("<hex>  <name>"), so that
// `cd build/dist && sha256sum -c SHA256SUMS` and install.sh can verify downloads.

import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { compile, RELEASE_TARGETS, type Target } from "./build";

export const DIST = "build/dist";
export const CHECKSUMS = "SHA256SUMS";

export interface ReleaseFile {
  name: string; // file name inside build/dist, e.g. migrator-linux-arm64
  path: string;
  bytes: number;
  sha256: string;
  target: Target;
}

export function releaseFileName(target: Target): string {
  return `migrator-${target.name}`;
}

export function findTarget(name: string): Target {
  const t = RELEASE_TARGETS.find((x) => x.name === name);
  if (!t) throw new Error(`unknown release target '${name}' (known: ${RELEASE_TARGETS.map((x) => x.name).join(", ")})`);
  return t;
}

/** Hex SHA-256 of a file, streamed in chunks: release binaries are ~100 MB each. */
export function sha256File(path: string): string {
  const hasher = new Bun.CryptoHasher("sha256");
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(4 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hasher.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hasher.digest("hex");
}

/** Writes `dir/SHA256SUMS` for `names` (sorted, two spaces: GNU sha256sum text mode). */
export function writeChecksums(dir: string, names: string[]): string {
  const text = [...names]
    .sort()
    .map((n) => `${sha256File(join(dir, n))}  ${n}\n`)
    .join("");
  writeFileSync(join(dir, CHECKSUMS), text);
  return text;
}

/** Newest modification time of what goes into a binary: sources, the build script, the lock. */
export function inputsMtime(root: string): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(root, "src"));
  for (const f of ["build/build.ts", "package.json", "package-lock.json"]) {
    const p = join(root, f);
    if (existsSync(p)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * The binary for one target in build/dist, compiled only when missing or older than its inputs
 * (tests build just the targets they run, and reuse them across runs).
 */
export async function ensureReleaseFile(root: string, target: Target, dir = join(root, DIST)): Promise<string> {
  const out = join(dir, releaseFileName(target));
  if (existsSync(out) && statSync(out).mtimeMs >= inputsMtime(root)) return out;
  await compile(out, target);
  return out;
}

export interface ReleaseOptions {
  targets?: Target[];
  /** Output folder (default build/dist under root). */
  dir?: string;
  /** Rebuild even when a file is newer than the sources (the default for a release). */
  force?: boolean;
  log?: (line: string) => void;
}

/** Builds every target into build/dist and writes build/dist/SHA256SUMS for exactly those files. */
export async function buildRelease(root: string, opts: ReleaseOptions = {}): Promise<ReleaseFile[]> {
  const targets = opts.targets ?? RELEASE_TARGETS;
  const force = opts.force ?? true;
  const log = opts.log ?? ((l: string) => console.error(l));
  const dir = opts.dir ?? join(root, DIST);
  const files: ReleaseFile[] = [];
  for (const t of targets) {
    const t0 = performance.now();
    const path = force ? join(dir, releaseFileName(t)) : await ensureReleaseFile(root, t, dir);
    if (force) await compile(path, t);
    const bytes = statSync(path).size;
    files.push({ name: releaseFileName(t), path, bytes, sha256: "", target: t });
    log(`built ${relative(root, join(dir, releaseFileName(t)))} (${(bytes / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - t0)} ms`);
  }
  writeChecksums(dir, files.map((f) => f.name));
  const sums = parseChecksums(readFileSync(join(dir, CHECKSUMS), "utf8"));
  for (const f of files) f.sha256 = sums.get(f.name) ?? "";
  log(`wrote ${relative(root, join(dir, CHECKSUMS))} (${files.length} files)`);
  return files;
}

/** Reads `sha256sum` output into name → hex (accepts the binary-mode `*name` form too). */
export function parseChecksums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (m) out.set(m[2]!, m[1]!);
  }
  return out;
}
