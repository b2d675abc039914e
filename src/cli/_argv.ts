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

/** A revision spec that looks like a flag: -1, -12, or a history range from one (-1:, -2:head). */
const NEGATIVE_SPEC = /^-\d+(?::\S*)?$/;

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

export interface ArgDef {
  type?: string;
  alias?: string | string[];
  required?: boolean;
  default?: unknown;
  options?: readonly string[];
}

/** A command's parsed arguments: each defined name, plus `_` holding every positional. */
export type ParsedArgs = Record<string, unknown> & { _: string[] };

/**
 * Parse a command's own arguments against its citty argument definitions. Our own parser, not
 * citty's: citty's loads node:util (~1 ms of a ~10 ms command) and ignores unknown options, so a
 * mistyped flag such as `upgrade head --sqll` would run a real upgrade instead of printing SQL.
 * Accepted forms: `--name value`, `--name=value`, `-m value`, `--flag`, `--no-flag`,
 * `--flag=false`; names defined with underscores are typed with dashes (`--rev-id`); everything
 * after `--` is positional.
 */
export function parseCommandArgs(command: string, rest: string[], defs: Record<string, ArgDef>): ParsedArgs {
  const byFlag = new Map<string, string>();
  for (const name of Object.keys(defs)) {
    const def = defs[name]!;
    if (def.type === "positional") continue;
    for (const n of [name, ...(Array.isArray(def.alias) ? def.alias : def.alias ? [def.alias] : [])]) {
      byFlag.set(n, name);
      byFlag.set(n.replaceAll("_", "-"), name);
    }
  }
  const usage = (message: string, code = "bad_arguments") => new UsageError(code, `${command}: ${message}`, { hint: `run \`migrator ${command} --help\`` });
  const out: ParsedArgs = { _: [] };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === "--") {
      out._.push(...rest.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      out._.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    let key = flag.replace(/^--?/, "");
    let negated = false;
    if (!byFlag.has(key) && key.startsWith("no-") && byFlag.has(key.slice(3))) {
      key = key.slice(3);
      negated = true;
    }
    const name = byFlag.get(key);
    if (name === undefined) {
      const options = [...byFlag.keys()].filter((k) => k.length > 1 && !k.includes("_"));
      const near = options.find((k) => k.startsWith(key) || key.startsWith(k));
      throw usage(`unknown option ${flag}${near ? ` (did you mean --${near}?)` : ""}`, "unknown_option");
    }
    const def = defs[name]!;
    if (def.type === "boolean") {
      if (negated) out[name] = false;
      else if (inline === undefined) out[name] = true;
      else if (/^(true|1|yes)$/i.test(inline)) out[name] = true;
      else if (/^(false|0|no)$/i.test(inline)) out[name] = false;
      else throw usage(`${flag} takes no value (got '${inline}')`);
      continue;
    }
    if (negated) throw usage(`unknown option ${flag}`, "unknown_option");
    const value = inline ?? rest[++i];
    if (value === undefined || value === "--") throw usage(`${flag} needs a value`, "missing_flag_value");
    if (def.options && !def.options.includes(value)) throw usage(`${flag} must be one of ${def.options.join(", ")} (got '${value}')`);
    out[name] = value;
  }
  const positionals = [...out._];
  for (const name of Object.keys(defs)) {
    const def = defs[name]!;
    if (def.type === "positional") {
      const v = positionals.shift();
      if (v !== undefined) out[name] = v;
      else if (def.default !== undefined) out[name] = def.default;
      else if (def.required !== false) throw usage(`missing required argument ${name.toUpperCase()}`);
    } else if (out[name] === undefined && def.default !== undefined) out[name] = def.default;
  }
  return out;
}
