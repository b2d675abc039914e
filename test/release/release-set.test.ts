// The release set: file names per target, SHA256SUMS in the format `sha256sum -c` checks, and
// real compiled files (linux-x64, which runs here, and a cross-compiled arm64 ELF). Only these two
// are compiled in tests: linux-x64 uses the local Bun and linux-arm64's runtime is the one the
// qemu smoke test needs anyway; `bun build/build.ts --all` (the release workflow) builds all seven.

import { afterAll, describe, expect, test } from "bun:test";
import { appendFileSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RELEASE_TARGETS } from "../../build/build";
import { buildRelease, ensureReleaseFile, findTarget, parseChecksums, releaseFileName, sha256File, writeChecksums } from "../../build/release";
import { ROOT } from "../_support/project";
import { removeScratch, run, scratch } from "./_run";

afterAll(removeScratch);

/** ELF e_machine (little-endian u16 at offset 18): 62 = x86-64, 183 = AArch64. */
function elfMachine(path: string): number {
  const head = readFileSync(path).subarray(0, 20);
  expect(head.subarray(0, 4).toString("latin1")).toBe("\x7fELF");
  return head.readUInt16LE(18);
}

describe("release file names", () => {
  test("one file per target, named as install.sh and the release page expect", () => {
    expect(RELEASE_TARGETS.map(releaseFileName).sort()).toEqual(
      [
        "migrator-darwin-arm64",
        "migrator-darwin-x64",
        "migrator-linux-arm64",
        "migrator-linux-x64",
        "migrator-linux-x64-baseline",
        "migrator-linux-x64-musl",
        "migrator-windows-x64.exe",
      ].sort(),
    );
  });

  test("every name install.sh knows is a release target, and the reverse", () => {
    const text = readFileSync(join(ROOT, "install.sh"), "utf8");
    const known = /^KNOWN="([^"]+)"/m.exec(text)![1]!.split(" ").sort();
    expect(known).toEqual(RELEASE_TARGETS.map((t) => t.name).sort());
  });

  test("an unknown target name is an error that lists the known ones", () => {
    expect(() => findTarget("linux-sparc")).toThrow(/unknown release target 'linux-sparc' \(known: linux-x64, /);
  });
});

describe("SHA256SUMS", () => {
  test("sha256sum -c accepts what writeChecksums writes, and the hashes agree with sha256sum's", () => {
    const dir = scratch("migrator-sums-");
    writeFileSync(join(dir, "migrator-b"), "second file\n");
    writeFileSync(join(dir, "migrator-a.exe"), Buffer.alloc(9 << 20, 7)); // larger than one read chunk
    const text = writeChecksums(dir, ["migrator-b", "migrator-a.exe"]);
    expect(text.split("\n")[0]).toMatch(/^[0-9a-f]{64} {2}migrator-a\.exe$/); // sorted, two spaces
    const check = run(["sha256sum", "-c", "SHA256SUMS"], { cwd: dir });
    expect(check.stdout).toBe("migrator-a.exe: OK\nmigrator-b: OK\n");
    expect(check.code).toBe(0);
    const theirs = run(["sha256sum", "migrator-b"], { cwd: dir }).stdout.split(" ")[0];
    expect(sha256File(join(dir, "migrator-b"))).toBe(theirs!);
  });

  test("sha256sum -c rejects a file changed after SHA256SUMS was written", () => {
    const dir = scratch("migrator-sums-");
    writeFileSync(join(dir, "migrator-x"), "original\n");
    writeChecksums(dir, ["migrator-x"]);
    appendFileSync(join(dir, "migrator-x"), "tampered\n");
    const check = run(["sha256sum", "-c", "SHA256SUMS"], { cwd: dir });
    expect(check.code).not.toBe(0);
    expect(check.stdout).toContain("migrator-x: FAILED");
  });

  test("parseChecksums reads text-mode and binary-mode lines and skips blank ones", () => {
    const a = "a".repeat(64);
    const b = "b".repeat(64);
    const m = parseChecksums(`${a}  migrator-linux-x64\n\n${b} *migrator-windows-x64.exe\n`);
    expect([...m]).toEqual([
      ["migrator-linux-x64", a],
      ["migrator-windows-x64.exe", b],
    ]);
  });
});

describe("cross-compiled release files", () => {
  test("buildRelease writes the chosen targets and a SHA256SUMS listing exactly them", async () => {
    const dir = scratch("migrator-dist-");
    const lines: string[] = [];
    const files = await buildRelease(ROOT, { dir, targets: [findTarget("linux-x64"), findTarget("linux-arm64")], log: (l) => lines.push(l) });
    expect(readdirSync(dir).sort()).toEqual(["SHA256SUMS", "migrator-linux-arm64", "migrator-linux-x64"]);
    expect(lines.at(-1)).toContain("SHA256SUMS (2 files)");
    const check = run(["sha256sum", "-c", "SHA256SUMS"], { cwd: dir });
    expect(check.stdout).toBe("migrator-linux-arm64: OK\nmigrator-linux-x64: OK\n");
    for (const f of files) expect(f.sha256).toBe(sha256File(f.path));

    expect(elfMachine(join(dir, "migrator-linux-x64"))).toBe(62);
    expect(elfMachine(join(dir, "migrator-linux-arm64"))).toBe(183);
    // each file knows the target it was built for (MIGRATOR_TARGET, defined at compile time)
    if (process.arch === "x64" && process.platform === "linux") {
      const v = run([join(dir, "migrator-linux-x64"), "--version"], { cwd: dir });
      expect(v.code).toBe(0);
      expect(v.stdout).toContain("(linux-x64, SQLite ");
    }
  });

  test("ensureReleaseFile reuses a file newer than the sources instead of compiling again", async () => {
    const t = findTarget("linux-arm64");
    const first = await ensureReleaseFile(ROOT, t);
    const before = statSync(first).mtimeMs;
    const again = await ensureReleaseFile(ROOT, t);
    expect(again).toBe(first);
    expect(statSync(again).mtimeMs).toBe(before);
  });
});
