// Pure planning of upgrade, downgrade and stamp: which revisions run, in which order, and the
// version-table delta of each step. The deltas follow Alembic's head bookkeeping
// (runtime/migration.py HeadMaintainer): a base inserts a row, the first child of a head moves
// the row, a revision whose parents are no current head adds a row, a merge (or a dependsOn
// on a current head) folds those rows into one, and downgrades undo the same in reverse.
import { RevisionError } from "../errors.ts";
import { notFound, quoteList } from "./revision-errors.ts";
import type { RevisionGraph } from "./revision-graph.ts";
import { resolveTarget } from "./revision-spec.ts";
import type { StampPlan, Step } from "./types.ts";

/** Steps that bring a database whose version rows are `currentHeads` up to `targetSpec`. */
export function planUpgrade(graph: RevisionGraph, currentHeads: readonly string[], targetSpec: string): Step[] {
  checkRows(graph, currentHeads);
  if (/^(?:[^@]+@)?-\d+$/.test(targetSpec.trim())) {
    throw new RevisionError("wrong_direction", `'${targetSpec}' goes down; use \`downgrade ${targetSpec}\``);
  }
  const target = resolveTarget(graph, targetSpec, currentHeads);
  const applied = graph.ancestors(currentHeads);
  const needed = new Set<string>();
  for (const id of graph.ancestors(target.ids)) if (!applied.has(id)) needed.add(id);
  const rows = new HeadRows(graph, currentHeads, applied);
  const steps: Step[] = [];
  for (const id of graph.topologicalOrder(needed)) steps.push(rows.up(id));
  return steps;
}

/**
 * How many steps `upgrade heads` would run: every revision is an ancestor of a head (or one), so
 * it is the number of revisions not applied — without building the plan (`current` asks).
 * Version rows must name known revisions (as planUpgrade requires).
 */
export function pendingCount(graph: RevisionGraph, currentHeads: readonly string[]): number {
  return graph.size - graph.ancestors(currentHeads).size;
}

/** Steps that take a database whose version rows are `currentHeads` down to `targetSpec`. */
export function planDowngrade(graph: RevisionGraph, currentHeads: readonly string[], targetSpec: string): Step[] {
  checkRows(graph, currentHeads);
  if (/^(?:[^@]+@)?\+\d+$/.test(targetSpec.trim())) {
    throw new RevisionError("wrong_direction", `'${targetSpec}' goes up; use \`upgrade ${targetSpec}\``);
  }
  if (/^-\d+$/.test(targetSpec.trim()) && currentHeads.length > 1) {
    throw new RevisionError(
      "multiple_heads",
      `'downgrade ${targetSpec.trim()}' is ambiguous: the database has several current heads (${quoteList(currentHeads)})`,
      { hint: `use \`<label>@${targetSpec.trim()}\` or a revision, e.g. \`downgrade ${currentHeads[0]}${targetSpec.trim()}\`` },
    );
  }
  const target = resolveTarget(graph, targetSpec, currentHeads);
  const applied = graph.ancestors(currentHeads);
  let remove: Set<string>;
  if (target.ids.length > 0) {
    const missing = target.ids.filter((id) => !applied.has(id));
    if (missing.length > 0) {
      throw new RevisionError(
        "not_a_downgrade_target",
        `Destination ${quoteList(missing)} is not a valid downgrade target from current head(s) ${currentHeads.length > 0 ? quoteList(currentHeads) : "(none: the database is at base)"}`,
        { hint: "it isn't applied; use `upgrade` to go there" },
      );
    }
    remove = downgradeSet(graph, target.ids, target.branch, applied, targetSpec);
  } else if (target.baseOf !== undefined) {
    remove = graph.descendants(target.baseOf);
    for (const id of remove) if (!applied.has(id)) remove.delete(id);
  } else {
    remove = applied;
  }
  const rows = new HeadRows(graph, currentHeads, applied);
  return graph.topologicalOrder(remove).reverse().map((id) => rows.down(id));
}

/**
 * The version-table change for `stamp targetSpecs…`. Without `purge`, each target replaces the
 * rows on its own line of history (its ancestors or descendants through downRevision edges;
 * dependsOn doesn't make two branches one) and other rows stay;
 * with `purge` every current row goes (even unknown ones). `base` clears the rows.
 */
export function planStamp(graph: RevisionGraph, currentHeads: readonly string[], targetSpecs: readonly string[], purge: boolean): StampPlan {
  if (!purge) checkRows(graph, currentHeads, " (use --purge to replace rows that name unknown revisions)");
  const rowsForSpecs = purge ? currentHeads.filter((r) => graph.has(r)) : currentHeads;
  const targets: string[] = [];
  const baseOf: string[] = [];
  let clearAll = targetSpecs.length === 0;
  for (const spec of targetSpecs) {
    const t = resolveTarget(graph, spec, rowsForSpecs);
    for (const id of t.ids) if (!targets.includes(id)) targets.push(id);
    if (t.ids.length === 0) {
      if (t.baseOf !== undefined) baseOf.push(...t.baseOf);
      else clearAll = true;
    }
  }
  // Two targets on one line of history can't both be heads (Alembic fails with a KeyError).
  for (const t of targets) {
    const below = graph.ancestors([t], { inclusive: false, dependencies: false });
    const clash = targets.find((o) => o !== t && below.has(o));
    if (clash !== undefined) {
      throw new RevisionError("stamp_same_branch", `can't stamp both ${clash} and ${t}: ${clash} is an ancestor of ${t}, so they are on one branch`, {
        hint: `stamp only ${t}`,
      });
    }
  }
  let keep: string[];
  if (purge || (clearAll && targets.length === 0)) keep = [];
  else {
    const related = new Set<string>();
    for (const t of targets) {
      for (const id of graph.ancestors([t], LINEAGE)) related.add(id);
      for (const id of graph.descendants([t], LINEAGE)) related.add(id);
    }
    for (const id of graph.descendants(baseOf, LINEAGE)) related.add(id);
    keep = currentHeads.filter((r) => !related.has(r));
  }
  const next = new Set([...keep, ...targets]);
  return {
    removeHeads: currentHeads.filter((r) => !next.has(r)),
    addHeads: targets.filter((t) => !currentHeads.includes(t)),
  };
}

/** Applies a step's (or stamp's) delta to a list of version rows. */
export function applyDelta(rows: readonly string[], delta: { removeHeads: readonly string[]; addHeads: readonly string[] }): string[] {
  const out = rows.filter((r) => !delta.removeHeads.includes(r));
  for (const a of delta.addHeads) if (!out.includes(a)) out.push(a);
  return out;
}

const LINEAGE = { dependencies: false } as const;

/**
 * What a downgrade to `targets` reverts (Alembic's _collect_downgrade_revisions): the applied
 * descendants, dependents included, of the targets' children along downRevision edges. A
 * revision that merely dependsOn a target stays applied, and with a `branch` (label@…, `-N`)
 * only the children inside it are roots, so a sibling branch at a branch point stays.
 */
function downgradeSet(graph: RevisionGraph, targets: string[], branch: Set<string> | undefined, applied: Set<string>, spec: string): Set<string> {
  const keep = graph.ancestors(targets);
  let roots: string[] = [];
  for (const t of targets) for (const c of graph.children(t)) if (!keep.has(c) && !roots.includes(c)) roots.push(c);
  if (branch !== undefined) {
    const inBranch = roots.filter((r) => branch.has(r));
    if (inBranch.length === 0 && roots.some((r) => applied.has(r))) {
      throw new RevisionError("not_a_downgrade_target", `'${spec}': nothing above ${quoteList(targets)} is on that branch (its children are ${quoteList(roots)})`, {
        hint: "give the revision to go down to, or a branch label that covers the revisions to revert",
      });
    }
    roots = inBranch;
  }
  const remove = graph.descendants(roots);
  for (const id of remove) if (!applied.has(id) || keep.has(id)) remove.delete(id);
  return remove;
}

function checkRows(graph: RevisionGraph, rows: readonly string[], extra = ""): void {
  for (const r of rows) if (!graph.has(r)) throw notFound(r, ` (it is in the database's version table)${extra}`);
}

/** Simulates the version rows while a plan is built, one step at a time. */
class HeadRows {
  private readonly rows: Set<string>;
  private readonly applied: Set<string>;

  constructor(
    private readonly graph: RevisionGraph,
    current: readonly string[],
    applied: Set<string>,
  ) {
    this.rows = new Set(current);
    this.applied = new Set(applied);
  }

  up(id: string): Step {
    const down = this.graph.normalizedDownRevisions(id);
    // Rows of the parents (and of dependencies that are heads) are replaced by this revision;
    // when none of them is a row the revision starts a new row (a base, or a second branch).
    const removeHeads = down.filter((p) => this.rows.has(p));
    for (const r of removeHeads) this.rows.delete(r);
    this.rows.add(id);
    this.applied.add(id);
    return { revision: this.graph.get(id), direction: "up", removeHeads, addHeads: [id] };
  }

  down(id: string): Step {
    this.applied.delete(id);
    const wasRow = this.rows.delete(id);
    // A parent becomes a row again unless it is still below another applied revision.
    const addHeads = this.graph.normalizedDownRevisions(id).filter((p) => !this.rows.has(p) && !this.hasAppliedChild(p));
    for (const a of addHeads) this.rows.add(a);
    return { revision: this.graph.get(id), direction: "down", removeHeads: wasRow ? [id] : [], addHeads };
  }

  private hasAppliedChild(id: string): boolean {
    for (const c of this.graph.children(id)) if (this.applied.has(c)) return true;
    for (const c of this.graph.dependents(id)) if (this.applied.has(c)) return true;
    return false;
  }
}
