// `migrator branches [--verbose]`
import { defineCommand } from "./_args";
import { context, migrator, tags, verboseBlock } from "../_shared";

export default defineCommand({
  meta: { name: "branches", description: "show revisions where the graph branches" },
  args: {},
  async run() {
    const { out, globals } = context();
    const m = await migrator();
    const list = m.branches();
    const g = m.graph();
    const lines = list.map((b) => {
      if (globals.verbose) return verboseBlock(b);
      const kids = g.children(b.revision).map((c) => `             -> ${c}${tags(m.revisionInfo(c))}, ${g.get(c).message}`);
      return [`${b.revision}${tags(b)}, ${b.message}`, ...kids].join("\n");
    });
    out.print(lines.join("\n"));
    out.result({ branches: list.map((b) => ({ ...b, children: g.children(b.revision) })) });
  },
});
