// `migrator branches [--verbose]` — Alembic's branches: each branch point (newest first), then
// one `-> child` line per revision that revises it, then an empty line.
import { defineCommand } from "./_args";
import { context, migrator } from "../_shared";
import { renderBranches } from "./_revision-lines";

export default defineCommand({
  meta: { name: "branches", description: "show revisions where the graph branches" },
  args: {},
  async run() {
    const { out, globals } = context();
    const m = await migrator();
    const g = m.displayGraph();
    const text = renderBranches(g, globals.verbose);
    if (text !== null) out.print(text);
    const points = g.branchPoints();
    out.result({
      branches: points.map((id) => ({ ...m.revisionInfo(id, g), branchLabels: g.branchLabelsOf(id), children: g.children(id) })),
    });
  },
});
