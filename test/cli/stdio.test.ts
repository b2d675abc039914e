// The CLI writes to file descriptors 1 and 2 directly (not through process.stdout, which costs
// start-up time): a large output through a pipe whose reader is slow arrives whole, and a reader
// that stops early (`| head -n 1`) ends the output quietly, without an error or a stack trace,
// and text a full non-blocking pipe took only in part goes on from the byte where it stopped.

import { beforeAll, expect, test } from "bun:test";
import { closeSync, constants, openSync, readSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binary, project, tempDir } from "../_support/project";

let dir = "";
let bin = "";
const N = 3000;

beforeAll(() => {
  bin = binary();
  const p = project();
  dir = p.dir;
  for (let i = 0; i < N; i++) {
    const rev = (0xa00000000000 + i).toString(16);
    const down = i ? (0xa00000000000 + i - 1).toString(16) : "";
    writeFileSync(
      join(p.migrations, `2025_01_01_0000-${String(i).padStart(5, "0")}_${rev}.sql`),
      `-- message: step number ${i} with a fairly long message to make the output larger\n-- revision: ${rev}\n-- down_revision: ${down}\n\n-- migrate:up\nSELECT ${i};\n\n-- migrate:down\nSELECT ${i};\n`,
    );
  }
});

function sh(script: string) {
  const p = Bun.spawnSync(["bash", "-c", script], { cwd: dir, env: { PATH: process.env.PATH!, NO_COLOR: "1", BIN: bin }, stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

test("a large --json output through a slow pipe arrives whole and parses", () => {
  const direct = Bun.spawnSync([bin, "history", "--verbose", "--json"], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  expect(direct.exitCode).toBe(0);
  const size = direct.stdout.length;
  expect(size).toBeGreaterThan(1_000_000); // far more than a pipe buffer holds
  expect(JSON.parse(direct.stdout.toString()).revisions).toHaveLength(N);
  // the reader sleeps before reading, so the writer meets a full pipe
  const r = sh(`"$BIN" history --verbose --json | (sleep 0.3; wc -c); echo "rc=\${PIPESTATUS[0]}"`);
  expect(r.stdout.trim().split(/\s+/)).toEqual([String(size), "rc=0"]);
  expect(r.stderr).toBe("");
});

test("a reader that stops early ends the output quietly", () => {
  const r = sh(`"$BIN" history | head -n 1; echo "rc=\${PIPESTATUS[0]}"`);
  const lines = r.stdout.trim().split("\n");
  expect(lines[0]).toMatch(/^[0-9a-f]{12} -> [0-9a-f]{12} \(head\), step number 2999/);
  expect(lines[1]).toBe("rc=0");
  expect(r.stderr).toBe("");
});

/** Make `fd` non-blocking with Linux's fcntl, through libc. Bun.spawn gives a child a blocking
 *  descriptor, so the test sets the flag on the pipe's write end after spawning: the child then
 *  meets a non-blocking stdout, as under a parent that made its end of a pipe non-blocking. */
function setNonBlocking(fd: number): void {
  const { dlopen, FFIType } = require("bun:ffi") as typeof import("bun:ffi");
  const libc = dlopen("libc.so.6", { fcntl: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 } });
  const F_GETFL = 3;
  const F_SETFL = 4;
  const O_NONBLOCK = 0o4000;
  const flags = libc.symbols.fcntl(fd, F_GETFL, 0);
  const set = libc.symbols.fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  const now = libc.symbols.fcntl(fd, F_GETFL, 0);
  libc.close();
  if (flags < 0 || set !== 0 || !(now & O_NONBLOCK)) throw new Error("fcntl failed");
}

test.skipIf(process.platform !== "linux")("text with multi-byte characters through a full non-blocking pipe arrives byte for byte", async () => {
  // the pipe fills, a write stops part way (inside a character's UTF-8 bytes, as likely as not)
  // and the rest must follow from the byte where it stopped
  const p = project();
  for (let i = 0; i < 2000; i++) {
    const rev = (0xb00000000000 + i).toString(16);
    const down = i ? (0xb00000000000 + i - 1).toString(16) : "";
    writeFileSync(
      join(p.migrations, `2025_01_01_0000-${String(i).padStart(5, "0")}_${rev}.sql`),
      `-- message: étape ${i} — ajoute la table « données » 🚀 ${"ü".repeat(i % 7)}\n-- revision: ${rev}\n-- down_revision: ${down}\n\n-- migrate:up\nSELECT ${i};\n\n-- migrate:down\nSELECT ${i};\n`,
    );
  }
  const direct = Bun.spawnSync([bin, "history"], { cwd: p.dir, stdout: "pipe", stderr: "pipe" });
  expect(direct.exitCode).toBe(0);
  expect(direct.stdout.length).toBeGreaterThan(150_000); // more than twice what a pipe holds
  expect(direct.stdout.toString()).toContain("étape 1999 — ajoute la table « données » 🚀 üüüü\n"); // 1999 % 7 = 4
  // a named pipe (node:fs makes no anonymous one); the child waits for a line on stdin, so the
  // flag is set before it writes anything
  const fifoDir = tempDir("migrator-stdio-");
  const fifo = join(fifoDir, "out");
  expect(Bun.spawnSync(["mkfifo", fifo]).exitCode).toBe(0);
  const r = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const w = openSync(fifo, constants.O_WRONLY);
  const child = Bun.spawn(["sh", "-c", 'read -r _ && exec "$BIN" history'], { cwd: p.dir, env: { PATH: process.env.PATH!, BIN: bin }, stdin: "pipe", stdout: w, stderr: "pipe" });
  setNonBlocking(w);
  closeSync(w);
  child.stdin.write("go\n");
  await child.stdin.end();
  await Bun.sleep(300); // the pipe fills and the writer meets it full
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(r, buf);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      await Bun.sleep(2);
      continue;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  closeSync(r);
  expect(await child.exited).toBe(0);
  expect(await new Response(child.stderr).text()).toBe("");
  expect(Buffer.concat(chunks).equals(direct.stdout)).toBe(true);
});
