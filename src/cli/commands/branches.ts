// `migrator branches [--verbose]` — Alembic's branches: each branch point (newest first), then
// one `-> child` line per revision that revises it, then an empty line.
import { defineCommand } from "./_args";
import { context, migrator } from "../_shared";
import { joinItems, revisionBlock, revisionLine } from "./_revision-lines";

export default defineCommand({
  meta: { name: "branches", description: "show revisions where the graph branches" },
  args: {},
  async run() {
    const { out, globals } = context();
    const m = await migrator();
    const g = m.graph();
    const points = g.history().filter((id) => g.isBranchPoint(id));
    const blocks = points.map((id) => {
      const head = globals.verbose ? revisionBlock(g, id) : revisionLine(g, id, { branches: true });
      const pad = " ".repeat(id.length);
      const kids = [...g.children(id)].sort().map((c) => `${pad} -> ${revisionLine(g, c, { branches: true, doc: globals.verbose })}`);
      return `${head}\n${kids.join("\n")}\n`;
    });
    const text = joinItems(blocks);
    if (text !== null) out.print(text);
    out.result({
      branches: points.map((id) => ({ ...m.revisionInfo(id), branchLabels: g.branchLabelsOf(id), children: g.children(id) })),
    });
  },
});
