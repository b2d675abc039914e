// The npm distribution, in the convention of esbuild, biome and dbmate: a launcher package
// (NPM_NAME) whose `migrator` bin runs the binary of one per-platform package, which npm picks
// from its os/cpu/libc fields among the launcher's optionalDependencies. The launcher also
// carries the programmatic API (src/, run by Bun) and its declaration files. All versions are
// package.json's. Written to build/npm/<package>/ by `bun build/build.ts --all`.

import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RELEASE_TARGETS, type Target } from "./build";

/** The npm name (`migrator` itself is taken on npm); the command it installs stays `migrator`. */
export const NPM_NAME = "migrator-db";
export const NPM_DIR = "build/npm";

export interface NpmPlatform {
  os: string;
  cpu: string;
  /** npm's `libc` field (npm >= 10.4); older npm ignores it and the launcher decides. */
  libc?: "glibc" | "musl";
}

/** os/cpu/libc for a release target (Node's process.platform/arch spellings). */
export function npmPlatform(target: Target): NpmPlatform {
  const [os, cpu, variant] = target.name.replace(/\.exe$/, "").split("-") as [string, string, string?];
  const nodeOs = os === "windows" ? "win32" : os;
  if (nodeOs === "linux") return { os: nodeOs, cpu, libc: variant === "musl" ? "musl" : "glibc" };
  return { os: nodeOs, cpu };
}

/** `migrator-db-linux-x64`, ..., `migrator-db-windows-x64` (no `.exe` in a package name). */
export function platformPackageName(target: Target): string {
  return `${NPM_NAME}-${target.name.replace(/\.exe$/, "")}`;
}

/** Where the binary sits inside its platform package (the launcher looks there). */
export function binaryPathInPackage(target: Target): string {
  return target.name.endsWith(".exe") ? "bin/migrator.exe" : "bin/migrator";
}

export interface NpmPackage {
  name: string;
  version: string;
  /** The package folder (what `npm pack` / `npm publish` take). */
  dir: string;
  /** Set for a platform package. */
  target?: Target;
}

export interface NpmOptions {
  /** Output folder (default build/npm under root); each package gets a subfolder. */
  dir?: string;
  /** Declaration files to ship (default build/types under root; must hold index.d.ts). */
  typesDir?: string;
}

interface RootManifest {
  version: string;
  description?: string;
  license?: string;
  repository?: unknown;
}

function readRoot(root: string): RootManifest {
  return JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as RootManifest;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}

/** One platform package: package.json with os/cpu/libc, the binary, a short README. */
function writePlatformPackage(root: RootManifest, out: string, target: Target, binary: string): NpmPackage {
  const name = platformPackageName(target);
  const dir = join(out, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "bin"), { recursive: true });
  const bin = join(dir, binaryPathInPackage(target));
  copyFileSync(binary, bin);
  chmodSync(bin, 0o755);
  const p = npmPlatform(target);
  writeJson(join(dir, "package.json"), {
    name,
    version: root.version,
    description: `The migrator executable for ${target.name.replace(/\.exe$/, "")}; installed by ${NPM_NAME}, not meant to be installed on its own.`,
    ...(root.license ? { license: root.license } : {}),
    ...(root.repository ? { repository: root.repository } : {}),
    os: [p.os],
    cpu: [p.cpu],
    ...(p.libc ? { libc: [p.libc] } : {}),
    files: ["bin"],
    // Yarn PnP: keep the binary on disk so that it can be executed.
    preferUnplugged: true,
  });
  writeFileSync(join(dir, "README.md"), `# ${name}\n\nThe standalone \`migrator\` binary for ${target.name.replace(/\.exe$/, "")}. Install [${NPM_NAME}](https://www.npmjs.com/package/${NPM_NAME}) instead: it depends on this package on the machines it fits.\n`);
  return { name, version: root.version, dir, target };
}

/** The launcher: the `migrator` bin, the API sources and declarations, every platform package as optional. */
function writeLauncherPackage(rootDir: string, root: RootManifest, out: string, typesDir: string): NpmPackage {
  const dir = join(out, NPM_NAME);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "bin"), { recursive: true });
  const bin = join(dir, "bin/migrator.cjs");
  copyFileSync(join(rootDir, "build/npm-launcher.cjs"), bin);
  chmodSync(bin, 0o755);
  // The API's sources; the CLI (src/cli, the only user of citty and consola) lives in the binary.
  const cli = join(rootDir, "src/cli");
  cpSync(join(rootDir, "src"), join(dir, "src"), { recursive: true, filter: (p) => p !== cli && !p.startsWith(cli + "/") });
  cpSync(typesDir, join(dir, "types"), { recursive: true });
  copyFileSync(join(rootDir, "README.md"), join(dir, "README.md"));
  const optional: Record<string, string> = {};
  // Every target of the release set, even when this build wrote only some of them: the
  // manifest must be the one a full release publishes.
  for (const t of RELEASE_TARGETS) optional[platformPackageName(t)] = root.version;
  writeJson(join(dir, "package.json"), {
    name: NPM_NAME,
    version: root.version,
    description: root.description ?? "Database migrations in the spirit of Alembic, as one standalone executable",
    ...(root.license ? { license: root.license } : {}),
    ...(root.repository ? { repository: root.repository } : {}),
    type: "module",
    bin: { migrator: "bin/migrator.cjs" },
    main: "./src/index.ts",
    types: "./types/index.d.ts",
    exports: {
      ".": { types: "./types/index.d.ts", bun: "./src/index.ts", default: "./src/index.ts" },
      "./package.json": "./package.json",
    },
    files: ["bin", "src", "types", "README.md"],
    optionalDependencies: optional,
  });
  return { name: NPM_NAME, version: root.version, dir };
}

/**
 * Writes one package per given binary, then the launcher, under `opts.dir` (build/npm).
 * Returns them in publishing order: platform packages first, the launcher last (so that a user
 * who installs the launcher the moment it appears finds its platform package).
 */
export function writeNpmPackages(rootDir: string, binaries: { target: Target; path: string }[], opts: NpmOptions = {}): NpmPackage[] {
  const out = opts.dir ?? join(rootDir, NPM_DIR);
  const typesDir = opts.typesDir ?? join(rootDir, "build/types");
  if (!existsSync(join(typesDir, "index.d.ts"))) {
    throw new Error(`no declaration files in ${typesDir} (index.d.ts is missing): run \`bun build/build.ts\` (without --no-types) first`);
  }
  // Start empty: packages of an earlier build (other targets, another version) must not linger.
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const root = readRoot(rootDir);
  const pkgs = binaries.map((b) => writePlatformPackage(root, out, b.target, b.path));
  pkgs.push(writeLauncherPackage(rootDir, root, out, typesDir));
  return pkgs;
}
