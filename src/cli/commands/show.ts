// `migrator show REV` — Alembic's show: the verbose block of each revision the spec denotes.
import { defineCommand } from "./_args";
import { context, migrator } from "../_shared";
import { renderShow } from "./_revision-lines";

export default defineCommand({
  meta: { name: "show", description: "show the revision(s) a spec denotes" },
  args: { rev: { type: "positional", required: true, description: "revision spec" } },
  async run({ args }) {
    const { out, globals } = context();
    const m = await migrator();
    const g = m.displayGraph();
    const list = await m.show(String(args.rev), g);
    const text = renderShow(g, list.map((r) => r.revision));
    if (text !== null) out.print(text);
    if (globals.json) out.result({ revisions: list.map((r) => ({ ...r, branchLabels: g.branchLabelsOf(r.revision) })) });
  },
});
