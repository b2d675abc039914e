// `migrator format [--schema PATH] [--check]`
import { defineCommand, schemaArg } from "./_args";
import { context, migrator } from "../_shared";

export default defineCommand({
  meta: { name: "format", description: "rewrite the model file in canonical Prisma style" },
  args: {
    ...schemaArg,
    check: { type: "boolean", description: "write nothing; exit 3 if the file is not formatted" },
  },
  async run({ args }) {
    const { out } = context();
    const m = await migrator({ schema: args.schema as string | undefined });
    const { readModelFile, formatModelFile } = await import("../../api/model");
    const file = readModelFile(m.config.schema);
    const r = formatModelFile(file, { check: !!args.check });
    if (args.check) out.log.success(`${file.display} is formatted`);
    else out.log.success(r.changed ? `formatted ${file.display}` : `${file.display} was already formatted`);
    out.result({ file: file.display, changed: r.changed });
  },
});
