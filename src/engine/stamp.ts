// Stamp: change the version table only, under the same lock as a run (the dialect's
// beginLocked). Kept apart from runner.ts, which loads the op runner: stamping never runs
// migration code.

import type { RunContext } from "./runner";

/** Stamp: change the version table only, under the same lock. */
export async function runStamp(
  ctx: Pick<RunContext, "session" | "dialect" | "lock" | "store" | "now">,
  plan: (heads: string[]) => { removeHeads: string[]; addHeads: string[] },
): Promise<{ before: string[]; after: string[] }> {
  const { session, store } = ctx;
  const now = ctx.now ?? (() => new Date());
  await ctx.dialect.beginLocked(session, ctx.lock);
  try {
    await store.ensure();
    const before = await store.heads();
    const delta = plan(before);
    await store.applyDelta(delta.removeHeads, delta.addHeads);
    const t = now().toISOString();
    for (const a of delta.addHeads) {
      if (!delta.removeHeads.includes(a)) {
        await store.record({ revision: a, direction: "stamp", checksum: null, startedAt: t, finishedAt: t, durationMs: 0 });
      }
    }
    const after = await store.heads();
    await session.exec("COMMIT");
    return { before, after };
  } catch (e) {
    if (session.inTransaction) await session.exec("ROLLBACK");
    throw e;
  }
}
