// `migrator show REV`
import { defineCommand } from "./_args";
import { context, migrator, verboseBlock } from "../_shared";

export default defineCommand({
  meta: { name: "show", description: "show the revision(s) a spec denotes" },
  args: { rev: { type: "positional", required: true, description: "revision spec" } },
  async run({ args }) {
    const { out } = context();
    const m = await migrator();
    const list = await m.show(String(args.rev));
    out.print(list.map(verboseBlock).join("\n"));
    out.result({ revisions: list });
  },
});
