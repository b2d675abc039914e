// `migrator upgrade [TARGET]` — Alembic's upgrade: head, heads, a revision, +N, label@head.
import { defineCommand } from "citty";
import { context, migrator } from "../_shared";
import { reportRun, runArgs } from "./_run";

export default defineCommand({
  meta: { name: "upgrade", description: "apply migrations up to TARGET (head, heads, REV, +N, label@head)" },
  args: { target: { type: "positional", required: false, default: "head", description: "revision spec" }, ...runArgs },
  async run({ args }) {
    const { out } = context();
    const m = await migrator();
    if (args.sql) {
      const { offlineSql } = await import("../../api/offline");
      const text = await offlineSql(m, "up", String(args.target));
      out.print(text);
      out.result({ sql: text });
      return;
    }
    const r = await m.upgrade(String(args.target), { backup: args.backup ? true : undefined });
    reportRun(r, "upgrade");
  },
});
