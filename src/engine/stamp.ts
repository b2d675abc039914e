// Stamp: change the version table only, under the same lock as a run (`BEGIN IMMEDIATE`). Kept
// apart from runner.ts, which loads the op runner: stamping never runs migration code.

import { MigratorError } from "../errors";
import type { RunContext } from "./runner";

/** Stamp: change the version table only, under the same lock. */
export function runStamp(
  ctx: RunContext,
  plan: (heads: string[]) => { removeHeads: string[]; addHeads: string[] },
): { before: string[]; after: string[] } {
  const { conn, store } = ctx;
  const now = ctx.now ?? (() => new Date());
  conn.exec("BEGIN IMMEDIATE");
  try {
    store.ensure();
    const before = store.heads();
    const delta = plan(before);
    store.applyDelta(delta.removeHeads, delta.addHeads);
    const t = now().toISOString();
    for (const a of delta.addHeads) {
      if (!delta.removeHeads.includes(a)) {
        store.record({ revision: a, direction: "stamp", checksum: null, startedAt: t, finishedAt: t, durationMs: 0 });
      }
    }
    const after = store.heads();
    conn.exec("COMMIT");
    return { before, after };
  } catch (e) {
    if (conn.inTransaction) conn.exec("ROLLBACK");
    throw e instanceof MigratorError ? e : conn.wrap(e, "stamp");
  }
}
