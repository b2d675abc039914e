// `migrator history [-r] [A:B] [--verbose] [--indicate-current]` — Alembic's history, newest
// first: `<down> -> <rev> (labels) (head) (branchpoint) (mergepoint), <doc>`.
import { defineCommand } from "./_args";
import { context, migrator } from "../_shared";
import { renderHistory } from "./_revision-lines";

export default defineCommand({
  meta: { name: "history", description: "list revisions, newest first" },
  args: {
    range: { type: "positional", required: false, description: "range A:B, A: or :B (current, head, heads, base, -N allowed)" },
    rev_range: { type: "string", alias: ["r"], description: "the range, as a flag (Alembic's -r)" },
    indicate_current: { type: "boolean", alias: ["i"], description: "mark the database's current revision(s)" },
  },
  async run({ args }) {
    const { out, globals } = context();
    const m = await migrator();
    const range = (args.rev_range as string | undefined) ?? (args.range as string | undefined);
    const g = m.displayGraph();
    const list = await m.history({ range, indicateCurrent: !!args.indicate_current }, g);
    const text = renderHistory(g, list, globals.verbose);
    if (text !== null) out.print(text);
    // built only when printed: 10,000 revisions' objects cost ~10 ms
    if (globals.json) out.result({ revisions: list.map((r) => ({ ...r, branchLabels: g.branchLabelsOf(r.revision) })) });
  },
});
