// Everything the CLI prints goes through here: human output with consola on stderr (colour only
// on a terminal, honouring NO_COLOR), data on stdout, and with --json exactly one JSON document
// on stdout and nothing else there.

import type { ConsolaInstance, ConsolaReporter } from "consola/core";
import { isMigratorError, type MigratorError } from "../errors";
import { fs } from "../sys/files";
import type { GlobalFlags } from "./_argv";

// Writes go straight to file descriptors 1 and 2. Touching `process.stdout` or `process.stderr`
// makes Bun build a Node stream on first use, which costs ~8 ms of a ~15 ms command (measured
// with hyperfine on compiled binaries: `process.stdout.write` 13.4 ms vs `writeSync(1)` 6.5 ms).
// Data for stdout is kept until the command ends (or until something goes to stderr, or it
// grows large) and then written with Bun.write, which needs no node:fs: loading that module
// costs ~2.7 M instructions, ~20% of `migrator current` (callgrind). Lines for stderr (logs,
// errors, progress) are written at once, stdout's pending text first, so both keep their order.

/** Write all of `text` to fd 1 or 2 now, waiting out a full non-blocking pipe; a closed pipe
 *  (`migrator history | head`) ends the output quietly. */
export function writeFd(fd: 1 | 2, text: string): void {
  if (pending !== "") {
    const p = pending;
    pending = "";
    writeNow(1, p);
  }
  writeNow(fd, text);
}

function writeNow(fd: 1 | 2, text: string): void {
  const { writeSync } = fs();
  // The text goes as it is (encoded by the runtime, no Buffer copy: 0.4 ms of `history`'s
  // 10,000 lines); only what a full pipe left unwritten continues from a Buffer.
  let buf: Buffer | null = null;
  let off = 0;
  for (;;) {
    try {
      if (buf === null) {
        off = writeSync(fd, text);
        if (off === Buffer.byteLength(text)) return;
        buf = Buffer.from(text);
      } else {
        if (off >= buf.length) return;
        off += writeSync(fd, buf, off, buf.length - off);
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        buf ??= Buffer.from(text);
        Bun.sleepSync(1);
      } else if (code === "EPIPE") return;
      else throw e;
    }
  }
}

/** stdout's text not written yet (see above); past this size it is written at once */
let pending = "";
const PENDING_MAX = 1 << 16;

/** Queue text for stdout. */
export function writeOut(text: string): void {
  pending += text;
  if (pending.length > PENDING_MAX) writeFd(1, "");
}

/** Write what is queued for stdout (before exit, before a prompt takes the terminal). */
export async function flushOut(): Promise<void> {
  if (pending === "") return;
  const p = pending;
  pending = "";
  try {
    await Bun.write(Bun.stdout, p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPIPE") throw e;
  }
}

const ttyCache = new Map<number, boolean>();
/** Whether fd is a terminal; node:tty costs ~3 ms to load, so only asked when it matters. */
export function isTTY(fd: 0 | 1 | 2): boolean {
  let v = ttyCache.get(fd);
  if (v === undefined) {
    v = (require("node:tty") as typeof import("node:tty")).isatty(fd);
    ttyCache.set(fd, v);
  }
  return v;
}

/** consola's reporter, writing `[type] message` lines to stderr (the basic reporter's format,
 *  without its eager `process.stdout`). */
const stderrReporter: ConsolaReporter = {
  log(o) {
    const msg = o.args.map((a) => (a instanceof Error ? a.message : typeof a === "string" ? a : Bun.inspect(a))).join(" ");
    const tag = o.type === "log" ? "" : `[${o.type}] `;
    writeFd(2, `${tag}${o.tag ? `[${o.tag}] ` : ""}${msg}\n`);
  },
};

export interface Output {
  log: ConsolaInstance;
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  /** Print data to stdout (suppressed in --json mode: use result()). */
  print(text: string): void;
  /** The command's result: printed as JSON in --json mode. */
  result(data: unknown): void;
}

export function colorEnabled(fd: 1 | 2 = 2): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR) return true;
  return process.env.TERM !== "dumb" && isTTY(fd);
}

export function createOutput(g: GlobalFlags): Output {
  // consola is loaded on first use: importing it costs several milliseconds of start-up, and
  // `current`, `heads` or `history` usually print only data (STYLE.md habit 13)
  let log: ConsolaInstance | null = null;
  // --quiet: the messages it hides cost nothing, not even loading the logger
  const QUIET_NOOP = new Set(["info", "success", "log", "start", "ready", "box", "debug", "trace", "verbose"]);
  const quiet = g.quiet
    ? (new Proxy({} as ConsolaInstance, {
        get: (_t, k) => {
          if (QUIET_NOOP.has(String(k))) return () => {};
          const r = real();
          const v = Reflect.get(r, k);
          return typeof v === "function" ? v.bind(r) : v;
        },
      }) as ConsolaInstance)
    : null;
  const real = (): ConsolaInstance => {
    if (!log) {
      const { createLogger } = require("./_logger") as typeof import("./_logger");
      log = createLogger(g.quiet ? 1 : g.verbose ? 4 : 3, stderrReporter);
    }
    return log;
  };
  return {
    get log(): ConsolaInstance {
      return quiet ?? real();
    },
    json: g.json,
    quiet: g.quiet,
    verbose: g.verbose,
    print(text: string) {
      if (!g.json) writeOut(text.endsWith("\n") ? text : text + "\n");
    },
    result(data: unknown) {
      if (g.json) writeOut(JSON.stringify({ ok: true, ...(data as object) }, jsonReplacer, 2) + "\n");
    },
  };
}

function jsonReplacer(_k: string, v: unknown) {
  return typeof v === "bigint" ? v.toString() : v;
}

/** Print an error as one line (plus a hint line), or as JSON; returns the exit code. */
export function reportError(e: unknown, g: GlobalFlags): number {
  const known = isMigratorError(e);
  const err = e as MigratorError;
  const exitCode = known ? err.exitCode : 1;
  const message = known ? err.message : `internal error: ${(e as Error)?.message ?? String(e)}`;
  if (g.json) {
    // a check's findings (`changes`, `modified`) stand beside the error, as documented; other
    // errors' details (a server's SQLSTATE ...) stay inside it
    const diff = known && exitCode === 3;
    const body = {
      ok: false,
      error: {
        code: known ? err.code : "internal",
        message,
        hint: known ? err.hint ?? null : null,
        exitCode,
        ...(known && err.data && !diff ? { data: err.data } : {}),
      },
      ...(diff && err.data ? err.data : {}),
    };
    writeFd(1, JSON.stringify(body, null, 2) + "\n");
  }
  const red = colorEnabled() ? (s: string) => `\x1b[31m${s}\x1b[39m` : (s: string) => s;
  const lines = message.split("\n");
  writeFd(2, `${red("error:")} ${lines[0]}\n`);
  // multi-line messages are rendered diagnostics (model errors): show them as they are
  if (lines.length > 1) writeFd(2, lines.slice(1).join("\n") + "\n");
  if (known && err.hint) writeFd(2, `  hint: ${err.hint}\n`);
  if (g.verbose && e instanceof Error && e.stack) writeFd(2, e.stack + "\n");
  else if (!known) writeFd(2, "  (run with --verbose for details)\n");
  return exitCode;
}
