// Argument definitions several commands share, and defineCommand.
import type { ArgsDef, CommandDef } from "citty";

/** citty's defineCommand (an identity kept for its types), without loading citty at run time:
 *  main.ts parses the arguments itself and loads citty only to render --help. */
export function defineCommand<const T extends ArgsDef = ArgsDef>(def: CommandDef<T>): CommandDef<T> {
  return def;
}

/** `--schema PATH`: the model file, overriding migrator.toml. */
export const schemaArg = { schema: { type: "string", description: "model file (default: from migrator.toml)" } } satisfies ArgsDef;

/** `--from-db`: compare with the configured database instead of the replayed migrations. */
export const fromDbArg = {
  from_db: { type: "boolean", description: "compare with the configured database (must be at head)" },
} satisfies ArgsDef;
