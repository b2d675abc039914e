// `migrator validate [--schema PATH]` — exit 0, or exit 2 with every located error.
import { defineCommand, schemaArg } from "./_args";
import { context, migrator } from "../_shared";

export default defineCommand({
  meta: { name: "validate", description: "check the model file and report every error with its location" },
  args: { ...schemaArg },
  async run({ args }) {
    const { out } = context();
    const m = await migrator({ schema: args.schema as string | undefined });
    const { readModelFile, validateModel } = await import("../../api/model");
    const file = readModelFile(m.config.schema);
    const r = validateModel(file);
    out.log.success(`${file.display} is valid (${r.tables} table${r.tables === 1 ? "" : "s"})`);
    out.result({ file: file.display, tables: r.tables });
  },
});
