// Splits the raw command line into global flags, the command name and the command's own
// arguments. Global flags are accepted before or after the command name. Tokens such as `-1`
// or `-2` are revision specs (Alembic's `downgrade -1`), not flags: they are moved behind `--`
// so the flag parser keeps them as positionals.

import { UsageError } from "../errors";

export interface GlobalFlags {
  config?: string;
  db?: string;
  quiet: boolean;
  verbose: boolean;
  json: boolean;
  help: boolean;
  version: boolean;
}

export interface SplitArgv {
  globals: GlobalFlags;
  command: string | null;
  rest: string[];
}

const VALUE_GLOBALS: Record<string, keyof GlobalFlags> = { "--config": "config", "-c": "config", "--db": "db" };
const BOOL_GLOBALS: Record<string, keyof GlobalFlags> = {
  "--quiet": "quiet",
  "-q": "quiet",
  "--verbose": "verbose",
  "-v": "verbose",
  "--json": "json",
  "--help": "help",
  "-h": "help",
  "--version": "version",
  "-V": "version",
};

/** A revision spec that looks like a flag: -1, -12, -1a? no: only a dash followed by digits. */
const NEGATIVE_SPEC = /^-\d+$/;

export function splitArgv(argv: string[]): SplitArgv {
  const globals: GlobalFlags = { quiet: false, verbose: false, json: false, help: false, version: false };
  let command: string | null = null;
  const rest: string[] = [];
  const specs: string[] = [];
  const tail: string[] = [];
  let afterDashDash = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (afterDashDash) {
      tail.push(a);
      continue;
    }
    if (a === "--") {
      afterDashDash = true;
      continue;
    }
    const eq = a.indexOf("=");
    const flagName = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
    if (flagName in VALUE_GLOBALS) {
      const key = VALUE_GLOBALS[flagName]!;
      let value: string | undefined;
      if (flagName !== a) value = a.slice(eq + 1);
      else {
        value = argv[++i];
        if (value === undefined) throw new UsageError("missing_flag_value", `${a} needs a value`);
      }
      (globals as unknown as Record<string, unknown>)[key] = value;
      continue;
    }
    if (a in BOOL_GLOBALS) {
      (globals as unknown as Record<string, unknown>)[BOOL_GLOBALS[a]!] = true;
      continue;
    }
    if (command === null && !a.startsWith("-")) {
      command = a;
      continue;
    }
    if (NEGATIVE_SPEC.test(a)) {
      specs.push(a);
      continue;
    }
    rest.push(a);
  }
  if (specs.length || tail.length) rest.push("--", ...specs, ...tail);
  return { globals, command, rest };
}
