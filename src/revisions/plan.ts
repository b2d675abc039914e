// Pure planning of upgrade, downgrade, stamp, history, show and merge parents with Alembic
// 1.8.1's semantics: which revisions (revision-targets.ts), in which order (topological-sort.ts)
// and the version-table delta of each step (head-rows.ts). Every failure is one RevisionError
// worded as Alembic's CommandError (script/base.py), computed before anything runs.
import { RevisionError } from "../errors.ts";
import { GraphFault, withWording } from "./revision-errors.ts";
import type { RevisionGraph } from "./revision-graph.ts";
import { HeadRows, type StampMove } from "./head-rows.ts";
import { asRevision, BASE, filterForLineage, getRevisions, type Rev } from "./revision-spec.ts";
import { collectDowngrade, collectUpgrade } from "./revision-targets.ts";
import { alembicSort } from "./topological-sort.ts";
import type { StampPlan, Step } from "./types.ts";

/** Steps that bring a database whose version rows are `currentHeads` up to `targetSpec`. */
export function planUpgrade(graph: RevisionGraph, currentHeads: readonly string[], targetSpec: string): Step[] {
  const spec = targetSpec.trim();
  return withWording({ ancestor: "Destination %end is not a valid upgrade target from current head(s)", end: spec }, () => {
    const { needs, targets } = collectUpgrade(graph, spec, currentHeads, { inclusive: false, implicitBase: true, noOverwalk: true });
    const order = alembicSort(graph, needs, targets).reverse();
    const rows = new HeadRows(graph, currentHeads);
    return order.map((id) => ({ revision: graph.get(id), direction: "up" as const, ...rows.migrate(id, "up") }));
  });
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
  const spec = targetSpec.trim();
  return withWording({ ancestor: "Destination %end is not a valid downgrade target from current head(s)", end: spec }, () => {
    const { revisions, heads } = collectDowngrade(graph, currentHeads, spec);
    const order = alembicSort(graph, revisions, heads);
    const rows = new HeadRows(graph, currentHeads);
    return order.map((id) => ({ revision: graph.get(id), direction: "down" as const, ...rows.migrate(id, "down") }));
  });
}

/**
 * The version-table change for `stamp targetSpecs…` (Alembic's ScriptDirectory._stamp_revs and
 * the HeadMaintainer): each target moves the rows on its line of history, or adds a row for a
 * line with none; `base` deletes the rows it covers. With `purge` every row goes first (even
 * rows naming unknown revisions) and each target is written as a row of its own.
 */
export function planStamp(graph: RevisionGraph, currentHeads: readonly string[], targetSpecs: readonly string[], purge: boolean): StampPlan {
  const start = purge ? [] : [...currentHeads];
  const after = withWording({ multipleHeads: "Multiple heads are present; please specify a single target revision" }, () => {
    const moves = stampMoves(graph, start, targetSpecs.length === 0 ? ["base"] : targetSpecs);
    const rows = new HeadRows(graph, start);
    for (const m of moves) rows.stamp(m);
    return rows.heads;
  });
  return {
    removeHeads: currentHeads.filter((r) => !after.includes(r)),
    addHeads: after.filter((a) => !currentHeads.includes(a)).sort(),
  };
}

function stampMoves(g: RevisionGraph, rows: readonly string[], specs: readonly string[]): StampMove[] {
  const heads = getRevisions(g, rows) as string[];
  const filtered: string[] = [];
  for (const spec of specs) {
    if (spec === "") continue;
    for (const h of filterForLineage(g, heads, spec, true)) if (!filtered.includes(h)) filtered.push(h);
  }
  let dests: Rev[] = getRevisions(g, [...specs]);
  if (dests.length === 0) dests = [null];
  const moves: StampMove[] = [];
  for (const dest of dests) {
    if (dest === null) {
      for (const h of filtered) moves.push({ from: [h], to: [], isUpgrade: false, branchMove: true });
      continue;
    }
    if (typeof dest === "string" && filtered.includes(dest)) continue;
    const d = asRevision(dest, specs.join(" "));
    const above = g.descendants([d]);
    const below = g.ancestors([d]);
    if (filtered.some((h) => above.has(h))) {
      if (filtered.some((h) => below.has(h))) throw new GraphFault("unsupported", `can't stamp ${d}: the current rows ${filtered.join(", ")} lie both above and below it (Alembic fails here)`);
      moves.push({ from: [...filtered], to: [d], isUpgrade: false, branchMove: false });
    } else if (filtered.some((h) => below.has(h))) {
      moves.push({ from: [...filtered], to: [d], isUpgrade: true, branchMove: false });
    } else moves.push({ from: [], to: [d], isUpgrade: true, branchMove: true });
  }
  return moves;
}

/** Applies a step's (or stamp's) delta to a list of version rows. */
export function applyDelta(rows: readonly string[], delta: { removeHeads: readonly string[]; addHeads: readonly string[] }): string[] {
  const out = rows.filter((r) => !delta.removeHeads.includes(r));
  for (const a of delta.addHeads) if (!out.includes(a)) out.push(a);
  return out;
}

/**
 * `history [-r A:B]` (Alembic's command.history + walk_revisions): the revisions from A (default
 * base) up to B (default heads), inclusive, newest first; `current` at either end reads `rows`.
 */
export function planHistory(graph: RevisionGraph, range: string | undefined, rows: readonly string[]): string[] {
  // The whole history of one line of revisions in file order is that line, newest first: what
  // the walk below gives, without it (~15 ms of `history` over 10,000 files).
  if (range === undefined && graph.isLinear()) {
    const all = graph.all();
    const out: string[] = new Array(all.length);
    for (let i = 0; i < all.length; i++) out[i] = all[all.length - 1 - i]!.revision;
    return out;
  }
  let base: string | readonly string[] | null = null;
  let head: string | readonly string[] | null = null;
  if (range !== undefined) {
    if (!range.includes(":")) {
      throw new RevisionError("bad_history_range", "History range requires [start]:[end], [start]:, or :[end]", { hint: "e.g. `migrator history -r base:head`, `-r ae10:` or `-r :current`" });
    }
    const parts = range.trim().split(":");
    if (parts.length !== 2) throw new RevisionError("bad_history_range", `'${range}' is not a range: it has ${parts.length - 1} colons`, { hint: "History range requires [start]:[end], [start]:, or :[end]" });
    base = parts[0] as string;
    head = parts[1] as string;
  }
  if (head === "current") head = rows;
  else if (base === "current") base = rows;
  const lower = base === null || base === "" || (Array.isArray(base) && base.length === 0) ? "base" : base;
  const upper = head === null || head === "" || (Array.isArray(head) && head.length === 0) ? "heads" : head;
  const name = (x: string | readonly string[]) => (typeof x === "string" ? x : x.join(", "));
  return withWording({ start: name(lower), end: name(upper) }, () => {
    const { needs, targets } = collectUpgrade(graph, upper as string | readonly string[], lower as string | readonly string[], { inclusive: true, implicitBase: false, noOverwalk: false });
    return alembicSort(graph, needs, targets);
  });
}

/** `show SPEC`: the revisions a spec denotes (`current`: the database's rows). */
export function planShow(graph: RevisionGraph, spec: string, rows: readonly string[]): string[] {
  return withWording({}, () => {
    const found = spec === "current" ? getRevisions(graph, rows) : getRevisions(graph, spec);
    return found.map((r) => asRevision(r, spec));
  });
}

/**
 * The parents of a new merge revision (Alembic's merge = generate_revision with these heads):
 * the revisions the specs denote, in that order; each must be a head; one revision gives a
 * plain child, `heads` with one head too.
 */
export function mergeParents(graph: RevisionGraph, specs: readonly string[]): string[] {
  const found = withWording({ multipleHeads: "Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge." }, () => getRevisions(graph, [...specs]));
  const ids: string[] = [];
  for (const r of found) {
    if (r === BASE || r === null) throw new RevisionError("unsupported_spec", `'${specs.join(" ")}' does not denote revisions to merge`, { hint: "name the heads to merge, or `heads`" });
    ids.push(r);
  }
  if (new Set(ids).size !== ids.length) throw new RevisionError("duplicate_heads", "Duplicate head revisions specified", { hint: "name each head once" });
  for (const id of ids) {
    if (!graph.isHead(id)) {
      throw new RevisionError("not_a_head", `Revision ${id} is not a head revision; please specify --splice to create a new branch from this revision`, {
        hint: "merge joins heads: run `migrator heads` to list them",
      });
    }
  }
  return ids;
}
