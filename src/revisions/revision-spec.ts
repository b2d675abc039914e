// Revision specs with Alembic's semantics (DESIGN.md §2): head, heads, base, current, full ids,
// unique prefixes, branch labels, relative `+N`/`-N`, `REV+N`/`REV-N`, `label@head`,
// `label@heads`, `label@base`, `label@REV`, `label@+N`/`label@-N`, and `A:B` history ranges.
// Relative walks follow downRevision edges only; several ways to go is an error, never a guess.
import { RevisionError } from "../errors.ts";
import { quoteList } from "./revision-errors.ts";
import type { RevisionGraph } from "./revision-graph.ts";

/**
 * A resolved target: `ids` (empty = base). When `baseOf` is set, "base" means the bottom of the
 * branch holding those revisions only (`label@base`, `REV-N` reaching a base), not of everything.
 */
export interface ResolvedTarget {
  ids: string[];
  baseOf?: string[];
  /**
   * The line of history a downgrade is restricted to: the branch of `label@…`, or the lineage
   * (downRevision ancestors) of the one current head `-N` walks from. A downgrade to a branch
   * point reverts only the children inside it (Alembic's _collect_downgrade_revisions filters
   * the roots by branch, and `-N` uses the current head as the branch).
   */
  branch?: Set<string>;
}

/** Scope of a `label@…` spec: the branch's revisions, or everything. */
interface Scope {
  name: string | null;
  members: Set<string> | null;
}

const RELATIVE = /^([+-])(\d+)$/;
const ANCHORED = /^(.+?)([+-])(\d+)$/;

export function resolveTarget(graph: RevisionGraph, spec: string, currentHeads: readonly string[]): ResolvedTarget {
  const s = spec.trim();
  if (s === "") throw new RevisionError("bad_revision_spec", "empty revision spec", { hint: "use head, base, a revision id, +N or -N" });
  if (s.length > 200) throw new RevisionError("bad_revision_spec", `revision spec is too long (${s.length} characters)`);
  if (s.includes(":")) {
    throw new RevisionError("bad_revision_spec", `'${s}' is a range; ranges (A:B) are only accepted by history`);
  }
  let scope: Scope = { name: null, members: null };
  let inner = s;
  const at = s.indexOf("@");
  if (at >= 0) {
    const branch = s.slice(0, at);
    inner = s.slice(at + 1);
    if (branch === "" || inner === "" || inner.includes("@")) {
      throw new RevisionError("bad_revision_spec", `'${s}' is not a revision spec; expected label@head, label@REV or label@-N`);
    }
    scope = branchScope(graph, branch);
  }
  let target: ResolvedTarget;
  const rel = RELATIVE.exec(inner);
  const anchored = rel === null ? ANCHORED.exec(inner) : null;
  if (rel !== null) {
    const n = Number(rel[2]);
    const start = currentInScope(graph, currentHeads, scope);
    target = walk(graph, s, start, rel[1] === "+" ? n : -n, scope, true);
    if (rel[1] === "-" && scope.members === null && start.length === 1) {
      target.branch = graph.ancestors(start, { dependencies: false });
    }
  } else if (anchored !== null) {
    const start = simple(graph, anchored[1] ?? "", currentHeads, scope, s);
    const n = Number(anchored[3]);
    target = walk(graph, s, start.ids, anchored[2] === "+" ? n : -n, scope, false);
  } else {
    target = simple(graph, inner, currentHeads, scope, s);
  }
  if (scope.members !== null) target.branch = scope.members;
  return target;
}

function branchScope(graph: RevisionGraph, branch: string): Scope {
  if (graph.labelRevision(branch) !== undefined) return { name: branch, members: graph.labelMembers(branch) };
  // Alembic also accepts a revision as the branch: `ae1027@head` is the head above ae1027.
  const id = graph.lookup(branch);
  const members = graph.descendants([id], { dependencies: false });
  for (const a of graph.ancestors([id], { dependencies: false })) members.add(a);
  return { name: branch, members };
}

function simple(graph: RevisionGraph, word: string, currentHeads: readonly string[], scope: Scope, spec: string): ResolvedTarget {
  const inScope = (ids: string[]) => (scope.members === null ? ids : ids.filter((id) => scope.members?.has(id)));
  switch (word) {
    case "base":
      return scope.members === null ? { ids: [] } : { ids: [], baseOf: branchRoots(graph, scope.members) };
    case "heads":
      return { ids: inScope(graph.heads()) };
    case "current":
      return { ids: scope.members === null ? [...currentHeads] : currentInScope(graph, currentHeads, scope) };
    case "head": {
      const heads = inScope(graph.heads());
      if (heads.length > 1) throw multipleHeads(heads, scope);
      if (heads.length === 0) throw new RevisionError("revision_not_found", `'${spec}': there are no revisions`, { hint: "create one with `migrator revision -m \"…\"`" });
      return { ids: heads };
    }
  }
  if (scope.members === null) {
    if (graph.has(word)) return { ids: [word] };
    const labelled = graph.labelRevision(word);
    if (labelled !== undefined) return { ids: [labelled] };
  }
  return { ids: [graph.lookup(word, scope.members ?? undefined)] };
}

export function multipleHeads(heads: readonly string[], scope?: Scope): RevisionError {
  const where = scope?.name ? ` on branch '${scope.name}'` : "";
  return new RevisionError("multiple_heads", `Multiple head revisions are present${where}: ${quoteList(heads)}`, {
    hint: `run \`migrator merge ${heads.join(" ")}\` to merge them, or target \`heads\` (or \`<label>@head\`) to go up every branch`,
  });
}

/** The revisions in `members` none of whose parents are members. */
function branchRoots(graph: RevisionGraph, members: Set<string>): string[] {
  return [...members].filter((id) => !graph.parents(id).some((p) => members.has(p)));
}

/** Current heads restricted to a branch: the newest applied revisions of that branch. */
function currentInScope(graph: RevisionGraph, currentHeads: readonly string[], scope: Scope): string[] {
  if (scope.members === null) return [...currentHeads];
  const members = scope.members;
  const applied = graph.ancestors(currentHeads);
  return [...members].filter((id) => applied.has(id) && !graph.children(id).some((c) => members.has(c) && applied.has(c)));
}

function walk(graph: RevisionGraph, spec: string, start: string[], steps: number, scope: Scope, fromCurrent: boolean): ResolvedTarget {
  if (steps === 0) return { ids: start };
  if (start.length > 1) {
    const what = fromCurrent ? "current heads" : "revisions";
    throw new RevisionError("multiple_heads", `'${spec}' is ambiguous: there are several ${what} (${quoteList(start)})`, {
      hint: "name the branch with `<label>@" + (steps > 0 ? "+" : "-") + Math.abs(steps) + "` or give a revision id",
    });
  }
  let cur = start;
  let lastBase: string | null = null;
  for (let i = 0; i < Math.abs(steps); i++) {
    if (cur.length > 1) {
      throw new RevisionError("ambiguous_walk", `'${spec}' is ambiguous: the walk reaches a merge point with branches ${quoteList(cur)}`, {
        hint: "give the revision to go to instead of a relative step",
      });
    }
    if (steps > 0) {
      const from = cur[0];
      let next = from === undefined ? (scope.members === null ? graph.bases() : branchRoots(graph, scope.members)) : graph.children(from);
      if (scope.members !== null) next = next.filter((id) => scope.members?.has(id));
      if (next.length === 0) {
        throw new RevisionError("relative_out_of_range", `'${spec}' goes past the head: ${from ?? "base"} has no revision above it (only ${i} step${i === 1 ? "" : "s"} possible)`);
      }
      if (next.length > 1) {
        throw new RevisionError("ambiguous_walk", `'${spec}' is ambiguous: ${from ?? "base"} is followed by several revisions (${quoteList(next)})`, {
          hint: "upgrade to one of them by id, or use `<label>@+N` to pick a branch",
        });
      }
      cur = next;
    } else {
      const from = cur[0];
      if (from === undefined) {
        throw new RevisionError("relative_out_of_range", `'${spec}' goes below base (only ${i} step${i === 1 ? "" : "s"} down are possible)`);
      }
      const parents = graph.parents(from);
      if (parents.length === 0) lastBase = from;
      cur = parents;
    }
  }
  if (cur.length === 0 && lastBase !== null) return { ids: [], baseOf: [lastBase] };
  return { ids: cur };
}

/** `history -r A:B`: revisions between A and B inclusive, newest first. */
export function history(graph: RevisionGraph, range: string | undefined, currentHeads: readonly string[]): string[] {
  let set: Set<string> | undefined;
  if (range !== undefined && range.trim() !== "" && range.trim() !== ":") {
    const parts = range.split(":");
    if (parts.length > 2) throw new RevisionError("bad_revision_spec", `'${range}' is not a range; expected A:B (either side optional)`);
    const lowerSpec = parts.length === 2 ? (parts[0] ?? "").trim() : "";
    const upperSpec = parts.length === 2 ? (parts[1] ?? "").trim() : (parts[0] ?? "").trim();
    set = upperSpec === "" ? new Set(graph.all().map((m) => m.revision)) : graph.ancestors(resolveTarget(graph, upperSpec, currentHeads).ids);
    if (lowerSpec !== "") {
      const lower = resolveTarget(graph, lowerSpec, currentHeads);
      const from = lower.ids.length > 0 ? lower.ids : lower.baseOf;
      if (from !== undefined) {
        const above = graph.descendants(from);
        for (const id of set) if (!above.has(id)) set.delete(id);
      }
    }
  }
  return graph.topologicalOrder(set).reverse();
}
