#!/usr/bin/env node
// The `migrator` command of the npm launcher package: finds the per-platform package npm
// installed beside it (one of its optionalDependencies, chosen by npm from os/cpu/libc) and
// runs that package's standalone binary with the same arguments, stdio, signals and exit code.
// Plain CommonJS for any Node >= 16 (and Bun); no dependencies. Copied by build/npm-packages.ts.
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const launcher = require("../package.json");

function fail(message) {
  process.stderr.write(`migrator: ${message}\n`);
  process.exit(1);
}

function isMusl() {
  // Node's diagnostic report names the glibc it runs on; musl systems have none.
  try {
    const header = process.report && process.report.getReport().header;
    if (header && header.glibcVersionRuntime) return false;
  } catch {}
  try {
    return fs.readdirSync("/lib").some((f) => f.startsWith("ld-musl-"));
  } catch {
    return false;
  }
}

function hasAvx2() {
  // Bun's default x64 build needs AVX2 (Haswell, 2013+); older CPUs need the baseline build.
  try {
    return /\bavx2\b/.test(fs.readFileSync("/proc/cpuinfo", "utf8"));
  } catch {
    return true;
  }
}

/** Release target names that run here, best first (the names of build/build.ts's targets). */
function candidates() {
  const key = `${process.platform}-${process.arch}`;
  switch (key) {
    case "linux-x64":
      if (isMusl()) return ["linux-x64-musl"];
      return hasAvx2() ? ["linux-x64", "linux-x64-baseline"] : ["linux-x64-baseline"];
    case "linux-arm64":
      return isMusl() ? [] : ["linux-arm64"];
    case "darwin-x64":
    case "darwin-arm64":
      return [key];
    case "win32-x64":
      return ["windows-x64"];
    default:
      return [];
  }
}

/** The targets published for this version: the launcher's optionalDependencies, minus the prefix. */
function targetNames() {
  return Object.keys(launcher.optionalDependencies || {}).map((n) => n.slice(launcher.name.length + 1));
}

function findBinary() {
  const wanted = candidates();
  if (wanted.length === 0) {
    const libc = process.platform === "linux" && isMusl() ? " (musl libc)" : "";
    fail(`no ${launcher.name} build for ${process.platform}-${process.arch}${libc}; builds exist for: ${targetNames().join(", ")}`);
  }
  for (const t of wanted) {
    const pkg = `${launcher.name}-${t}`;
    let dir;
    try {
      dir = path.dirname(require.resolve(`${pkg}/package.json`));
    } catch {
      continue;
    }
    return path.join(dir, "bin", process.platform === "win32" ? "migrator.exe" : "migrator");
  }
  const pkg = `${launcher.name}-${wanted[0]}`;
  fail(`the package ${pkg} (the migrator binary for this machine) is not installed; reinstall without --omit=optional / --no-optional, or run: npm install ${pkg}@${launcher.version}`);
}

const bin = findBinary();
if (process.platform !== "win32") {
  // Some package managers drop the executable bit when they unpack a tarball.
  try {
    fs.accessSync(bin, fs.constants.X_OK);
  } catch {
    try {
      fs.chmodSync(bin, 0o755);
    } catch {}
  }
}

const child = spawn(bin, process.argv.slice(2), { stdio: "inherit", windowsHide: true });

// A signal sent to the launcher (kill PID, a supervisor's SIGTERM) goes on to the binary; the
// binary's exit then decides the launcher's.
const forwarded = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR2", "SIGBREAK"];
const handlers = new Map();
for (const sig of forwarded) {
  const h = () => {
    try {
      child.kill(sig);
    } catch {}
  };
  try {
    process.on(sig, h);
    handlers.set(sig, h);
  } catch {}
}

child.on("error", (e) => fail(`could not run ${bin}: ${e.message}`));
child.on("exit", (code, signal) => {
  for (const [sig, h] of handlers) process.off(sig, h);
  if (signal) {
    // Die of the same signal, so that the shell sees what it would have seen without us.
    try {
      process.kill(process.pid, signal);
    } catch {}
    setTimeout(() => process.exit(128 + (os.constants.signals[signal] || 0)), 100);
    return;
  }
  process.exit(code === null ? 1 : code);
});
