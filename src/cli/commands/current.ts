// `migrator current [--verbose] [--check]`
import { defineCommand } from "./_args";
import { context, migrator, shortLine, tags, verboseBlock } from "../_shared";

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
    for (const h of c.heads) out.print(globals.verbose ? verboseBlock(h) : `${h.revision}${tags(h)}`);
    for (const u of c.unknown) out.print(`${u} (unknown)`);
    if (!c.upToDate && !globals.json) out.log.info(`${c.pending} migration(s) pending: run \`migrator upgrade head\``);
    if (globals.json) out.result({ ...c, heads: c.heads.map((h) => ({ ...h, line: shortLine(h) })) });
  },
});
