// `migrator heads [--verbose]` — Alembic's heads: `<rev> (labels) (head)`, file order.
import { defineCommand } from "./_args";
import { context, migrator } from "../_shared";
import { renderHeads } from "./_revision-lines";

export default defineCommand({
  meta: { name: "heads", description: "show the head revision(s) of the migration graph" },
  args: {},
  async run() {
    const { out, globals } = context();
    const m = await migrator();
    const g = m.displayGraph();
    const heads = g.heads();
    if (globals.json) {
      const info = (h: string) => {
        const r = g.get(h);
        const { revision, downRevisions, dependsOn, message, createDate, path } = r;
        return { revision, downRevisions, branchLabels: g.branchLabelsOf(h), dependsOn, message, createDate, path, isHead: true, isBranchPoint: false, isMergePoint: g.isMergePoint(h) };
      };
      out.result({ heads: heads.map(info) });
      return;
    }
    const text = renderHeads(g, globals.verbose);
    if (text !== null) out.print(text);
  },
});
