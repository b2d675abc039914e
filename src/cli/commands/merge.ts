// `migrator merge REV... -m MSG` (`heads` merges all current heads)
import { defineCommand } from "./_args";
import { context, migrator } from "../_shared";

export default defineCommand({
  meta: { name: "merge", description: "create a merge revision for two or more revisions (or `heads`)" },
  args: {
    revisions: { type: "positional", required: true, description: "revisions to merge, or heads" },
    message: { type: "string", alias: ["m"], description: "message" },
    rev_id: { type: "string", description: "use this revision id" },
    branch_label: { type: "string", description: "label for the merge revision" },
  },
  async run({ args }) {
    const { out } = context();
    const revs = (args._ as string[]).filter((a) => a !== "--");
    const m = await migrator();
    const r = m.merge(revs.length ? revs : [String(args.revisions)], {
      message: args.message as string | undefined,
      revId: args.rev_id as string | undefined,
      branchLabel: args.branch_label as string | undefined,
    });
    out.log.success(`Generating ${m.rel(r.path)} ... done`);
    out.result(r);
  },
});
