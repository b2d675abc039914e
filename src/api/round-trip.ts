// `migrator test`: the built-in round trip (DESIGN.md §2). On a scratch in-memory database,
// every revision is applied, reverted and applied again, one at a time in upgrade order; the
// schema after each revert must equal the schema before the revision, and after each re-apply
// the schema after it. Finally the schema all migrations build must equal the model, when there
// is a model file. Never touches the configured database.

import { existsSync } from "node:fs";
import { runPlan, type PlannedStep } from "../engine/runner";
import { DifferenceError } from "../errors";
import type { Schema } from "../schema/types";
import type { Migrator } from "./migrator";
import { ensureMigratorModule } from "./register-module";
import { withScratch } from "./scratch";
import * as rev from "./_revisions";

export interface RoundTripResult {
  /** Revisions checked, in the order they were applied. */
  revisions: string[];
  /** Whether the final schema was compared with the model file (false: no model file). */
  modelChecked: boolean;
}

/** Tables, columns, indexes, keys and checks that differ between two schemas, one line each. */
function differences(a: Schema, b: Schema): string[] {
  const out: string[] = [];
  const byName = (s: Schema) => new Map(s.tables.map((t) => [t.name, JSON.stringify(t)]));
  const A = byName(a);
  const B = byName(b);
  for (const [n, t] of A) if (!B.has(n)) out.push(`table ${n} is missing`);
  else if (B.get(n) !== t) out.push(`table ${n} differs`);
  for (const n of B.keys()) if (!A.has(n)) out.push(`table ${n} is left over`);
  const names = (xs: { name: string }[]) => xs.map((x) => x.name).join(",");
  if (names(a.views) !== names(b.views)) out.push(`views differ: ${names(a.views) || "none"} vs ${names(b.views) || "none"}`);
  const enums = (s: Schema) => JSON.stringify(s.enums ?? []);
  if (enums(a) !== enums(b)) out.push(`enum types differ: ${enums(a)} vs ${enums(b)}`);
  if (names(a.triggers) !== names(b.triggers)) out.push(`triggers differ: ${names(a.triggers) || "none"} vs ${names(b.triggers) || "none"}`);
  return out;
}

export async function roundTrip(m: Migrator, opts: { onRevision?: (revision: string) => void } = {}): Promise<RoundTripResult> {
  await ensureMigratorModule();
  const g = m.graph();
  return withScratch(m, async ({ ctx, session, dialect, exclude }) => {
    const schema = () => dialect.introspect(session, { exclude });
    const order = rev.planning().planUpgrade(g, [], "heads");
    const done: string[] = [];
    for (const step of order) {
      const r = step.revision.revision;
      opts.onRevision?.(r);
      const down: PlannedStep = { revision: step.revision, direction: "down", removeHeads: step.addHeads, addHeads: step.removeHeads };
      const before = await schema();
      await runPlan(ctx, () => [step]);
      const after = await schema();
      await runPlan(ctx, () => [down]);
      const reverted = differences(before, await schema());
      if (reverted.length) {
        throw new DifferenceError("round_trip_downgrade", `downgrade of ${r} (${step.revision.path}) does not restore the schema: ${reverted.join("; ")}`, {
          hint: "make downgrade() undo exactly what upgrade() does",
          data: { revision: r, differences: reverted },
        });
      }
      await runPlan(ctx, () => [step]);
      const again = differences(after, await schema());
      if (again.length) {
        throw new DifferenceError("round_trip_upgrade", `upgrade of ${r} (${step.revision.path}) gives a different schema the second time: ${again.join("; ")}`, {
          hint: "upgrade() should not depend on state its downgrade() leaves behind",
          data: { revision: r, differences: again },
        });
      }
      done.push(r);
    }
    let modelChecked = false;
    if (existsSync(m.config.schema)) {
      const { readModel } = await import("./autogenerate");
      const { compareSchemas } = await import("../autogen/compare");
      const { describeOperation } = await import("../autogen/describe");
      (await import("../autogen/rules")).useRules(dialect.rules);
      const current = await schema();
      const { operations } = await compareSchemas(current, await readModel(m), { rules: dialect.rules });
      if (operations.length) {
        const changes = operations.map((o) => describeOperation(o, current));
        throw new DifferenceError("round_trip_model", `after all migrations the schema differs from the model: ${changes.join("; ")}`, {
          hint: 'run `migrator revision --autogenerate -m "..."`',
          data: { changes },
        });
      }
      modelChecked = true;
    }
    return { revisions: done, modelChecked };
  });
}
