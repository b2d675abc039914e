// Which revisions an upgrade, a downgrade or a history range covers, as Alembic 1.8.1 works it
// out (script/revision.py: _parse_upgrade_target, _parse_downgrade_target,
// _collect_upgrade_revisions, _collect_downgrade_revisions). Pure; failures are GraphFaults.
// Deliberate differences (DESIGN.md §2) are marked where they are made.
import { RevisionError } from "../errors.ts";
import { GraphFault, quoteList } from "./revision-errors.ts";
import type { RevisionGraph } from "./revision-graph.ts";
import { allCurrent, asRevision, BASE, filterForLineage, getRevision, getRevisions, resolveBranch, walk, type Rev } from "./revision-spec.ts";

/** `[branch@][symbol](+|-)N` at the start of a spec (Alembic's _relative_destination, re.match). */
const RELATIVE = /^(?:(.+?)@)?(\w+)?([+-]\d+)/;

interface Relative {
  branch: string | null;
  symbol: string | null;
  relative: string;
  n: number;
}

function relativeSpec(spec: string): Relative | null {
  const m = RELATIVE.exec(spec);
  if (m === null) return null;
  return { branch: m[1] ?? null, symbol: m[2] ?? null, relative: m[3] as string, n: Number(m[3]) };
}

const didntProduce = (relative: string | number, n: number) => new GraphFault("walk", `Relative revision ${relative} didn't produce ${Math.abs(n)} migrations`);

/** `_parse_upgrade_target`: the revisions an upgrade (or a history range's upper end) goes to. */
export function parseUpgradeTarget(g: RevisionGraph, current: readonly (string | null)[], target: string, noOverwalk = true): Rev[] {
  const rel = relativeSpec(target);
  if (rel === null) return getRevisions(g, target);
  const { branch, symbol, n } = rel;
  if (n > 0) {
    if (symbol !== null) return [walk(g, getRevision(g, symbol), n, branch, noOverwalk)];
    const cur: (string | null)[] = current.length > 0 ? [...current] : [null];
    let start: Rev[] = cur;
    if (branch) {
      const revs = getRevisions(g, cur).filter((r): r is string => typeof r === "string");
      start = filterForLineage(g, revs, branch);
      if (start.length === 0) {
        // the branch has no current row: start from the newest applied revisions on it
        const active = filterForLineage(g, [...g.ancestors(revs)], branch);
        const below = new Set<string>();
        for (const a of active) for (const d of g.normalizedDownRevisions(a)) below.add(d);
        start = active.filter((a) => !below.has(a));
        if (start.length === 0) start = [null];
      }
    }
    if (start.length > 1) throw new GraphFault("walk", "Ambiguous upgrade from multiple current revisions", { hint: `the current revisions are ${quoteList(start as string[])}; use <label>@+N or a revision` });
    const from = start[0] as string | null;
    const r = walk(g, from === null ? null : getRevision(g, from), n, branch, noOverwalk);
    if (r === null) throw didntProduce(rel.relative, n);
    return [r];
  }
  if (symbol === null) throw didntProduce(n, n);
  const from = branch === null ? getRevision(g, symbol) : getRevision(g, `${branch}@${symbol}`);
  return [walk(g, from, n, null, noOverwalk)];
}

/** A downgrade target: the branch it is restricted to, and the revision (null = base). */
export interface DowngradeTarget {
  branch: string | null;
  rev: Rev;
  /** Deliberate difference: `-1` from a merge point undoes the merge (Alembic: Ambiguous walk). */
  undoMerge?: boolean;
}

/** `_parse_downgrade_target`. */
export function parseDowngradeTarget(g: RevisionGraph, current: readonly string[], target: string, noOverwalk = true): DowngradeTarget {
  const rel = relativeSpec(target);
  if (rel === null) {
    const at = target.lastIndexOf("@");
    return { branch: at > 0 ? target.slice(0, at) : null, rev: getRevision(g, target.slice(at + 1)) };
  }
  let { branch, symbol } = rel;
  const n = rel.n;
  if (n >= 0) {
    if (symbol === null) throw didntProduce(rel.relative, n);
    const r = walk(g, getRevision(g, symbol), n, branch, noOverwalk);
    if (r === null) throw new GraphFault("walk", "Walked too far");
    return { branch, rev: r };
  }
  const fromCurrent = symbol === null;
  if (fromCurrent) {
    if (branch) {
      let on = filterForLineage(g, current, branch);
      if (on.length === 0) on = filterForLineage(g, allCurrent(g, current), branch);
      if (on.length !== 1) {
        throw new GraphFault("unsupported", on.length === 0 ? `'${target}': the database has no revision on branch '${branch}'` : `'${target}': the database has several revisions on branch '${branch}' (${quoteList(on)})`, {
          hint: "nothing was changed; give the revision to go down to",
        });
      }
      symbol = on[0] as string;
    } else {
      if (current.length === 0) throw didntProduce(rel.relative, n);
      if (new Set(current).size > 1) {
        // deliberate difference: Alembic warns and moves the first row's branch
        throw new RevisionError("multiple_heads", `'downgrade ${target}' is ambiguous: the database has several current heads (${quoteList(current)})`, {
          hint: `use \`<label>@${target}\` or a revision, e.g. \`downgrade ${current[0]}${target}\``,
        });
      }
      symbol = current[0] as string;
      branch = symbol;
    }
  }
  const start = branch === null ? getRevision(g, symbol) : getRevision(g, `${branch}@${symbol}`);
  if (fromCurrent && n === -1 && typeof start === "string" && g.parents(start).length > 1) {
    return { branch, rev: start, undoMerge: true };
  }
  const r = walk(g, start, n, null, noOverwalk);
  if (r === null) throw fromCurrent ? didntProduce(rel.relative, n) : new GraphFault("walk", "Walked too far");
  return { branch, rev: r };
}

/** `_collect_downgrade_revisions`: the applied revisions a downgrade from `rows` to `target` reverts. */
export function collectDowngrade(g: RevisionGraph, rows: readonly string[], target: string): { revisions: Set<string>; heads: string[] } {
  const t = parseDowngradeTarget(g, rows, target);
  const rev = t.rev === BASE ? null : t.rev;
  let roots: string[];
  if (rev === null) roots = g.bases();
  else if (t.undoMerge) roots = [rev];
  else roots = g.children(rev);
  if (t.branch && roots.length > 1) {
    const line = g.ancestors([resolveBranch(g, t.branch)], { dependencies: false });
    roots = roots.filter((r) => line.has(r));
    if (roots.length === 0) throw new GraphFault("walk", "Not a valid downgrade target from current heads", { hint: `none of the revisions above the target is on branch '${t.branch}'` });
  }
  const heads = getRevisions(g, rows) as string[];
  const active = g.ancestors(heads);
  const revisions = new Set<string>();
  for (const d of g.descendants(roots)) if (active.has(d)) revisions.add(d);
  if (rev !== null && revisions.size === 0 && !heads.includes(rev)) {
    throw new GraphFault("range", `Revision Nothing to drop is not an ancestor of revision ${rows.join(", ")}`, { hint: "it is not applied; use `upgrade` to go there" });
  }
  return { revisions, heads };
}

/** Alembic's check=True walks: a requested revision below (or above) another one is an error. */
function checkOverlap(g: RevisionGraph, targets: readonly string[], down: boolean): void {
  for (const t of targets) {
    const reach = down ? g.ancestors([t]) : g.descendants([t], { dependencies: false });
    const overlaps = [...new Set(targets.filter((o) => o !== t && reach.has(o)))];
    if (overlaps.length > 0) {
      throw new GraphFault("walk", `Requested revision ${t} overlaps with other requested revisions ${overlaps.sort().join(", ")}`, {
        hint: "a version row and its ancestor can't both be current; stamp the database (`migrator stamp ... --purge`)",
      });
    }
  }
}

/**
 * `_collect_upgrade_revisions`: what going from `lower` (rows, or a spec as history's lower end)
 * up to `upper` needs, and the targets the order is walked from.
 */
export function collectUpgrade(
  g: RevisionGraph,
  upper: string | readonly string[],
  lower: readonly string[] | string | null,
  opts: { inclusive: boolean; implicitBase: boolean; noOverwalk: boolean },
): { needs: Set<string>; targets: string[] } {
  const lowerList: (string | null)[] = typeof lower === "string" || lower === null ? [lower] : [...lower];
  const upperName = typeof upper === "string" ? upper : upper.join(", ");
  const found = typeof upper === "string" ? parseUpgradeTarget(g, lowerList, upper, opts.noOverwalk) : getRevisions(g, upper);
  const targets = found.map((r) => asRevision(r, upperName));
  let chosen = targets;
  if (typeof lower === "string" && lower.includes("@")) {
    let branch = lower.slice(0, lower.indexOf("@"));
    const br = getRevision(g, branch);
    if (br !== null && br === branch) {
      const labels = g.branchLabelsOf(br);
      if (labels.length !== 1) throw new GraphFault("unsupported", `'${lower}': revision ${br} has ${labels.length} branch labels; give a branch label`);
      branch = labels[0] as string;
    }
    chosen = targets.filter((t) => g.branchLabelsOf(t).includes(branch));
  }
  checkOverlap(g, chosen, true);
  const required = g.ancestors(chosen);
  let current = getRevisions(g, lowerList);
  if (!opts.implicitBase && current.some((r) => r !== null && (r === BASE || !required.has(r)))) {
    throw new GraphFault("range", `Revision ${typeof lower === "string" ? lower : lowerList.join(", ")} is not an ancestor of revision ${upperName}`);
  }
  let lowerSpec: readonly (string | null)[] = lowerList;
  if (current.length > 0 && current[0] === null) {
    // a relative lower end (`-1:`) that get_revisions can't resolve: walk it as a downgrade would
    const r = parseDowngradeTarget(g, typeof upper === "string" ? [upper] : upper, typeof lower === "string" ? lower : "", opts.noOverwalk).rev;
    if (r === null) throw new GraphFault("unsupported", `'${lower}' walks past the end of the graph`);
    current = r === BASE ? [] : [r];
    lowerSpec = r === BASE ? [null] : [r];
  }
  const cur = current.map((r) => asRevision(r, typeof lower === "string" ? lower : String(r)));
  checkOverlap(g, cur, true);
  const applied = g.ancestors(cur);
  const needs = new Set<string>();
  for (const r of required) if (!applied.has(r)) needs.add(r);
  if (opts.inclusive) for (const r of getRevisions(g, lowerSpec)) needs.add(asRevision(r, String(lower)));
  if (cur.length > 0 && !opts.implicitBase) {
    checkOverlap(g, cur, false);
    const above = g.descendants(cur, { dependencies: false });
    for (const r of needs) if (!above.has(r)) needs.delete(r);
  }
  return { needs, targets: chosen };
}
