// `migrator downgrade TARGET` — -1, a revision, base, label@-1.
import { defineCommand } from "citty";
import { context, migrator } from "../_shared";
import { reportRun, runArgs } from "./_run";

export default defineCommand({
  meta: { name: "downgrade", description: "revert migrations down to TARGET (-1, REV, base, label@-1)" },
  args: { target: { type: "positional", required: true, description: "revision spec" }, ...runArgs },
  async run({ args }) {
    const { out } = context();
    const m = await migrator();
    if (args.sql) {
      const { offlineSql } = await import("../../api/offline");
      const text = await offlineSql(m, "down", String(args.target));
      out.print(text);
      out.result({ sql: text });
      return;
    }
    const r = await m.downgrade(String(args.target), { backup: args.backup ? true : undefined });
    reportRun(r, "downgrade");
  },
});
