#!/usr/bin/env bun
// The migrator command line: parse global flags, pick the command (lazy-loaded: start-up is a
// feature), parse its arguments against its citty definition, run it, and map errors to exit
// codes (DESIGN.md §7). citty itself is loaded only to render --help: its argument parser loads
// node:util (~1 ms) and ignores unknown options, so _argv.ts parses instead.

import type { CommandDef } from "citty";
import { parseCommandArgs, splitArgv, type ArgDef, type GlobalFlags } from "./_argv";
import { colorEnabled, createOutput, flushOut, reportError, writeFd } from "./_output";
import { closeOpened, setContext } from "./_shared";
import { commands, commandSummaries } from "./_commands";
import { UsageError } from "../errors";

function suggest(name: string): string {
  const names = Object.keys(commands);
  const hit = names.find((n) => n.startsWith(name) || name.startsWith(n));
  return hit ? ` (did you mean '${hit}'?)` : "";
}

function topUsage(): string {
  const width = Math.max(...Object.keys(commandSummaries).map((n) => n.length));
  const lines = Object.entries(commandSummaries).map(([n, d]) => `  ${n.padEnd(width)}  ${d}`);
  return [
    "migrator — database migrations for SQLite, in the spirit of Alembic",
    "",
    "Usage: migrator [--config FILE] [--db PATH] [--json] [--quiet|--verbose] COMMAND [ARGS]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `migrator COMMAND --help` for a command's options.",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  let globals: GlobalFlags = { quiet: false, verbose: false, json: false, help: false, version: false };
  try {
    const split = splitArgv(argv);
    globals = split.globals;
    const out = createOutput(globals);
    setContext({ globals, out });
    if (globals.version && !split.command) {
      const { versionInfo } = await import("../api/version");
      const v = versionInfo();
      if (globals.json) out.result(v);
      else out.print(`migrator ${v.version} (${v.target}, SQLite ${v.sqlite})`);
      return 0;
    }
    if (!split.command) {
      if (globals.help) {
        writeFd(1, topUsage() + "\n");
        return 0;
      }
      writeFd(2, topUsage() + "\n");
      return 2;
    }
    const load = commands[split.command];
    if (!load) throw new UsageError("unknown_command", `unknown command '${split.command}'${suggest(split.command)}`, { hint: "run `migrator --help` for the list" });
    const cmd = (await load()) as CommandDef;
    if (globals.help) {
      // options are typed with dashes (--from-db); the definitions' keys use underscores
      const { renderUsage } = await import("citty");
      const usage = (await renderUsage(cmd, { meta: { name: "migrator" } } as CommandDef)).replace(/--[a-z]+(?:_[a-z]+)+/g, (m) => m.replace(/_/g, "-"));
      // citty colours its usage unconditionally; like every other output, only on a terminal
      writeFd(1, (colorEnabled(1) ? usage : usage.replace(/\x1b\[[0-9;]*m/g, "")) + "\n");
      return 0;
    }
    const defs = ((await (typeof cmd.args === "function" ? cmd.args() : cmd.args)) ?? {}) as Record<string, ArgDef>;
    const args = parseCommandArgs(split.command, split.rest, defs);
    await cmd.run?.({ rawArgs: split.rest, args, cmd } as never);
    return (process.exitCode as number | undefined) ?? 0;
  } catch (e) {
    // a bad command line fails before the flags are known; --json still asks for a JSON error
    if (!globals.json && argv.includes("--json")) globals = { ...globals, json: true };
    return reportError(e, globals);
  } finally {
    await closeOpened();
    await flushOut();
  }
}

if (import.meta.main) {
  const code = await main(process.argv.slice(2));
  // Everything is written (main() awaits stdout's queued text) and the database is closed, so
  // nothing is left to flush: Bun's reallyExit skips the 'exit' event machinery, ~0.8 ms of a ~10 ms command.
  // MIGRATOR_PROFILE_EXIT=1 takes the ordinary exit, which writes a CPU profile asked for with
  // BUN_OPTIONS="--cpu-prof ..." (how the figures in README § Performance were found).
  const exit = (process as unknown as { reallyExit?: (code: number) => never }).reallyExit;
  if (typeof exit === "function" && !process.env.MIGRATOR_PROFILE_EXIT) exit.call(process, code);
  process.exit(code);
}
