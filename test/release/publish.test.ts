// `npm run release` (build/publish.ts): refuses in CI and on an incomplete or stale set, and
// publishes the platform packages before the launcher. Exercised with real `npm publish
// --dry-run` (offline, an unreachable registry) on a full set whose binaries are small stand-ins.

import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RELEASE_TARGETS } from "../../build/build";
import { NPM_NAME, platformPackageName, writeNpmPackages } from "../../build/npm-packages";
import { publishPlan, ReleaseRefused } from "../../build/publish";
import { ROOT } from "../_support/project";
import { removeScratch, run, scratch } from "./_run";

afterAll(removeScratch);

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const ORDER = [...RELEASE_TARGETS.map(platformPackageName), NPM_NAME];

/** build/npm as `--all` writes it, with a 1-line script in place of each ~100 MB binary. */
function fakeSet(targets = RELEASE_TARGETS): string {
  const work = scratch("migrator-publish-");
  const types = join(work, "types");
  mkdirSync(types);
  writeFileSync(join(types, "index.d.ts"), "export declare const x: number;\n");
  const binaries = targets.map((target) => {
    const path = join(work, `bin-${target.name}`);
    writeFileSync(path, "#!/bin/sh\necho stand-in\n");
    return { target, path };
  });
  const dir = join(work, "npm");
  writeNpmPackages(ROOT, binaries, { dir, typesDir: types });
  return dir;
}

function release(args: string[], env: Record<string, string> = {}) {
  const home = scratch("migrator-publish-home-");
  return run([process.execPath, join(ROOT, "build/publish.ts"), ...args], {
    cwd: ROOT,
    env: {
      HOME: home,
      npm_config_cache: join(home, "npm-cache"),
      npm_config_offline: "true",
      npm_config_registry: "http://127.0.0.1:9/",
      npm_config_update_notifier: "false",
      ...env,
    },
  });
}

describe("npm run release refuses", () => {
  test.each(["true", "1", "TRUE"])("when CI=%s, before it looks at anything", (ci) => {
    const r = release(["--dry-run", "--dir", join(scratch(), "nothing-here")], { CI: ci });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`release: refusing to publish: CI is set (CI=${ci}); a release is published by a person, from a checked build: run \`npm run release\` on your machine\n`);
  });

  test.each(["false", "0", ""])("not because of CI=%p (it goes on to the next check)", (ci) => {
    const r = release(["--dry-run", "--dir", join(scratch(), "nothing-here")], { CI: ci });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("does not exist: run `bun build/build.ts --all` first");
  });

  test("a set with only some platform packages (a --targets build), naming the missing ones", () => {
    const dir = fakeSet([RELEASE_TARGETS[0]!]);
    const r = release(["--dry-run", "--dir", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`lacks ${ORDER.slice(1, -1).join(", ")}: a release publishes all ${RELEASE_TARGETS.length} platform packages`);
  });

  test("a package of another version than package.json's", () => {
    const dir = fakeSet();
    const file = join(dir, platformPackageName(RELEASE_TARGETS[2]!), "package.json");
    writeFileSync(file, readFileSync(file, "utf8").replace(`"version": "${VERSION}"`, `"version": "0.0.1"`));
    expect(() => publishPlan(ROOT, { dir, dryRun: true })).toThrow(new ReleaseRefused(`${platformPackageName(RELEASE_TARGETS[2]!)} is version 0.0.1 but package.json says ${VERSION}: rebuild with \`bun build/build.ts --all\``));
  });

  test("a binary older than the sources", () => {
    const dir = fakeSet();
    const t = RELEASE_TARGETS[1]!;
    utimesSync(join(dir, platformPackageName(t), "bin/migrator"), new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(() => publishPlan(ROOT, { dir, dryRun: true })).toThrow(`${platformPackageName(t)}'s binary is older than the sources`);
  });

  test("an unknown option is a usage error (exit 2)", () => {
    const r = release(["--dryrun"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--dryrun'");
  });
});

describe("npm run release -- --dry-run on a full set", () => {
  test("plans every platform package first and the launcher last, with the flags given", () => {
    const dir = fakeSet();
    const steps = publishPlan(ROOT, { dir, dryRun: true, tag: "next" });
    expect(steps.map((s) => s.name)).toEqual(ORDER);
    expect(steps[0]!.args).toEqual(["publish", join(dir, ORDER[0]!), "--access", "public", "--tag", "next", "--dry-run"]);
  });

  test("runs npm publish --dry-run for each package in that order and exits 0", () => {
    const dir = fakeSet();
    const r = release(["--dry-run", "--dir", dir]);
    expect(r.code).toBe(0);
    const commands = r.stderr.split("\n").filter((l) => l.startsWith("npm publish "));
    expect(commands).toEqual(ORDER.map((n) => `npm publish ${join(dir, n)} --access public --dry-run`));
    // npm's own report of each (dry-run) publication, in the same order
    const published = [...(r.stdout + r.stderr).matchAll(/^\+ (\S+)@(\S+)$/gm)].map((m) => `${m[1]}@${m[2]}`);
    expect(published).toEqual(ORDER.map((n) => `${n}@${VERSION}`));
    expect(r.stderr).toContain(`dry run: would have published ${ORDER.length} packages`);
  });
});
