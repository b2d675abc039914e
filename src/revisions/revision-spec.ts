// Revision specs resolved exactly as Alembic 1.8.1 resolves them (script/revision.py,
// RevisionMap): head, heads, base, full ids, any unique prefix (of an id or a branch label),
// labels, `label@head|heads|base|REV`, `REV@head` (a revision as the branch), `-N` (from the
// heads), and the relative walks. Pure: failures are GraphFaults, worded by each command.
import { RevisionError } from "../errors.ts";
import { GraphFault, withWording } from "./revision-errors.ts";
import type { RevisionGraph } from "./revision-graph.ts";

/** Alembic's walk result "base" (below every base revision); `null` is Alembic's `None`. */
export const BASE = Symbol("base");
/** A resolved spec element: a revision id, `null` (nothing / past the end) or BASE. */
export type Rev = string | null | typeof BASE;

const INTEGER = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

/** `_resolve_revision_number`: the ids a spec names before lookup, and its branch (`X@…`). */
export function resolveNumber(g: RevisionGraph, spec: string | null): { ids: string[]; branch: string | null } {
  let branch: string | null = null;
  let id = spec;
  if (id !== null && id.includes("@")) {
    const at = id.indexOf("@");
    branch = id.slice(0, at);
    id = id.slice(at + 1);
  }
  if (id === "heads") return { ids: branch ? filterForLineage(g, g.heads(), branch) : g.realHeads(), branch };
  if (id === "head") {
    const h = currentHead(g, branch);
    return { ids: h === null ? [] : [h], branch };
  }
  if (id === "base" || id === null) return { ids: [], branch };
  return { ids: [id], branch };
}

/** `get_current_head`: the single head (of a branch); several are a MultipleHeads fault. */
export function currentHead(g: RevisionGraph, branch: string | null): string | null {
  let heads = g.heads();
  if (branch) heads = filterForLineage(g, heads, branch);
  if (heads.length > 1) throw new GraphFault("multiple_heads", `Multiple heads are present for given argument '${branch ? `${branch}@head` : "head"}'`, { heads, argument: branch ? `${branch}@head` : "head" });
  return heads[0] ?? null;
}

/** `get_revisions`: every revision a spec (or list of specs) denotes; `-N` walks down from each head. */
export function getRevisions(g: RevisionGraph, spec: string | null | readonly (string | null)[]): Rev[] {
  if (Array.isArray(spec)) {
    const out: Rev[] = [];
    for (const s of spec as (string | null)[]) out.push(...getRevisions(g, s));
    return out;
  }
  const { ids, branch } = resolveNumber(g, spec as string | null);
  if (ids.length === 1 && INTEGER.test(ids[0] as string)) {
    const n = Number((ids[0] as string).replaceAll("_", ""));
    if (n < 0) {
      let heads = g.realHeads();
      if (branch !== null) heads = heads.filter((h) => g.branchLabelsOf(h).includes(branch));
      return heads.map((h) => walk(g, h, n));
    }
  }
  return ids.map((id) => revisionForIdent(g, id, branch));
}

/** `get_revision`: one revision (null for base); a spec naming several is a MultipleHeads fault. */
export function getRevision(g: RevisionGraph, spec: string | null): string | null {
  const { ids, branch } = resolveNumber(g, spec);
  if (ids.length > 1) throw new GraphFault("multiple_heads", `Multiple heads are present for given argument '${spec}'`, { heads: ids, argument: spec ?? "" });
  return revisionForIdent(g, ids[0] ?? null, branch);
}

/** `_resolve_branch`: a label, or a revision standing for its own lineage. */
export function resolveBranch(g: RevisionGraph, label: string): string {
  const owner = g.has(label) ? label : g.labelRevision(label);
  if (owner !== undefined) return owner;
  try {
    return revisionForIdent(g, label, null) as string;
  } catch (e) {
    if (e instanceof GraphFault && (e.kind === "resolution" || e.kind === "ambiguous")) {
      throw new GraphFault("resolution", `No such branch: '${label}'`, { argument: label });
    }
    throw e;
  }
}

/**
 * `_revision_for_ident`: an exact id or label, else a unique prefix of the ids and labels longer
 * than three characters (ids in load order, then labels); with `branch`, the candidates are
 * narrowed to that lineage and the result must belong to it. `null` in, `null` out (base).
 */
export function revisionForIdent(g: RevisionGraph, id: string | null, branch: string | null): string | null {
  const branchRev = branch ? resolveBranch(g, branch) : null;
  let revision: string | null;
  if (id === null) revision = null;
  else if (g.has(id)) revision = id;
  else if (g.labelRevision(id) !== undefined) revision = g.labelRevision(id) as string;
  else {
    let keys: string[] = [];
    for (const r of g.all()) if (r.revision.length > 3 && r.revision.startsWith(id)) keys.push(r.revision);
    for (const l of g.labelNames()) if (l.length > 3 && l.startsWith(id)) keys.push(l);
    if (branchRev !== null) keys = filterForLineage(g, keys, branch);
    if (keys.length === 0) {
      const short = id.length < 4 ? "; please ensure at least four characters are present for partial revision identifier matches" : "";
      throw new GraphFault("resolution", `No such revision or branch '${id}'${short}`, { argument: id });
    }
    if (keys.length > 1) {
      throw new GraphFault("ambiguous", `Multiple revisions start with '${id}': ${keys.slice(0, 3).map((k) => `'${k}'`).join(", ")}...`, { argument: id, candidates: keys });
    }
    const k = keys[0] as string;
    revision = g.has(k) ? k : (g.labelRevision(k) as string);
  }
  if (branch && revision !== null && !sharesLineage(g, revision, [branchRev as string])) {
    throw new GraphFault("resolution", `Revision ${revision} is not a member of branch '${branch}'`, { argument: id ?? "" });
  }
  return revision;
}

/** `filter_for_lineage`: the targets on the line of history of `against` (a spec). */
export function filterForLineage<T extends string>(g: RevisionGraph, targets: readonly T[], against: string | null, includeDependencies = false): T[] {
  const { ids, branch } = resolveNumber(g, against);
  const shares: string[] = [];
  if (branch) shares.push(branch);
  shares.push(...ids);
  return targets.filter((t) => sharesLineage(g, t, shares, includeDependencies));
}

/** `_shares_lineage`: `target` is an ancestor or descendant of (or is) one of `against`. */
export function sharesLineage(g: RevisionGraph, target: string, against: readonly string[], includeDependencies = false): boolean {
  if (against.length === 0) return true;
  const t = revisionForIdent(g, target, null) as string;
  const others = against.map((a) => revisionForIdent(g, a, null));
  const opts = { dependencies: includeDependencies };
  const related = g.descendants([t], opts);
  for (const a of g.ancestors([t], opts)) related.add(a);
  return others.some((o) => o !== null && related.has(o));
}

/**
 * `_walk`: `steps` up (children; `branch` narrows them) or down (parents; from nothing: the
 * heads; below a base: BASE). More than one way to go is "Ambiguous walk"; walking off the
 * graph gives null (or, without `noOverwalk`, stays where it got to).
 */
export function walk(g: RevisionGraph, start: Rev, steps: number, branch: string | null = null, noOverwalk = true): Rev {
  let cur = start;
  for (let i = 0; i < Math.abs(steps); i++) {
    let next: Rev[];
    if (steps > 0) {
      if (cur === BASE) throw new GraphFault("unsupported", "can't walk up from base with a relative step (Alembic fails on this input)");
      const up = cur === null ? g.bases() : g.children(cur);
      next = branch ? filterForLineage(g, up, branch) : up;
    } else if (cur === BASE) next = [];
    else {
      next = cur === null ? g.heads() : g.parents(cur);
      if (next.length === 0) next = [BASE];
    }
    if (next.length === 0) return noOverwalk ? null : cur;
    if (next.length > 1) {
      const where = cur === null ? "nothing" : cur === BASE ? "base" : cur;
      throw new GraphFault("walk", "Ambiguous walk", {
        hint: `${where} ${steps > 0 ? "is followed by" : "is a merge of"} ${(next as string[]).join(", ")}; give one of them (or a revision) instead of a relative step`,
      });
    }
    cur = next[0] as Rev;
  }
  return cur;
}

/**
 * `_get_all_current`: the revisions of `rows` and their ancestors, keeping only those with no
 * descendant among them — what `current` shows (rows below another row are hidden). File order.
 */
export function allCurrent(g: RevisionGraph, rows: readonly string[]): string[] {
  const top = new Set<string>();
  for (const r of getRevisions(g, rows)) if (typeof r === "string") top.add(r);
  for (const a of g.ancestors([...top])) top.add(a);
  const out: string[] = [];
  for (const m of g.all()) {
    const id = m.revision;
    if (!top.has(id)) continue;
    let covered = false;
    for (const d of g.descendants([id], { dependencies: false })) if (d !== id && top.has(d)) covered = true;
    if (!covered) out.push(id);
  }
  return out;
}

/** `is_revision`: an element that must be a revision (Alembic asserts; we refuse the input). */
export function asRevision(r: Rev, spec: string): string {
  if (typeof r === "string") return r;
  throw new GraphFault("unsupported", `'${spec}' walks ${r === BASE ? "to base" : "past the end of the graph"}, which is not a revision to go to`, {
    hint: r === BASE ? "use `base` (or `<label>@base`) to go to base" : "nothing was changed; give a revision id or a smaller step",
  });
}

/** The revisions one spec denotes, for the writers (`revision --head`, `dependsOn`): `[]` is base. */
export function resolveTarget(g: RevisionGraph, spec: string, _current: readonly string[] = []): { ids: string[] } {
  return withWording({}, () => ({ ids: getRevisions(g, spec).map((r) => asRevision(r, spec)) }));
}

/** The error for `head` when the graph has several heads (used by `revision`). */
export function multipleHeads(heads: readonly string[]): RevisionError {
  return new RevisionError("multiple_heads", `Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.`, {
    hint: `the heads are ${heads.join(", ")}`,
  });
}
