// `migrator ddl [--schema PATH]` — CREATE statements for the model, in an order that applies to
// an empty database (`sqlite3 new.db < out.sql` works).
import { defineCommand, schemaArg } from "./_args";
import { context, migrator } from "../_shared";

export default defineCommand({
  meta: { name: "ddl", description: "print the SQL that creates the model on an empty database" },
  args: { ...schemaArg },
  async run({ args }) {
    const { out } = context();
    const m = await migrator({ schema: args.schema as string | undefined });
    const { readModelFile, modelDdl } = await import("../../api/model");
    const statements = modelDdl(readModelFile(m.config.schema));
    out.print(statements.join("\n\n"));
    out.result({ statements });
  },
});
