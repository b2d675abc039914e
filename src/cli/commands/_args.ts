// Argument definitions several commands share.
import type { ArgsDef } from "citty";

/** `--schema PATH`: the model file, overriding migrator.toml. */
export const schemaArg = { schema: { type: "string", description: "model file (default: from migrator.toml)" } } satisfies ArgsDef;

/** `--from-db`: compare with the configured database instead of the replayed migrations. */
export const fromDbArg = {
  from_db: { type: "boolean", description: "compare with the configured database (must be at head)" },
} satisfies ArgsDef;
