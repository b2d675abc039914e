// `migrator history [-r A:B] [--verbose] [--indicate-current]`
import { defineCommand } from "./_args";
import { context, migrator, shortLine, verboseBlock } from "../_shared";

export default defineCommand({
  meta: { name: "history", description: "list revisions, newest first" },
  args: {
    rev_range: { type: "string", alias: ["r"], description: "range A:B (either side optional; current, head, base allowed)" },
    indicate_current: { type: "boolean", alias: ["i"], description: "mark the database's current revision(s)" },
  },
  async run({ args }) {
    const { out, globals } = context();
    const m = await migrator();
    const list = await m.history({ range: args.rev_range as string | undefined, indicateCurrent: !!args.indicate_current });
    out.print(list.map((r) => (globals.verbose ? verboseBlock(r) : shortLine(r))).join("\n"));
    out.result({ revisions: list });
  },
});
