// `migrator current [--verbose] [--check]` — Alembic's current: one line per current branch
// head, `<rev> (head) (branchpoint) (mergepoint)`, no labels; a row below another row is hidden.
import { defineCommand } from "./_args";
import { context, migrator, shortLine, verboseBlock } from "../_shared";
import { renderCurrent } from "./_revision-lines";

export default defineCommand({
  meta: { name: "current", description: "show the database's current revision(s)" },
  args: { check: { type: "boolean", description: "exit 3 unless the database is at head" } },
  async run({ args }) {
    const { out, globals } = context();
    const m = await migrator();
    const c = args.check ? await m.checkCurrent() : await m.current();
    for (const mod of c.modified) out.log.warn(`migration ${mod.revision} (${mod.path}) was changed after it was applied`);
    for (const u of c.unknown) out.log.warn(`Can't locate revision identified by '${u}' (in the version table, but no migration file has it)`);
    if (c.heads.length === 0 && c.unknown.length === 0 && globals.verbose) out.log.info("database is at <base> (no revision applied)");
    if (c.heads.length === 1) {
      // the usual case needs no second look at the graph (`current` is a start-up path)
      const h = c.heads[0]!;
      out.print(globals.verbose ? verboseBlock(h) : `${h.revision}${h.isHead ? " (head)" : ""}${h.isBranchPoint ? " (branchpoint)" : ""}${h.isMergePoint ? " (mergepoint)" : ""}`);
    } else if (c.heads.length > 1) {
      const g = m.graph();
      const rows = c.heads.map((h) => h.revision);
      if (globals.verbose) for (const id of g.currentRevisions(rows)) out.print(verboseBlock(m.revisionInfo(id, g)));
      else out.print(renderCurrent(g, rows) ?? "");
    }
    for (const u of c.unknown) out.print(`${u} (unknown)`);
    if (!c.upToDate && !globals.json) out.log.info(`${c.pending} migration(s) pending: run \`migrator upgrade head\``);
    if (globals.json) out.result({ ...c, heads: c.heads.map((h) => ({ ...h, line: shortLine(h) })) });
  },
});
