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

/**
 * Refuse options the command does not define: citty ignores them, and a mistyped flag such as
 * `upgrade head --sqll` would otherwise run a real upgrade instead of printing SQL.
 */
export function checkOptions(command: string, rest: string[], args: Record<string, { type?: string; alias?: string | string[] }>): void {
  const known = new Set<string>();
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") continue;
    for (const n of [name, ...(Array.isArray(def.alias) ? def.alias : def.alias ? [def.alias] : [])]) {
      known.add(n);
      known.add(n.replace(/_/g, "-"));
    }
  }
  for (const a of rest) {
    if (a === "--") break;
    if (!a.startsWith("-") || a === "-") continue;
    const name = a.replace(/^--?(no-)?/, "").replace(/=.*$/, "");
    if (!known.has(name)) {
      const options = [...known].filter((k) => k.length > 1);
      const near = options.find((k) => k.startsWith(name) || name.startsWith(k));
      throw new UsageError("unknown_option", `${command}: unknown option ${a.replace(/=.*$/, "")}${near ? ` (did you mean --${near}?)` : ""}`, {
        hint: `run \`migrator ${command} --help\``,
      });
    }
  }
}
