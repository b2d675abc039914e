// `npm run release`: publishes the npm packages that `bun build/build.ts --all` wrote to
// build/npm/: every platform package first, the launcher last, so that the launcher never
// appears on the registry before the binaries it depends on. A person runs it, never CI
// (a token in CI could publish from any branch): it refuses when CI is set.
// Flags: --dry-run (npm publish --dry-run: packs and checks, uploads nothing), --tag TAG,
// --dir DIR (default build/npm), --otp CODE.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { RELEASE_TARGETS } from "./build";
import { binaryPathInPackage, NPM_DIR, NPM_NAME, platformPackageName } from "./npm-packages";
import { inputsMtime } from "./release";

export interface PublishStep {
  name: string;
  dir: string;
  /** The npm command line, without the leading `npm`. */
  args: string[];
}

export interface PublishOptions {
  dir: string;
  dryRun: boolean;
  tag?: string;
  otp?: string;
}

/** Thrown for anything that must stop a release before the first upload. */
export class ReleaseRefused extends Error {}

/** True when the environment says it is a CI run (CI=true, as GitHub Actions and others set it). */
export function inCi(env: Record<string, string | undefined> = process.env): boolean {
  const v = env.CI?.trim().toLowerCase();
  return v !== undefined && v !== "" && v !== "false" && v !== "0";
}

/**
 * Checks build/npm and returns the `npm publish` steps in order: one per release target, then
 * the launcher. Refuses a set that is incomplete, of another version than package.json, or
 * whose binaries are older than the sources.
 */
export function publishPlan(root: string, opts: PublishOptions): PublishStep[] {
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  if (!existsSync(opts.dir)) throw new ReleaseRefused(`${opts.dir} does not exist: run \`bun build/build.ts --all\` first`);
  const present = new Set(readdirSync(opts.dir));
  const missing = [NPM_NAME, ...RELEASE_TARGETS.map(platformPackageName)].filter((n) => !present.has(n));
  if (missing.length > 0) throw new ReleaseRefused(`${opts.dir} lacks ${missing.join(", ")}: a release publishes all ${RELEASE_TARGETS.length} platform packages and the launcher; run \`bun build/build.ts --all\``);
  const fresh = inputsMtime(root);
  const extra = [...(opts.tag ? ["--tag", opts.tag] : []), ...(opts.otp ? ["--otp", opts.otp] : []), ...(opts.dryRun ? ["--dry-run"] : [])];
  const step = (name: string): PublishStep => {
    const dir = join(opts.dir, name);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; version: string };
    if (pkg.name !== name) throw new ReleaseRefused(`${dir}/package.json names '${pkg.name}', expected '${name}'`);
    if (pkg.version !== version) throw new ReleaseRefused(`${name} is version ${pkg.version} but package.json says ${version}: rebuild with \`bun build/build.ts --all\``);
    return { name, dir, args: ["publish", dir, "--access", "public", ...extra] };
  };
  const steps: PublishStep[] = [];
  for (const t of RELEASE_TARGETS) {
    const s = step(platformPackageName(t));
    const bin = join(s.dir, binaryPathInPackage(t));
    if (!existsSync(bin)) throw new ReleaseRefused(`${s.name} has no ${binaryPathInPackage(t)}`);
    if (statSync(bin).mtimeMs < fresh) throw new ReleaseRefused(`${s.name}'s binary is older than the sources: rebuild with \`bun build/build.ts --all\``);
    steps.push(s);
  }
  steps.push(step(NPM_NAME));
  return steps;
}

/** Runs the steps one by one with the real npm; stops at the first failure. */
export function publish(steps: PublishStep[], log: (line: string) => void = (l) => console.error(l)): void {
  for (const s of steps) {
    log(`npm ${s.args.join(" ")}`);
    const p = Bun.spawnSync(["npm", ...s.args], { stdout: "inherit", stderr: "inherit", stdin: "inherit" });
    if (p.exitCode !== 0) throw new ReleaseRefused(`npm publish of ${s.name} failed (exit ${p.exitCode}); the packages before it are published, the ones after it are not: fix and run again (npm refuses a version that is already published, so skip those with --dir pointing at the rest)`);
  }
}

function parseArgs(argv: string[], root: string): PublishOptions {
  const opts: PublishOptions = { dir: join(root, NPM_DIR), dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new ReleaseRefused(`${a} needs a value`);
      return v;
    };
    if (a === "--dry-run") opts.dryRun = true;
    else if (a === "--tag") opts.tag = value();
    else if (a === "--otp") opts.otp = value();
    else if (a === "--dir") opts.dir = resolve(value());
    else throw new ReleaseRefused(`unknown option '${a}' (known: --dry-run, --tag TAG, --otp CODE, --dir DIR)`);
  }
  return opts;
}

if (import.meta.main) {
  const root = resolve(import.meta.dir, "..");
  try {
    if (inCi()) throw new ReleaseRefused("refusing to publish: CI is set (CI=" + process.env.CI + "); a release is published by a person, from a checked build: run `npm run release` on your machine");
    const opts = parseArgs(process.argv.slice(2), root);
    const steps = publishPlan(root, opts);
    publish(steps);
    console.error(`${opts.dryRun ? "dry run: would have published" : "published"} ${steps.length} packages: ${steps.map((s) => s.name).join(", ")}`);
  } catch (e) {
    if (!(e instanceof ReleaseRefused)) throw e;
    console.error(`release: ${e.message}`);
    process.exit(e.message.includes("unknown option") || e.message.includes("needs a value") ? 2 : 1);
  }
}
