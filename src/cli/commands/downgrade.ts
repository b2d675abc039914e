// `migrator downgrade TARGET` — -1, a revision, base, label@-1.
import { defineCommand } from "./_args";
import { runArgs, runCommand } from "./_run";

export default defineCommand({
  meta: { name: "downgrade", description: "revert migrations down to TARGET (-1, REV, base, label@-1)" },
  args: { target: { type: "positional", required: true, description: "revision spec" }, ...runArgs },
  run: ({ args }) => runCommand("down", String(args.target), args),
});
