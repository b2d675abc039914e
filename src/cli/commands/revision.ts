// `migrator revision -m MSG [--autogenerate] [--rev-id ID] [--head REV] [--splice] ...`
import { defineCommand, schemaArg } from "./_args";
import { context, migrator } from "../_shared";
import { flushOut } from "../_output";

export default defineCommand({
  meta: { name: "revision", description: "create a new migration file" },
  args: {
    message: { type: "string", alias: ["m"], description: "what the migration does" },
    autogenerate: { type: "boolean", description: "fill the migration from the difference between the model and the migrations" },
    rev_id: { type: "string", description: "use this revision id instead of a random one" },
    head: { type: "string", description: "revise this head (or REV to branch from it with --splice)" },
    splice: { type: "boolean", description: "allow --head to name a revision that is not a head" },
    branch_label: { type: "string", description: "label for a new branch" },
    depends_on: { type: "string", description: "comma-separated revisions this one depends on" },
    sql: { type: "boolean", description: "write a SQL migration (-- migrate:up / -- migrate:down)" },
    from_db: { type: "boolean", description: "autogenerate against the configured database instead of a replay" },
    allow_empty: { type: "boolean", description: "write a file even when autogenerate finds no change" },
    ...schemaArg,
  },
  async run({ args }) {
    const { out } = context();
    const m = await migrator({ schema: args.schema as string | undefined });
    const base = {
      message: (args.message as string | undefined) ?? "",
      revId: args.rev_id as string | undefined,
      head: args.head as string | undefined,
      splice: !!args.splice,
      branchLabel: args.branch_label as string | undefined,
      dependsOn: args.depends_on ? String(args.depends_on).split(",").map((s) => s.trim()).filter(Boolean) : undefined,
      sql: !!args.sql,
    };
    if (args.autogenerate) {
      const { autogenerateRevision } = await import("../../api/autogenerate");
      // a drop plus an add that look like a rename: ask on a terminal, never in scripts or CI
      const interactive = !!process.stdin.isTTY && !!process.stderr.isTTY && !process.env.CI && !out.json;
      const ask = interactive
        ? async (q: unknown) => {
            const r = q as { kind: "table" | "column"; from: string; to: string; table?: string; type?: string };
            const text =
              r.kind === "table"
                ? `Table "${r.from}" is gone and "${r.to}" is new with the same columns. Rename "${r.from}" to "${r.to}" (keeps its rows)?`
                : `Column ${r.table}.${r.from} is gone and ${r.table}.${r.to} (${r.type}) is new. Rename it (keeps its data)?`;
            // the basic reporter has no prompt: load the interactive one only when asking; the
            // terminal is the prompt's from here, so stdout's queued text goes out first
            await flushOut();
            const { createConsola } = await import("consola");
            const answer = await createConsola({ stdout: process.stderr, stderr: process.stderr }).prompt(`${text} No = drop + add`, {
              type: "confirm",
              initial: false,
              cancel: "default",
            });
            return answer === true;
          }
        : undefined;
      const r = await autogenerateRevision(m, { ...base, fromDb: !!args.from_db, allowEmpty: !!args.allow_empty, log: out.log, ask });
      out.result(r);
      return;
    }
    const r = m.revision(base);
    out.log.success(`Generating ${m.rel(r.path)} ... done`);
    out.result(r);
  },
});
