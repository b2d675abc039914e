// Plans and runs upgrade / downgrade / stamp under SQLite's write lock (DESIGN.md §2):
// `BEGIN IMMEDIATE` is taken before the plan is computed from the version table, so two
// processes never apply a migration twice; by default the whole run is one transaction;
// `transaction_per_migration` commits after each step and re-checks the version table inside
// each new transaction; a migration with `transactional = false` runs outside any transaction.

import { resolve, sep } from "node:path";
import type { DeployLock, Dialect, Session } from "../dialect/dialect";
import { DatabaseError, MigratorError } from "../errors";
import { createOpRunner, type OpRunner } from "../ops/op-runner";
import type { RevisionMeta } from "../revisions/types";
import type { SqlLayout } from "../revisions/sql-format";
import { failure, loadMigration, type Direction, type LoadedMigration } from "./migration-module";
import { VersionStore } from "./version-store";

export interface PlannedStep {
  revision: RevisionMeta;
  direction: Direction;
  removeHeads: string[];
  addHeads: string[];
}

export interface StepResult {
  revision: string;
  direction: Direction;
  path: string;
  message: string;
  durationMs: number;
}

export type RunEvent =
  | { type: "plan"; steps: PlannedStep[]; heads: string[] }
  | { type: "step-start"; step: PlannedStep }
  | { type: "step-done"; step: PlannedStep; durationMs: number }
  | { type: "progress"; table: string; copied: number; total: number };

export interface RunContext {
  session: Session;
  dialect: Dialect;
  /** the database's location (path or URL), for the dialect's run lock */
  location: string;
  /** the deploy lock: named after the version table, with the configured timeout */
  lock: DeployLock;
  store: VersionStore;
  migrationsDir: string;
  transactionPerMigration: boolean;
  onEvent?: (e: RunEvent) => void;
  /** Every statement a migration ran, in order (offline SQL output records these). */
  onStatement?: (sql: string) => void;
  now?: () => Date;
  /** Migration texts already read, by path relative to migrationsDir (saves a second read). */
  sources?: ReadonlyMap<string, string>;
  /** Where the sections of the SQL texts in `sources` are (saves reading them again). */
  sqlLayouts?: ReadonlyMap<string, SqlLayout>;
}

/** Steps from which a run counts as long (see runPlan). */
const LONG_RUN = 100;

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join("\0") === [...b].sort().join("\0");

function applyDelta(heads: string[], step: PlannedStep): string[] {
  const rm = new Set(step.removeHeads);
  const next = heads.filter((h) => !rm.has(h));
  for (const a of step.addHeads) if (!next.includes(a)) next.push(a);
  return next.sort();
}

/**
 * Run a plan computed by `plan(heads)` under the lock. Returns what ran. On failure the open
 * transaction is rolled back, so in the default mode the database is exactly as before the run.
 */
export async function runPlan(ctx: RunContext, plan: (heads: string[]) => PlannedStep[]): Promise<StepResult[]> {
  const { session, store, dialect } = ctx;
  const now = ctx.now ?? (() => new Date());
  const prepared = await dialect.prepareRun(session); // outside a transaction (SQLite's foreign keys)
  const results: StepResult[] = [];
  let inTxn = false;
  const begin = async () => {
    await dialect.beginLocked(session, ctx.lock);
    inTxn = true;
  };
  // steps run in the open transaction whose version rows and history are not written yet, and
  // the version rows before the first of them
  let pending: Ran[] = [];
  let pendingFrom: string[] = [];
  const commit = async () => {
    await recordSteps(store, pending, pendingFrom);
    pending = [];
    await session.exec("COMMIT");
    inTxn = false;
  };
  let runLock: { release(): Promise<void> } | null = null;
  // one op runner for the whole run: it keeps no state between flushes, and a long run of small
  // migrations would otherwise spend measurable time building a new one per step
  let runner: OpRunner | null = null;
  const opRunner = () =>
    (runner ??= createOpRunner(dialect.opBackend(session, { onProgress: (p) => ctx.onEvent?.({ type: "progress", ...p }) }), {
      record: false,
      onStatement: ctx.onStatement,
    }));
  try {
    await begin();
    await store.ensure();
    let startHeads = await store.heads();
    let steps = plan(startHeads);
    if (steps.some((s) => !s.revision.transactional)) {
      // Take the run lock first and the database lock second (never the other way round, so
      // two runs can't deadlock), then plan again: another run may have finished meanwhile.
      await session.exec("ROLLBACK");
      inTxn = false;
      runLock = await dialect.runLock(session, ctx.location, ctx.lock);
      await begin();
      await store.ensure();
      startHeads = await store.heads();
      steps = plan(startHeads);
    }
    ctx.onEvent?.({ type: "plan", steps, heads: startHeads });
    // The compiled binary starts with raised JIT thresholds (build/build.ts: most commands are
    // over in milliseconds); a long run goes back to the normal policy (1,000 TS migrations
    // with the raised thresholds throughout: +1.8 ms in one measurement, within noise in another).
    if (steps.length >= LONG_RUN) (Bun as { unsafe?: { setJITPolicy?: (scale: number) => void } }).unsafe?.setJITPolicy?.(1);
    // Load every migration of the plan before running any: a file that can't be loaded stops
    // the run before anything changed (in every transaction mode), and 1,000 TypeScript files
    // load in about half the time when their loading is not interleaved with running them.
    // All imports start at once (SQL files load synchronously); the first failure in plan
    // order is the one reported.
    const dir = resolve(ctx.migrationsDir);
    const loads = steps.map((s): Loaded | Promise<Loaded> => {
      try {
        const r = loadStep(ctx, s, dir);
        return r instanceof Promise ? r.then((ok) => ({ ok }), (error: unknown) => ({ error })) : { ok: r };
      } catch (error) {
        return { error };
      }
    });
    const settled = loads.some((l) => l instanceof Promise) ? await Promise.all(loads) : (loads as Loaded[]);
    const loaded = settled.map((r) => {
      if ("error" in r) throw r.error;
      return r.ok;
    });
    pendingFrom = startHeads.slice().sort();
    // expected[i] = the version rows before step i, so each new transaction can re-check them
    // (only a run that commits between steps opens new transactions)
    const expected: string[][] = [startHeads.slice().sort()];
    if (ctx.transactionPerMigration || steps.some((s) => !s.revision.transactional)) {
      for (const s of steps) expected.push(applyDelta(expected[expected.length - 1]!, s));
    }

    let i = 0;
    while (i < steps.length) {
      const step = steps[i]!;
      if (!inTxn) {
        await begin();
        const cur = await store.heads();
        pendingFrom = cur;
        const j = realign(expected, cur, i);
        if (j === -1) {
          throw new DatabaseError(
            "concurrent_change",
            `the version table changed while migrating (now: ${cur.join(", ") || "empty"}); another process is migrating this database`,
            { hint: "run the command again once the other process has finished" },
          );
        }
        if (j !== i) {
          i = j; // another process applied the steps in between
          continue;
        }
      }
      if (!step.revision.transactional) {
        await commit(); // run outside any transaction, as the migration asked
        const running = runStep(ctx, step, loaded[i]!, results, now, opRunner());
        const ran = running instanceof Promise ? await running : running;
        await begin();
        const cur = await store.heads();
        if (!sameSet(expected[i]!, cur)) {
          throw new DatabaseError(
            "concurrent_change",
            `${step.revision.path} ran outside a transaction, and meanwhile the version table changed (now: ${cur.join(", ") || "empty"}); another process is migrating this database`,
            { hint: "check the database, then stamp it to the right revision" },
          );
        }
        await recordSteps(store, [ran], expected[i]!);
      } else {
        const running = runStep(ctx, step, loaded[i]!, results, now, opRunner());
        pending.push(running instanceof Promise ? await running : running);
      }
      i++;
      if (ctx.transactionPerMigration || !step.revision.transactional) await commit();
    }
    if (inTxn) await commit();
    return results;
  } catch (e) {
    if (inTxn || session.inTransaction) {
      try {
        await session.exec("ROLLBACK");
      } catch {
        /* the original error matters more */
      }
    }
    throw e;
  } finally {
    await prepared.restore();
    if (runLock) await runLock.release();
  }
}

function realign(expected: string[][], cur: string[], from: number): number {
  for (let j = from; j < expected.length; j++) if (sameSet(expected[j]!, cur)) return j;
  return -1;
}

/** A step that ran, with what its history row needs. */
interface Ran {
  step: PlannedStep;
  result: StepResult;
  checksum: string;
  startedAt: Date;
  finishedAt: Date;
}

type Loaded = { ok: LoadedMigration } | { error: unknown };

/** `dir`: the migrations folder, absolute. A revision's path is a file name in it (the script
 *  directory reads no subfolders), so joining needs no resolve() per step. */
function loadStep(ctx: RunContext, step: PlannedStep, dir: string): LoadedMigration | Promise<LoadedMigration> {
  const p = step.revision.path;
  const abs = dir.endsWith(sep) ? dir + p : dir + sep + p;
  return loadMigration(abs, step.revision.revision, step.revision.format, ctx.sources?.get(p), ctx.sqlLayouts?.get(p));
}

/** Runs one step; synchronously when the migration runs synchronously (a SQL file), so a long
 *  run of small SQL files spends no promise per step (1,000 steps: ~1.5 ms). */
function runStep(ctx: RunContext, step: PlannedStep, mig: LoadedMigration, results: StepResult[], now: () => Date, runner: OpRunner): Ran | Promise<Ran> {
  // a snapshot backend (PostgreSQL) reads the schema before migration code runs, if stale
  const ready = mig.format === "ts" ? runner.ready() : undefined;
  if (ready instanceof Promise) return ready.then(() => runStepNow(ctx, step, mig, results, now, runner));
  return runStepNow(ctx, step, mig, results, now, runner);
}

function runStepNow(ctx: RunContext, step: PlannedStep, mig: LoadedMigration, results: StepResult[], now: () => Date, runner: OpRunner): Ran | Promise<Ran> {
  ctx.onEvent?.({ type: "step-start", step });
  const startedAt = now();
  const t0 = performance.now();
  const fail = (e: unknown): never => {
    throw failure(mig.path, step.revision.revision, step.direction, e);
  };
  let running: void | Promise<void>;
  try {
    running = mig.run(step.direction, runner);
    if (!(running instanceof Promise)) running = runner.flushNow();
  } catch (e) {
    return fail(e);
  }
  if (running instanceof Promise) {
    return running
      .then(() => runner.flushNow())
      .then(() => stepDone(ctx, step, mig, results, now, startedAt, t0), fail);
  }
  return stepDone(ctx, step, mig, results, now, startedAt, t0);
}

function stepDone(ctx: RunContext, step: PlannedStep, mig: LoadedMigration, results: StepResult[], now: () => Date, startedAt: Date, t0: number): Ran {
  const durationMs = performance.now() - t0;
  const result: StepResult = {
    revision: step.revision.revision,
    direction: step.direction,
    path: step.revision.path,
    message: step.revision.message,
    durationMs,
  };
  results.push(result);
  ctx.onEvent?.({ type: "step-done", step, durationMs });
  return { step, result, checksum: mig.checksum, startedAt, finishedAt: now() };
}

/** toISOString, reusing the last result: the steps of a long run share their milliseconds. */
let lastIso: { ms: number; text: string } = { ms: NaN, text: "" };
function iso(d: Date): string {
  const ms = d.getTime();
  if (ms !== lastIso.ms) lastIso = { ms, text: d.toISOString() };
  return lastIso.text;
}

/**
 * Write the version-table change and history rows of steps that ran in the open transaction.
 * Within one transaction only the net change of the version rows matters, so a run of many
 * steps writes it once (and the history rows in one statement) just before COMMIT.
 */
async function recordSteps(store: VersionStore, ran: Ran[], before: string[]): Promise<void> {
  if (!ran.length) return;
  // the rows after the steps, as applyDelta() step by step would leave them (a run of 1,000
  // steps: one set instead of 1,000 filtered and sorted copies, ~0.6 ms)
  const a = new Set(before);
  for (const r of ran) {
    for (const h of r.step.removeHeads) a.delete(h);
    for (const h of r.step.addHeads) a.add(h);
  }
  const b = new Set(before);
  await store.applyDelta(before.filter((h) => !a.has(h)), [...a].filter((h) => !b.has(h)));
  await store.recordMany(
    ran.map((r) => ({
      revision: r.step.revision.revision,
      direction: r.step.direction,
      checksum: r.checksum,
      startedAt: iso(r.startedAt),
      finishedAt: iso(r.finishedAt),
      durationMs: Math.round(r.result.durationMs * 1000) / 1000,
    })),
  );
}
