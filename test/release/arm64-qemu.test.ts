// Smoke test of the linux-arm64 release file under user-mode QEMU: it starts, and it applies a
// one-migration SQL project (`upgrade head`) to a real SQLite file. Needs Debian's
// qemu-user-static and libc6-arm64-cross (the arm64 dynamic loader and libc); skipped without them.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { findTarget, ensureReleaseFile } from "../../build/release";
import { project, query, ROOT, tables, writeMigration } from "../_support/project";
import { onPath, removeScratch, run } from "./_run";

afterAll(removeScratch);

const QEMU = "qemu-aarch64-static";
const SYSROOT = "/usr/aarch64-linux-gnu"; // where libc6-arm64-cross puts ld-linux-aarch64.so.1

const missing = !onPath(QEMU)
  ? `${QEMU} is not installed (apt-get install qemu-user-static)`
  : !existsSync(`${SYSROOT}/lib/ld-linux-aarch64.so.1`)
    ? `the arm64 C library is not installed (apt-get install libc6-arm64-cross)`
    : null;
if (missing) console.log(`skipped the linux-arm64 smoke tests: ${missing}`);

let bin = "";
const arm64 = (args: string[], cwd: string) => run([QEMU, "-L", SYSROOT, bin, ...args], { cwd });

const withQemu = test.skipIf(missing !== null);

describe("linux-arm64 release file under qemu", () => {
  beforeAll(async () => {
    if (!missing) bin = await ensureReleaseFile(ROOT, findTarget("linux-arm64"));
  });

  withQemu("--version names the arm64 target", () => {
    const r = arm64(["--version"], ROOT);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^migrator \d+\.\d+\.\d+ \(linux-arm64, SQLite /);
  });

  withQemu("upgrade head applies a one-migration SQL project to a SQLite file", () => {
    const p = project();
    writeMigration(p.migrations, {
      rev: "a1b2c3d4e5f6",
      message: "create notes",
      sql: true,
      up: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\nINSERT INTO notes (body) VALUES ('from arm64');",
      downBody: "DROP TABLE notes;",
    });
    const r = arm64(["upgrade", "head"], p.dir);
    expect(r.code).toBe(0);
    expect(tables(p.db)).toContain("notes");
    expect(query(p.db, "SELECT body FROM notes")).toEqual([{ body: "from arm64" }]);
    expect(query(p.db, "SELECT version_num FROM migrator_version")).toEqual([{ version_num: "a1b2c3d4e5f6" }]);
    const cur = arm64(["current"], p.dir);
    expect(cur.code).toBe(0);
    expect(cur.stdout).toContain("a1b2c3d4e5f6 (head)");
  });
});
