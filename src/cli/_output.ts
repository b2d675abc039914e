// Everything the CLI prints goes through here: human output with consola on stderr (colour only
// on a terminal, honouring NO_COLOR), data on stdout, and with --json exactly one JSON document
// on stdout and nothing else there.

import type { ConsolaInstance } from "consola/basic";
import { isMigratorError, type MigratorError } from "../errors";
import type { GlobalFlags } from "./_argv";

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

export function colorEnabled(stream: NodeJS.WriteStream = process.stderr): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR) return true;
  return !!stream.isTTY && process.env.TERM !== "dumb";
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
      const { createConsola } = require("consola/basic") as typeof import("consola/basic");
      log = createConsola({
        level: g.quiet ? 1 : g.verbose ? 4 : 3,
        formatOptions: { colors: colorEnabled(), date: false, compact: true },
        stdout: process.stderr,
        stderr: process.stderr,
      });
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
      if (!g.json) process.stdout.write(text.endsWith("\n") ? text : text + "\n");
    },
    result(data: unknown) {
      if (g.json) process.stdout.write(JSON.stringify({ ok: true, ...(data as object) }, jsonReplacer, 2) + "\n");
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
    const body = {
      ok: false,
      error: { code: known ? err.code : "internal", message, hint: known ? err.hint ?? null : null, exitCode },
      ...(known && err.data ? err.data : {}),
    };
    process.stdout.write(JSON.stringify(body, null, 2) + "\n");
  }
  const red = colorEnabled() ? (s: string) => `\x1b[31m${s}\x1b[39m` : (s: string) => s;
  const lines = message.split("\n");
  process.stderr.write(`${red("error:")} ${lines[0]}\n`);
  // multi-line messages are rendered diagnostics (model errors): show them as they are
  if (lines.length > 1) process.stderr.write(lines.slice(1).join("\n") + "\n");
  if (known && err.hint) process.stderr.write(`  hint: ${err.hint}\n`);
  if (g.verbose && e instanceof Error && e.stack) process.stderr.write(e.stack + "\n");
  else if (!known) process.stderr.write("  (run with --verbose for details)\n");
  return exitCode;
}
