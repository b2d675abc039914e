// The npm packages as a user gets them: this machine's platform package and the launcher are
// written by writeNpmPackages, packed with `npm pack`, and installed into empty folders with npm
// offline (an unreachable registry, an empty cache: only the tarballs). Then `npx migrator-db`,
// a global install's `migrator`, and a Bun application importing the API are run for real.

import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { emitTypes } from "../../build/types";
import { findTarget, ensureReleaseFile } from "../../build/release";
import { NPM_NAME, platformPackageName, writeNpmPackages, type NpmPackage } from "../../build/npm-packages";
import { RELEASE_TARGETS, type Target } from "../../build/build";
import { query, ROOT, tables, writeMigration } from "../_support/project";
import { removeScratch, run, scratch, type Ran } from "./_run";

afterAll(removeScratch);

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

let host: Target;
let pkgs: NpmPackage[] = [];
let launcherTgz = "";
let platformTgz = "";
let home = "";

/** npm with no registry it could reach and a cache of its own: only the tarballs can be installed. */
function npmEnv(): Record<string, string> {
  return {
    npm_config_cache: join(home, "npm-cache"),
    npm_config_offline: "true",
    npm_config_registry: "http://127.0.0.1:9/",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    npm_config_loglevel: "warn",
  };
}

function npm(args: string[], cwd: string, env: Record<string, string> = {}): Ran {
  return run(["npm", ...args], { cwd, env: { ...npmEnv(), HOME: home, ...env } });
}

function pack(dir: string, dest: string): string {
  const r = npm(["pack", dir, "--pack-destination", dest, "--json"], dest);
  expect(r.stderr).not.toContain("ERR");
  expect(r.code).toBe(0);
  const [info] = JSON.parse(r.stdout) as { filename: string }[];
  return join(dest, info!.filename);
}

/** An application folder: a migrator.toml, two migrations (SQL and TypeScript), no database yet. */
function appFolder(extraToml = ""): string {
  const dir = scratch("migrator-npm-app-");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "npm-user-app", version: "1.0.0", private: true }) + "\n");
  writeFileSync(join(dir, "migrator.toml"), `database = "app.db"\nmigrations = "migrations"\n${extraToml}`);
  mkdirSync(join(dir, "migrations"));
  writeMigration(join(dir, "migrations"), { rev: "a1b2c3d4e5f6", sql: true, message: "create notes", up: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);", downBody: "DROP TABLE notes;" });
  writeMigration(join(dir, "migrations"), {
    rev: "b2c3d4e5f6a7",
    down: "a1b2c3d4e5f6",
    message: "seed notes",
    up: `  await op.execute("INSERT INTO notes (body) VALUES ('installed from npm')");`,
    downBody: `  await op.execute("DELETE FROM notes");`,
  });
  return dir;
}

function installLocal(dir: string, tarballs: string[]): Ran {
  return npm(["install", ...tarballs], dir);
}

beforeAll(async () => {
  home = scratch("migrator-npm-home-");
  // The release file this machine needs, named as install.sh names it (same detection).
  const p = run(["sh", join(ROOT, "install.sh"), "--print-platform"], { cwd: ROOT });
  expect(p.code).toBe(0);
  host = findTarget(p.stdout.trim());
  const binary = await ensureReleaseFile(ROOT, host);
  if (!existsSync(join(ROOT, "build/types/index.d.ts"))) emitTypes(ROOT, { allowErrors: true });
  pkgs = writeNpmPackages(ROOT, [{ target: host, path: binary }], { dir: scratch("migrator-npm-out-") });
  const tarballs = scratch("migrator-npm-tgz-");
  platformTgz = pack(pkgs[0]!.dir, tarballs);
  launcherTgz = pack(pkgs[1]!.dir, tarballs);
});

describe("the packed npm packages", () => {
  test("written in publishing order: the platform package, then the launcher, all at package.json's version", () => {
    expect(pkgs.map((p) => [p.name, p.version])).toEqual([
      [platformPackageName(host), VERSION],
      [NPM_NAME, VERSION],
    ]);
    expect(platformTgz.endsWith(`${platformPackageName(host)}-${VERSION}.tgz`)).toBe(true);
    expect(launcherTgz.endsWith(`${NPM_NAME}-${VERSION}.tgz`)).toBe(true);
  });

  test("the launcher holds the bin, the API sources (not the CLI's) and its declarations, and lists every platform package", () => {
    const list = run(["tar", "-tzf", launcherTgz], { cwd: home }).stdout.split("\n");
    for (const f of ["package/bin/migrator.cjs", "package/src/index.ts", "package/src/api/migrator.ts", "package/types/index.d.ts", "package/README.md"]) expect(list).toContain(f);
    expect(list.filter((f) => f.startsWith("package/src/cli/"))).toEqual([]);
    const manifest = JSON.parse(run(["tar", "-xzOf", launcherTgz, "package/package.json"], { cwd: home }).stdout);
    expect(manifest.bin).toEqual({ migrator: "bin/migrator.cjs" });
    expect(manifest.exports["."]).toEqual({ types: "./types/index.d.ts", bun: "./src/index.ts", default: "./src/index.ts" });
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.optionalDependencies).toEqual(Object.fromEntries(RELEASE_TARGETS.map((t) => [platformPackageName(t), VERSION])));
    expect(manifest.repository).toEqual(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).repository);
  });

  test("the platform package holds only the executable binary, with os/cpu (and libc on Linux) of its target", () => {
    const list = run(["tar", "-tzvf", platformTgz], { cwd: home }).stdout.trim().split("\n");
    const names = list.map((l) => l.split(/\s+/).at(-1));
    expect(names.sort()).toEqual(["package/README.md", "package/bin/migrator", "package/package.json"]);
    expect(list.find((l) => l.endsWith("package/bin/migrator"))).toMatch(/^-rwxr-xr-x/);
    const manifest = JSON.parse(run(["tar", "-xzOf", platformTgz, "package/package.json"], { cwd: home }).stdout);
    expect(manifest.os).toEqual([process.platform]);
    expect(manifest.cpu).toEqual([process.arch]);
    if (process.platform === "linux") expect(manifest.libc).toEqual([host.name.endsWith("-musl") ? "musl" : "glibc"]);
    expect(manifest.bin).toBeUndefined(); // the launcher's bin is the only `migrator` command
  });
});

describe("npm install of the tarballs, offline, in an empty folder", () => {
  let app = "";
  beforeAll(() => {
    app = appFolder();
    const r = installLocal(app, [launcherTgz, platformTgz]);
    expect(r.stderr).not.toMatch(/ERR!/);
    expect(r.code).toBe(0);
  });

  test("installs the launcher and exactly this machine's platform package", () => {
    expect(readdirSync(join(app, "node_modules")).filter((n) => n.startsWith(NPM_NAME)).sort()).toEqual([NPM_NAME, platformPackageName(host)].sort());
    expect(statSync(join(app, "node_modules/.bin/migrator")).isFile()).toBe(true);
  });

  test("npx migrator-db --version runs the binary and prints its version and target", () => {
    const r = run(["npx", "--offline", NPM_NAME, "--version"], { cwd: app, env: { ...npmEnv(), HOME: home } });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(new RegExp(`^migrator ${VERSION.replace(/\./g, "\\.")} \\(${host.name}, SQLite \\d+\\.\\d+\\.\\d+\\)\\n$`));
    expect(r.code).toBe(0);
  });

  test("npx migrator-db upgrade head applies the SQL and the TypeScript migration to a SQLite file", () => {
    const r = run(["npx", "--offline", NPM_NAME, "upgrade", "head"], { cwd: app, env: { ...npmEnv(), HOME: home } });
    expect(r.code).toBe(0);
    expect(query(join(app, "app.db"), "SELECT body FROM notes")).toEqual([{ body: "installed from npm" }]);
    expect(query(join(app, "app.db"), "SELECT version_num FROM migrator_version")).toEqual([{ version_num: "b2c3d4e5f6a7" }]);
  });

  test.each([
    ["a usage error", ["frobnicate"], 2, "unknown command 'frobnicate'"],
    ["an unknown option", ["upgrade", "--bogus"], 2, "unknown option --bogus"],
    ["a revision that does not exist", ["upgrade", "ffffffffffff"], 2, "ffffffffffff"],
  ])("the exit code of %s comes through the launcher (npx migrator-db %p → %d)", (_label, args, code, message) => {
    const r = run(["npx", "--offline", NPM_NAME, ...args], { cwd: app, env: { ...npmEnv(), HOME: home } });
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(code);
  });

  test("a Bun application imports the API from the package and reads the database's revision", () => {
    writeFileSync(
      join(app, "app.ts"),
      `import { openMigrator } from "${NPM_NAME}";\nconst m = await openMigrator({ config: "migrator.toml" });\nconsole.log(JSON.stringify({ heads: await m.currentHeads() }));\n`,
    );
    const r = run([process.execPath, "app.ts"], { cwd: app });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).heads).toEqual(["b2c3d4e5f6a7"]);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(app, "node_modules", NPM_NAME, "package.json"), "utf8"));
    expect(existsSync(join(app, "node_modules", NPM_NAME, manifest.exports["."].types))).toBe(true);
  });

  test.if(process.platform === "linux")("a SIGTERM to the launcher reaches the binary, and the launcher dies of it too", async () => {
    // The binary waits for a write lock this test holds; the signal arrives while it waits.
    const locked = appFolder(`busy_timeout_ms = 600000\n`);
    const hold = new Database(join(locked, "app.db"));
    hold.exec("CREATE TABLE hold (x); BEGIN IMMEDIATE; INSERT INTO hold VALUES (1)");
    try {
      const launcher = Bun.spawn(["node", join(app, "node_modules", NPM_NAME, "bin/migrator.cjs"), "upgrade", "head"], {
        cwd: locked,
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, NO_COLOR: "1" },
        stdout: "pipe",
        stderr: "pipe",
      });
      let child = 0;
      while (child === 0 && launcher.exitCode === null) {
        await Bun.sleep(50);
        child = childrenOf(launcher.pid).find((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("bin/migrator\0")) ?? 0;
      }
      expect(child).toBeGreaterThan(0);
      await Bun.sleep(300); // let it reach the lock
      expect(existsSync(`/proc/${child}`)).toBe(true);
      launcher.kill("SIGTERM");
      await launcher.exited;
      expect(launcher.signalCode).toBe("SIGTERM");
      expect(existsSync(`/proc/${child}`)).toBe(false);
    } finally {
      hold.exec("ROLLBACK");
      hold.close();
    }
    expect(tables(join(locked, "app.db"))).toEqual(["hold"]);
  });
});

/** Pids whose parent is `pid` (from /proc/<n>/stat; the command name may hold spaces). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const n of readdirSync("/proc")) {
    if (!/^\d+$/.test(n)) continue;
    try {
      const stat = readFileSync(`/proc/${n}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(n));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

describe("without the platform package", () => {
  test("the launcher stops with one line naming the package to install, exit 1", () => {
    const app = appFolder();
    const r = installLocal(app, [launcherTgz]); // the optional platform packages cannot be fetched offline: npm skips them
    expect(r.code).toBe(0);
    const v = run(["npx", "--offline", NPM_NAME, "--version"], { cwd: app, env: { ...npmEnv(), HOME: home } });
    expect(v.code).toBe(1);
    expect(v.stdout).toBe("");
    expect(v.stderr).toBe(
      `migrator: the package ${platformPackageName(host)} (the migrator binary for this machine) is not installed; reinstall without --omit=optional / --no-optional, or run: npm install ${platformPackageName(host)}@${VERSION}\n`,
    );
  });
});

describe("npm install -g into a temporary prefix, offline", () => {
  let prefix = "";
  beforeAll(() => {
    prefix = scratch("migrator-npm-prefix-");
    const r = npm(["install", "-g", "--prefix", prefix, launcherTgz, platformTgz], home);
    expect(r.stderr).not.toMatch(/ERR!/);
    expect(r.code).toBe(0);
  });

  test("puts a `migrator` command in PREFIX/bin that runs --version and upgrade head from PATH", () => {
    const env = { PATH: `${join(prefix, "bin")}:${process.env.PATH ?? "/usr/bin:/bin"}` };
    const v = run(["migrator", "--version"], { cwd: home, env });
    expect(v.stdout).toStartWith(`migrator ${VERSION} (${host.name}, SQLite `);
    expect(v.code).toBe(0);
    const app = appFolder();
    const up = run(["migrator", "upgrade", "head"], { cwd: app, env });
    expect(up.code).toBe(0);
    expect(query(join(app, "app.db"), "SELECT version_num FROM migrator_version")).toEqual([{ version_num: "b2c3d4e5f6a7" }]);
    const bad = run(["migrator", "frobnicate"], { cwd: app, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown command 'frobnicate'");
  });
});
