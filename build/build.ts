// `npm run build`: compiles src/cli/main.ts into a standalone executable for this machine at
// build/migrator (`bun build --compile`). `--all` also writes the release set to build/dist/
// and the npm packages to build/npm/ (`--targets=linux-x64,...` does that for some targets).
// Decisions (see README): the binary never autoloads bunfig.toml, tsconfig.json or package.json
// from the user's folder (they must not change how migrator runs); it does load `.env`, since
// users of dbmate-like tools expect DATABASE_URL from there.
// Cross-target runtimes: `bun build --compile --target=...` fetches the runtime for that target
// from the npm registry (package @oven/bun-<os>-<arch>[-baseline|-musl]) into Bun's install
// cache (~/.bun/install/cache) on first use; later builds reuse it.

import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
const entry = join(root, "src/cli/main.ts");

export interface Target {
  name: string; // file suffix
  bunTarget: string; // --target value
}

export const RELEASE_TARGETS: Target[] = [
  { name: "linux-x64", bunTarget: "bun-linux-x64" },
  { name: "linux-x64-baseline", bunTarget: "bun-linux-x64-baseline" },
  { name: "linux-x64-musl", bunTarget: "bun-linux-x64-musl" },
  { name: "linux-arm64", bunTarget: "bun-linux-arm64" },
  { name: "darwin-x64", bunTarget: "bun-darwin-x64" },
  { name: "darwin-arm64", bunTarget: "bun-darwin-arm64" },
  { name: "windows-x64.exe", bunTarget: "bun-windows-x64" },
];

export async function compile(outfile: string, target?: Target): Promise<void> {
  mkdirSync(dirname(outfile), { recursive: true });
  const label = target?.name ?? `${process.platform}-${process.arch}`;
  const args = [
    process.execPath,
    "build",
    entry,
    "--compile",
    // Measured with hyperfine on `migrator --version` (see notes in the release report):
    // --bytecode cuts start-up from ~25 ms to ~10 ms; --minify changes little on top of it
    // but trims the embedded source, so both stay. Bytecode defaults to CommonJS, which
    // rejects main.ts's top-level await, hence the explicit ESM format.
    "--minify",
    "--bytecode",
    "--format=esm",
    "--splitting",
    // JIT tier-up thresholds x4: most commands run for a few milliseconds, where compiling
    // code that runs a few hundred times costs more than it saves. `current`: -0.4 ms of ~8 ms
    // (round-robin medians of compiled binaries, fresh copies); 1,000-migration upgrades and
    // `heads` over 10,000 files: no change beyond noise. (Measured: 4, 16, 100 and 1000 all
    // give the same gain for `current`; 4 is the smallest step from the default.)
    "--compile-jit-policy=4",
    "--no-compile-autoload-bunfig",
    "--no-compile-autoload-tsconfig",
    "--no-compile-autoload-package-json",
    "--compile-autoload-dotenv",
    `--define`,
    `MIGRATOR_TARGET=${JSON.stringify(label)}`,
    "--outfile",
    outfile,
  ];
  if (target) args.push(`--target=${target.bunTarget}`);
  const p = Bun.spawnSync(args, { cwd: root, stdout: "pipe", stderr: "pipe" });
  if (p.exitCode !== 0) {
    process.stderr.write(p.stdout.toString() + p.stderr.toString());
    throw new Error(`bun build --compile failed for ${label}`);
  }
}

if (import.meta.main) {
  const argv = process.argv.slice(2);
  const t0 = performance.now();
  await compile(join(root, "build/migrator"));
  console.error(`built build/migrator in ${Math.round(performance.now() - t0)} ms`);
  if (!argv.includes("--no-types")) {
    const { emitTypes } = await import("./types");
    emitTypes(root);
    console.error("wrote declaration files to build/types/");
  }
  // install.sh's default repository is package.json's (rewritten only when they differ)
  const { writeInstallScript } = await import("./install-script");
  writeInstallScript(root);
  // --all: the whole release set; --targets=a,b: the same for some targets (e.g. to try the npm
  // packages of this machine without cross-compiling the other six)
  const only = argv.find((a) => a.startsWith("--targets="));
  if (argv.includes("--all") || only) {
    const { buildRelease, DIST, findTarget } = await import("./release");
    const targets = only ? only.slice("--targets=".length).split(",").filter(Boolean).map(findTarget) : undefined;
    const files = await buildRelease(root, { targets });
    writeInstallScript(root, join(root, DIST, "install.sh"));
    console.error(`wrote ${DIST}/install.sh`);
    const { writeNpmPackages, NPM_DIR } = await import("./npm-packages");
    const pkgs = writeNpmPackages(root, files.map((f) => ({ target: f.target, path: f.path })));
    console.error(`wrote ${pkgs.length} npm packages to ${NPM_DIR}/: ${pkgs.map((p) => p.name).join(", ")}`);
  }
}
