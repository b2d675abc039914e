// `migrator diff` — the operations and the SQL autogenerate would write; writes no file.
import { defineCommand, fromDbArg, schemaArg } from "./_args";
import { context, migrator } from "../_shared";

export default defineCommand({
  meta: { name: "diff", description: "print the changes between migrations and model, and their SQL" },
  args: {
    ...schemaArg,
    ...fromDbArg,
  },
  async run({ args }) {
    const { out } = context();
    const m = await migrator({ schema: args.schema as string | undefined });
    const { diffWithSql } = await import("../../api/autogenerate");
    const d = await diffWithSql(m, { fromDb: !!args.from_db });
    if (d.operations.length === 0) out.log.info("No changes");
    else {
      out.print("-- changes:\n" + d.summary.map((s) => `--   ${s}`).join("\n") + "\n");
      out.print(d.sql.join("\n"));
    }
    out.result({ changes: d.summary, warnings: d.warnings, sql: d.sql });
  },
});
