// `migrator upgrade [TARGET]` — Alembic's upgrade: head, heads, a revision, +N, label@head.
import { defineCommand } from "./_args";
import { runArgs, runCommand } from "./_run";

export default defineCommand({
  meta: { name: "upgrade", description: "apply migrations up to TARGET (head, heads, REV, +N, label@head)" },
  args: { target: { type: "positional", required: false, default: "head", description: "revision spec" }, ...runArgs },
  run: ({ args }) => runCommand("up", String(args.target), args),
});
