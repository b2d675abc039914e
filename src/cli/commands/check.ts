// `migrator check` — exit 3 listing the changes when the model has changes no migration covers.
import { defineCommand, fromDbArg, schemaArg } from "./_args";
import { DifferenceError } from "../../errors";
import { context, migrator } from "../_shared";

export default defineCommand({
  meta: { name: "check", description: "exit 3 if the model has changes that no migration covers (for CI)" },
  args: {
    ...schemaArg,
    ...fromDbArg,
  },
  async run({ args }) {
    const { out } = context();
    const m = await migrator({ schema: args.schema as string | undefined });
    try {
      await m.check({ fromDb: !!args.from_db });
    } catch (e) {
      const changes = e instanceof DifferenceError ? (e.data?.changes as string[] | undefined) : undefined;
      if (changes && !out.json) for (const s of changes) out.print(`  ${s}`);
      throw e;
    }
    out.log.success("No changes: the migrations match the model");
    out.result({ changes: [] });
  },
});
