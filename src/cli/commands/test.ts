// `migrator test` — every revision up, down and up again on a scratch database; the final schema
// must equal the model. Exit 3 on a difference, 1 when a migration fails.
import { defineCommand, schemaArg } from "./_args";
import { context, migrator } from "../_shared";

export default defineCommand({
  meta: { name: "test", description: "round-trip every migration (up, down, up) on a scratch database and compare with the model" },
  args: { ...schemaArg },
  async run({ args }) {
    const { out, globals } = context();
    const m = await migrator({ schema: args.schema as string | undefined });
    const { roundTrip } = await import("../../api/round-trip");
    const r = await roundTrip(m, { onRevision: (rev) => globals.verbose && out.log.info(`up, down, up: ${rev}`) });
    out.log.success(
      `${r.revisions.length} revision(s) round-trip cleanly${r.modelChecked ? "; the final schema matches the model" : " (no model file to compare with)"}`,
    );
    out.result(r);
  },
});
