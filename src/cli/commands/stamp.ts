// `migrator stamp TARGET...` — rewrite the version table only; runs no migration.
import { defineCommand } from "./_args";
import { context, migrator } from "../_shared";

export default defineCommand({
  meta: { name: "stamp", description: "set the version table to TARGET(s) without running migrations" },
  args: {
    target: { type: "positional", required: true, description: "revision spec(s): head, base, REV..." },
    purge: { type: "boolean", description: "delete all version rows first (repairs a table naming unknown revisions)" },
  },
  async run({ args }) {
    const { out } = context();
    const targets = (args._ as string[]).filter((a) => a !== "--");
    const m = await migrator();
    const r = await m.stamp(targets.length ? targets : [String(args.target)], { purge: !!args.purge });
    out.log.success(`Stamped: ${r.from.join(", ") || "<base>"} -> ${r.to.join(", ") || "<base>"}`);
    out.result(r);
  },
});
