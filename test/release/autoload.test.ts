// The compiled binary ignores bunfig.toml in the user's folder (a preload there must not run
// inside migrator) but does read .env (DATABASE_URL), as decided in build/build.ts.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binary } from "../_support/project";
import { removeScratch, run, scratch } from "./_run";

afterAll(removeScratch);

const BUN = process.execPath;

/** A folder whose bunfig.toml preloads a script that writes `marker` and then throws. */
function hostileFolder(): string {
  const dir = scratch("migrator-bunfig-");
  writeFileSync(join(dir, "bunfig.toml"), `preload = ["./evil.ts"]\n`);
  writeFileSync(join(dir, "evil.ts"), `require("node:fs").writeFileSync(${JSON.stringify(join(dir, "marker"))}, "ran");\nthrow new Error("the bunfig preload ran");\n`);
  return dir;
}

let bin = "";
beforeAll(() => {
  bin = binary();
});

describe("bunfig.toml in the working directory", () => {
  test("the hostile bunfig really does break a binary compiled with bunfig autoload on (control)", () => {
    // Without this control the test below could pass because the fixture never bites.
    const dir = hostileFolder();
    const probeDir = scratch("migrator-probe-");
    writeFileSync(join(probeDir, "probe.ts"), `console.log("probe ran");\n`);
    const built = run([BUN, "build", join(probeDir, "probe.ts"), "--compile", "--compile-autoload-bunfig", "--outfile", join(probeDir, "probe")], { cwd: probeDir });
    expect(built.code).toBe(0);
    const r = run([join(probeDir, "probe")], { cwd: dir });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("the bunfig preload ran");
    expect(existsSync(join(dir, "marker"))).toBe(true);
  });

  test.each([["--version"], ["--help"], ["config --json"]])("migrator %s ignores it: no preload, normal exit", (args) => {
    const dir = hostileFolder();
    writeFileSync(join(dir, "migrator.toml"), `database = "app.db"\n`);
    const r = run([bin, ...args.split(" ")], { cwd: dir });
    expect(r.stderr).not.toContain("preload");
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, "marker"))).toBe(false);
    if (args === "--version") expect(r.stdout).toMatch(/^migrator \d+\.\d+\.\d+ \(/);
  });
});

describe(".env in the working directory", () => {
  test("DATABASE_URL from .env is the resolved database", () => {
    const dir = scratch("migrator-dotenv-");
    writeFileSync(join(dir, "migrator.toml"), `database = "from-toml.db"\n`);
    writeFileSync(join(dir, ".env"), `DATABASE_URL=sqlite:from-dotenv.db\n`);
    const r = run([bin, "config", "--json"], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { config: { database: string; databaseSource: string } };
    expect(doc.config.database).toBe(join(dir, "from-dotenv.db"));
    expect(doc.config.databaseSource).toBe("DATABASE_URL");
  });

  test("without .env the same folder resolves the database from migrator.toml", () => {
    const dir = scratch("migrator-dotenv-");
    writeFileSync(join(dir, "migrator.toml"), `database = "from-toml.db"\n`);
    const r = run([bin, "config", "--json"], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { config: { database: string } };
    expect(doc.config.database).toBe(join(dir, "from-toml.db"));
  });
});
