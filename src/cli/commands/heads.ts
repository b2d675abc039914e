// `migrator heads [--verbose]`
import { defineCommand } from "./_args";
import { context, migrator, tags, verboseBlock } from "../_shared";

export default defineCommand({
  meta: { name: "heads", description: "show the head revision(s) of the migration graph" },
  args: {},
  async run() {
    const { out, globals } = context();
    const m = await migrator();
    const heads = m.heads();
    out.print(heads.map((h) => (globals.verbose ? verboseBlock(h) : `${h.revision}${tags(h)}`)).join("\n"));
    out.result({ heads });
  },
});
