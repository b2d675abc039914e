// install.sh against a local release folder and an HTTP server on 127.0.0.1 serving it (the
// compiled binary under its release name plus a SHA256SUMS made by `sha256sum`): installs and
// runs, refuses tampered files, maps uname output to release files, and defaults to the
// repository package.json names. Runs under /bin/sh (dash on Debian), i.e. as POSIX sh.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { appendFileSync, copyFileSync, existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { githubSlug, installScriptRepo, renderInstallScript, repositorySlug, writeInstallScript } from "../../build/install-script";
import { binary, ROOT } from "../_support/project";
import { onPath, removeScratch, run, runAsync, scratch } from "./_run";

afterAll(removeScratch);

const INSTALL = join(ROOT, "install.sh");
let bin = "";
let platform = "";

beforeAll(() => {
  bin = binary();
  const p = run(["sh", INSTALL, "--print-platform"], { cwd: ROOT });
  expect(p.code).toBe(0);
  platform = p.stdout.trim();
});

/** A release folder with this machine's file; `tamper` changes the file after SHA256SUMS is written. */
function releaseFolder(opts: { tamper?: boolean; sums?: string } = {}): string {
  const dir = scratch("migrator-release-");
  const name = `migrator-${platform}`;
  copyFileSync(bin, join(dir, name));
  if (opts.sums !== undefined) writeFileSync(join(dir, "SHA256SUMS"), opts.sums);
  else {
    const s = run(["sha256sum", name], { cwd: dir });
    expect(s.code).toBe(0);
    writeFileSync(join(dir, "SHA256SUMS"), s.stdout);
  }
  if (opts.tamper) appendFileSync(join(dir, name), "\0");
  return dir;
}

function install(base: string, prefix: string, extra: string[] = [], env: Record<string, string> = {}) {
  return run(["sh", INSTALL, "--prefix", prefix, ...extra], { cwd: scratch(), env: { MIGRATOR_DOWNLOAD_BASE: base, ...env } });
}

describe("install.sh installs a verified binary", () => {
  test.each([
    ["a local folder", (d: string) => d],
    ["a file:// URL", (d: string) => `file://${d}`],
  ])("from %s: PREFIX/bin/migrator exists, is executable and runs --version", (_label, toBase) => {
    const prefix = join(scratch("migrator-prefix-"), "usr");
    const r = install(toBase(releaseFolder()), prefix);
    expect(r.stderr).toContain("checksum OK");
    expect(r.code).toBe(0);
    const installed = join(prefix, "bin/migrator");
    expect(statSync(installed).mode & 0o111).toBe(0o111);
    const v = run([installed, "--version"], { cwd: prefix });
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^migrator \d+\.\d+\.\d+ \(/);
  });

  test("a second install replaces the first and leaves no temporary file beside it", () => {
    const prefix = scratch("migrator-prefix-");
    const base = releaseFolder();
    expect(install(base, prefix).code).toBe(0);
    expect(install(base, prefix).code).toBe(0);
    expect(readdirSync(join(prefix, "bin"))).toEqual(["migrator"]);
  });

  test("MIGRATOR_PLATFORM picks another build without running it (staging for another machine)", () => {
    const dir = scratch("migrator-release-");
    writeFileSync(join(dir, "migrator-darwin-arm64"), "not a real binary\n");
    writeFileSync(join(dir, "SHA256SUMS"), run(["sha256sum", "migrator-darwin-arm64"], { cwd: dir }).stdout);
    const prefix = scratch("migrator-prefix-");
    const r = install(dir, prefix, [], { MIGRATOR_PLATFORM: "darwin-arm64" });
    expect(r.code).toBe(0);
    expect(existsSync(join(prefix, "bin/migrator"))).toBe(true);
  });
});

describe("install.sh over HTTP from a server on 127.0.0.1", () => {
  // Serves one release folder; records what was asked for.
  function serve(dir: string) {
    const asked: string[] = [];
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch(req) {
        const name = new URL(req.url).pathname.replace(/^\/releases\/v1\//, "");
        asked.push(name);
        const path = join(dir, name);
        return existsSync(path) && !name.includes("/") ? new Response(Bun.file(path)) : new Response("not found", { status: 404 });
      },
    });
    return { base: `http://127.0.0.1:${server.port}/releases/v1`, asked, stop: () => server.stop(true) };
  }

  const tools: [string, string[]][] = [
    ["curl", ["curl"]],
    ["wget (no curl on PATH)", ["wget"]],
  ];
  test.each(tools)("with %s: a good file installs and runs", async (_label, keep) => {
    if (!keep.every(onPath)) throw new Error(`${keep.join(", ")} is needed for this test (apt-get install ${keep.join(" ")})`);
    const s = serve(releaseFolder());
    try {
      const prefix = join(scratch("migrator-prefix-"), "usr");
      const r = await runAsync(["sh", INSTALL, "--prefix", prefix], { cwd: scratch(), env: { MIGRATOR_DOWNLOAD_BASE: s.base, PATH: pathWith(keep) } });
      expect(r.stderr).toContain(`downloading migrator-${platform} from ${s.base}`);
      expect(r.stderr).toContain("checksum OK");
      expect(r.code).toBe(0);
      expect(s.asked.sort()).toEqual(["SHA256SUMS", `migrator-${platform}`].sort());
      const v = run([join(prefix, "bin/migrator"), "--version"], { cwd: prefix });
      expect(v.stdout).toMatch(/^migrator \d+\.\d+\.\d+ \(/);
    } finally {
      s.stop();
    }
  });

  test("a file tampered with on the server is refused and nothing is installed", async () => {
    const s = serve(releaseFolder({ tamper: true }));
    try {
      const prefix = join(scratch("migrator-prefix-"), "usr");
      const r = await runAsync(["sh", INSTALL, "--prefix", prefix], { cwd: scratch(), env: { MIGRATOR_DOWNLOAD_BASE: s.base } });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/checksum mismatch for migrator-\S+: expected [0-9a-f]{64}, got [0-9a-f]{64}\. The download is corrupt or has been tampered with; nothing was installed\./);
      expect(existsSync(prefix)).toBe(false);
    } finally {
      s.stop();
    }
  });

  test("a file missing on the server (HTTP 404) is an error naming the URL", async () => {
    const s = serve(scratch("migrator-release-"));
    try {
      const r = await runAsync(["sh", INSTALL, "--prefix", join(scratch("migrator-prefix-"), "p")], { cwd: scratch(), env: { MIGRATOR_DOWNLOAD_BASE: s.base } });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`could not download ${s.base}/SHA256SUMS`);
    } finally {
      s.stop();
    }
  });
});

/** A PATH on which, of curl and wget, only `keep` can be found (the other tools stay). */
function pathWith(keep: string[]): string {
  const dir = scratch("migrator-path-");
  for (const d of (process.env.PATH ?? "/usr/bin:/bin").split(":")) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)) {
      if ((f === "curl" || f === "wget") && !keep.includes(f)) continue;
      const to = join(dir, f);
      if (!existsSync(to)) symlinkSync(join(d, f), to);
    }
  }
  return dir;
}

describe("install.sh's default location is package.json's repository", () => {
  const slug = repositorySlug(ROOT);

  test("package.json names a GitHub repository", () => {
    expect(slug).toMatch(/^[\w.-]+\/[\w.-]+$/);
    expect(slug).not.toBe("migrator/migrator"); // the old placeholder
  });

  test("the repository's install.sh has it as its default (the build keeps them equal), and --help shows it", () => {
    expect(installScriptRepo(readFileSync(INSTALL, "utf8"))).toBe(slug);
    const r = run(["sh", INSTALL, "--help"], { cwd: ROOT });
    expect(r.stdout).toContain(`https://github.com/${slug}/releases/`);
    expect(r.stdout).toContain(`(now: ${slug})`);
  });

  test("the build writes a copy with the default filled in, and MIGRATOR_REPO still overrides it", () => {
    const out = join(scratch("migrator-dist-"), "install.sh");
    expect(writeInstallScript(ROOT, out)).toBe(slug);
    expect(installScriptRepo(readFileSync(out, "utf8"))).toBe(slug);
    const r = run(["sh", out, "--help"], { cwd: ROOT, env: { MIGRATOR_REPO: "someone/fork" } });
    expect(r.stdout).toContain("(now: someone/fork)");
  });

  test("renderInstallScript replaces exactly the default and refuses a script without the line", () => {
    const text = readFileSync(INSTALL, "utf8");
    const next = renderInstallScript(text, "acme/tool");
    expect(installScriptRepo(next)).toBe("acme/tool");
    expect(next.split("\n").filter((l, i) => l !== text.split("\n")[i])).toEqual([`MIGRATOR_REPO="\${MIGRATOR_REPO:-acme/tool}"`]);
    expect(() => renderInstallScript("#!/bin/sh\necho hi\n", "acme/tool")).toThrow(/install\.sh has no line MIGRATOR_REPO=/);
  });

  test.each([
    ["git+https://github.com/acme/tool.git", "acme/tool"],
    ["https://github.com/acme/tool", "acme/tool"],
    ["git@github.com:acme/tool.git", "acme/tool"],
    ["github:acme/tool", "acme/tool"],
    ["acme/tool", "acme/tool"],
  ])("githubSlug(%p) is %p", (url, want) => {
    expect(githubSlug(url)).toBe(want);
    expect(githubSlug({ type: "git", url })).toBe(want);
  });

  test("a repository outside GitHub, or none, is refused with how to fix it", () => {
    expect(() => githubSlug("https://gitlab.com/acme/tool.git")).toThrow(/is not a GitHub repository/);
    expect(() => githubSlug(undefined)).toThrow(/package\.json has no `repository` field/);
  });
});

describe("install.sh refuses and installs nothing", () => {
  const cases: [string, () => string, RegExp][] = [
    ["the file was changed after SHA256SUMS was made", () => releaseFolder({ tamper: true }), /checksum mismatch for migrator-\S+: expected [0-9a-f]{64}, got [0-9a-f]{64}.*nothing was installed/],
    ["SHA256SUMS has no line for the file", () => releaseFolder({ sums: `${"0".repeat(64)}  migrator-some-other-platform\n` }), /SHA256SUMS has no entry for migrator-\S+; nothing was installed/],
    ["the folder has no SHA256SUMS", () => {
      const d = releaseFolder();
      const empty = scratch("migrator-release-");
      copyFileSync(join(d, `migrator-${platform}`), join(empty, `migrator-${platform}`));
      return empty;
    }, /not found: .*SHA256SUMS/],
    ["the folder has no file for this platform", () => {
      const d = scratch("migrator-release-");
      writeFileSync(join(d, "SHA256SUMS"), "");
      return d;
    }, /not found: .*migrator-/],
  ];
  test.each(cases)("when %s", (_label, make, message) => {
    const prefix = join(scratch("migrator-prefix-"), "p");
    const r = install(make(), prefix);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(existsSync(prefix)).toBe(false);
  });

  test("an unknown MIGRATOR_PLATFORM is a usage error naming the available builds", () => {
    const prefix = join(scratch("migrator-prefix-"), "p");
    const r = install(releaseFolder(), prefix, [], { MIGRATOR_PLATFORM: "plan9-mips" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown platform 'plan9-mips'; available builds: linux-x64 ");
    expect(existsSync(prefix)).toBe(false);
  });

  test("an unknown option is a usage error", () => {
    const r = run(["sh", INSTALL, "--prefx", "/nowhere"], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--prefx'");
  });
});

describe("install.sh picks the release file from uname", () => {
  const cases: [string, string, string][] = [
    ["Linux", "aarch64", "linux-arm64"],
    ["Linux", "arm64", "linux-arm64"],
    ["Darwin", "arm64", "darwin-arm64"],
    ["Darwin", "x86_64", "darwin-x64"], // sysctl.proc_translated is absent off macOS
  ];
  test.each(cases)("%s %s → migrator-%s", (s, m, want) => {
    const r = run(["sh", INSTALL, "--print-platform"], { cwd: ROOT, env: { MIGRATOR_UNAME_S: s, MIGRATOR_UNAME_M: m } });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe(want);
  });

  test("Linux x86_64 → musl, baseline or the AVX2 build, by what this machine has", () => {
    const r = run(["sh", INSTALL, "--print-platform"], { cwd: ROOT, env: { MIGRATOR_UNAME_S: "Linux", MIGRATOR_UNAME_M: "x86_64" } });
    const musl = readdirSync("/lib").some((f) => f.startsWith("ld-musl-"));
    const avx2 = /\bavx2\b/.test(readFileSync("/proc/cpuinfo", "utf8"));
    expect(r.stdout.trim()).toBe(musl ? "linux-x64-musl" : avx2 ? "linux-x64" : "linux-x64-baseline");
  });

  const unsupported: [string, string, string][] = [
    ["SunOS", "i86pc", "unsupported operating system 'SunOS'"],
    ["Linux", "riscv64", "unsupported CPU 'riscv64' on Linux"],
    ["Darwin", "ppc", "unsupported CPU 'ppc' on macOS"],
    ["MINGW64_NT-10.0", "x86_64", "on Windows, download migrator-windows-x64.exe"],
  ];
  test.each(unsupported)("%s %s is refused with a clear message", (s, m, message) => {
    const r = run(["sh", INSTALL, "--print-platform"], { cwd: ROOT, env: { MIGRATOR_UNAME_S: s, MIGRATOR_UNAME_M: m } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`install.sh: error: ${message}`);
  });
});

describe("install.sh as a script", () => {
  test("--help describes the options and exits 0", () => {
    const r = run(["sh", INSTALL, "--help"], { cwd: ROOT });
    expect(r.code).toBe(0);
    for (const word of ["--prefix", "--version", "MIGRATOR_DOWNLOAD_BASE", "MIGRATOR_PLATFORM", "linux-x64-musl"]) expect(r.stdout).toContain(word);
  });

  test.skipIf(!onPath("shellcheck"))("passes shellcheck as POSIX sh", () => {
    const r = run(["shellcheck", "-s", "sh", INSTALL], { cwd: ROOT });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
  if (!onPath("shellcheck")) console.log("skipped the shellcheck test: shellcheck is not installed (apt-get install shellcheck)");

  test("parses (sh -n) under every shell of sh, dash and bash that is installed", () => {
    const shells = ["sh", "dash", "bash"].filter(onPath);
    expect(shells.length).toBeGreaterThan(0);
    for (const sh of shells) expect(run([sh, "-n", INSTALL], { cwd: ROOT }).code).toBe(0);
  });
});
