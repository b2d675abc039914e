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
    const opts = { range, indicateCurrent: !!args.indicate_current };
    if (globals.json) {
      const list = await m.history(opts, g);
      out.result({ revisions: list.map((r) => ({ ...r, branchLabels: g.branchLabelsOf(r.revision) })) });
      return;
    }
    // the text needs ids only: no RevisionInfo per revision (10,000 of them cost ~5 ms)
    const { ids, current } = await m.historyIds(opts, g);
    const text = renderHistory(g, ids, current, globals.verbose);
    if (text !== null) out.print(text);
  },
});
