// Runs a plan from sqlite-planner.ts: native statements (after their data preconditions) and
// table re-creations. No BEGIN/COMMIT here: the engine owns the transaction (DESIGN.md §2).

import type { Connection } from "./sqlite-connection";
import { checkNotNull, checkUniqueIndex } from "./sqlite-data-checks";
import type { PlanStep } from "./sqlite-planner";
import { recreateTable, refuseIfForeignKeysEnforced, type RunContext } from "./sqlite-recreate";

export function executePlan(ctx: RunContext, steps: PlanStep[]): void {
  // refuse a re-creation that enforced foreign keys would turn destructive before changing anything
  const recreated: string[] = [];
  for (const s of steps) if (s.kind === "recreate") recreated.push(s.from.name);
  refuseIfForeignKeysEnforced(ctx.conn, recreated);
  for (const step of steps) {
    if (step.kind === "recreate") {
      recreateTable(ctx, step);
      continue;
    }
    if (step.uniqueIndex) checkUniqueIndex(ctx.conn, step.uniqueIndex.table, step.uniqueIndex.index);
    if (step.notNull) checkNotNull(ctx.conn, step.notNull.table, step.notNull.column);
    for (const st of step.statements) ctx.run(st.sql, st.params);
  }
}

export type { Connection };
