// The revision graph (a DAG) built from migration metadata: validation (duplicates, missing
// parents, cycles, labels), heads/bases/branch and merge points, ancestry, branch labels and a
// deterministic topological order. Pure and linear in the number of revisions.
// Alembic semantics: `dependsOn` edges order revisions but don't make a revision a non-head.
import { RevisionError } from "../errors.ts";
import { notFound } from "./revision-errors.ts";
import type { RevisionMeta } from "./types.ts";

// Spec resolution, planning and label propagation load at their first use: `current` and
// `heads` need none of them, and every module a command loads costs start-up (the bundler gives
// each its own chunk). `require` keeps these methods synchronous.
const plan = () => require("./plan.ts") as typeof import("./plan.ts");
const specModule = () => require("./revision-spec.ts") as typeof import("./revision-spec.ts");
const labelModule = () => require("./branch-labels.ts") as typeof import("./branch-labels.ts");

/** The bits of RevisionGraph.flags(). */
export const GraphFlags = { RealHead: 1, Head: 2, BranchPoint: 4, MergePoint: 8 } as const;

interface Node {
  meta: RevisionMeta;
  index: number;
  parents: string[];
  deps: string[];
  children: string[];
  dependents: string[];
}

export interface WalkOptions {
  /** Include the start revisions themselves (default true). */
  inclusive?: boolean;
  /** Follow dependsOn edges as well as downRevision edges (default true). */
  dependencies?: boolean;
}

export class RevisionGraph {
  private readonly nodes = new Map<string, Node>();
  private readonly order: Node[] = [];
  private readonly labels = new Map<string, string>();
  private labelsById: Map<string, string[]> | null = null;
  private normalized = new Map<string, string[]>();
  /** One line of history in file order (one base, no branches, merges or dependsOn): its
   *  topological order is the file order, and the general search needn't run. */
  private linear = false;

  /** Builds and validates the graph; throws RevisionError naming the files at fault. */
  constructor(revisions: readonly RevisionMeta[]) {
    // Written for a cold start (a CLI run over 10,000 files executes this once): one pass per
    // concern, no per-node copies or empty arrays, Map lookups only where an id must be resolved.
    const labelled: Node[] = [];
    for (const meta of revisions) {
      const prior = this.nodes.get(meta.revision);
      if (prior !== undefined) {
        throw new RevisionError(
          "duplicate_revision",
          `revision '${meta.revision}' is declared by two files: ${prior.meta.path} and ${meta.path}`,
          { hint: "give one of them a new id (and update the files that revise it)" },
        );
      }
      const node: Node = { meta, index: this.order.length, parents: dedupe(meta.downRevisions), deps: EMPTY, children: EMPTY, dependents: EMPTY };
      this.nodes.set(meta.revision, node);
      this.order.push(node);
      if (meta.branchLabels.length > 0) labelled.push(node);
    }
    for (const node of labelled) {
      for (const label of node.meta.branchLabels) {
        const owner = this.labels.get(label);
        if (owner !== undefined && owner !== node.meta.revision) {
          const other = this.node(owner).meta.path;
          throw new RevisionError("duplicate_label", `branch label '${label}' is declared by both ${other} and ${node.meta.path}`);
        }
        if (this.nodes.has(label)) {
          throw new RevisionError("duplicate_label", `${node.meta.path}: branch label '${label}' is also a revision id (${this.node(label).meta.path})`);
        }
        this.labels.set(label, node.meta.revision);
      }
    }
    // When every parent and dependency comes earlier in file order (the usual date-named
    // history), file order is a topological order and there can be no cycle.
    let fileOrderIsTopological = true;
    for (const node of this.order) {
      for (const p of node.parents) {
        const parent = this.nodes.get(p);
        if (parent === undefined) {
          throw new RevisionError("missing_parent", `${node.meta.path}: downRevision '${p}' is not declared by any migration file`, {
            hint: "restore the missing file or fix downRevision",
          });
        }
        if (parent === node) throw this.cycleError([node.meta.revision]);
        if (parent.index > node.index) fileOrderIsTopological = false;
        if (parent.children === EMPTY) parent.children = [node.meta.revision];
        else parent.children.push(node.meta.revision);
      }
      if (node.meta.dependsOn.length === 0) continue;
      for (const d of dedupe(node.meta.dependsOn)) {
        const dep = this.resolveDependency(d);
        if (dep === undefined) {
          throw new RevisionError("missing_parent", `${node.meta.path}: dependsOn '${d}' is not a revision id, a unique id prefix or a branch label`);
        }
        if (dep === node.meta.revision) throw this.cycleError([dep]);
        if (!node.deps.includes(dep)) {
          const target = this.node(dep);
          if (target.index > node.index) fileOrderIsTopological = false;
          if (node.deps === EMPTY) node.deps = [dep];
          else node.deps.push(dep);
          if (target.dependents === EMPTY) target.dependents = [node.meta.revision];
          else target.dependents.push(node.meta.revision);
        }
      }
    }
    if (fileOrderIsTopological) {
      // (a loop: the first call of the builtin `every` costs ~65 µs in a command's cold start)
      let linear = true;
      for (const n of this.order) linear &&= n.deps.length === 0 && n.children.length <= 1 && n.parents.length === (n.index === 0 ? 0 : 1);
      this.linear = linear;
      return;
    }
    const sorted = this.topologicalOrder();
    if (sorted.length !== this.order.length) throw this.cycleError(this.findCycle(new Set(sorted)));
  }

  get size(): number {
    return this.order.length;
  }
  has(id: string): boolean {
    return this.nodes.has(id);
  }
  /** The revision with exactly this id; throws `revision_not_found`. */
  get(id: string): RevisionMeta {
    return this.node(id).meta;
  }
  /** All revisions in the order they were given (file-name order for a script directory). */
  all(): RevisionMeta[] {
    return this.order.map((n) => n.meta);
  }
  parents(id: string): string[] {
    return this.node(id).parents;
  }
  children(id: string): string[] {
    return this.node(id).children;
  }
  /** Resolved dependsOn ids (labels and prefixes replaced by full ids). */
  dependencies(id: string): string[] {
    return this.node(id).deps;
  }
  dependents(id: string): string[] {
    return this.node(id).dependents;
  }

  /** Revisions no other revision revises (dependsOn doesn't count), in file order. */
  heads(): string[] {
    const out: string[] = [];
    for (const n of this.order) if (n.children.length === 0) out.push(n.meta.revision);
    return out;
  }
  bases(): string[] {
    return this.order.filter((n) => n.parents.length === 0).map((n) => n.meta.revision);
  }
  branchPoints(): string[] {
    return this.order.filter((n) => n.children.length > 1).map((n) => n.meta.revision);
  }
  mergePoints(): string[] {
    return this.order.filter((n) => n.parents.length > 1).map((n) => n.meta.revision);
  }

  isHead(id: string): boolean {
    return this.node(id).children.length === 0;
  }
  isBase(id: string): boolean {
    return this.node(id).parents.length === 0;
  }
  isBranchPoint(id: string): boolean {
    return this.node(id).children.length > 1;
  }
  isMergePoint(id: string): boolean {
    return this.node(id).parents.length > 1;
  }

  /** The revision that declares `label`, if any. */
  labelRevision(label: string): string | undefined {
    return this.labels.get(label);
  }

  /** Revisions a branch label covers: those whose (propagated) labels include it. */
  labelMembers(label: string): Set<string> {
    const members = new Set<string>();
    if (!this.labels.has(label)) return members;
    for (const n of this.order) if (this.branchLabelsOf(n.meta.revision).includes(label)) members.add(n.meta.revision);
    return members;
  }

  /**
   * Labels that apply to `id`, declared or inherited, sorted (Alembic's RevisionMap._add_branches):
   * a label covers the labelled revision and all its descendants; then, from the last revision
   * that descendant walk reached, down through single parents while a revision is neither a
   * branch point (children or dependents) nor a merge point — so a label in the middle of a
   * line of history labels the revisions below it as well.
   */
  branchLabelsOf(id: string): string[] {
    if (this.labels.size === 0) return EMPTY; // no file declares a label (history asks for every revision)
    // (computed once, in branch-labels.ts)
    if (this.labelsById === null) this.labelsById = labelModule().propagateLabels(this);
    return this.labelsById.get(id) ?? EMPTY;
  }

  /** Alembic's `_is_real_branch_point`: more than one revision revises or depends on `id`. */
  isRealBranchPoint(id: string): boolean {
    const n = this.node(id);
    if (n.dependents.length === 0) return n.children.length > 1;
    return new Set([...n.children, ...n.dependents]).size > 1;
  }

  /** isRealHead, isHead, isBranchPoint, isMergePoint of `id` as GraphFlags bits, in one lookup. */
  flags(id: string): number {
    const n = this.node(id);
    return (
      (n.children.length === 0 ? (n.dependents.length === 0 ? GraphFlags.RealHead | GraphFlags.Head : GraphFlags.Head) : 0) |
      (n.children.length > 1 ? GraphFlags.BranchPoint : 0) |
      (n.parents.length > 1 ? GraphFlags.MergePoint : 0)
    );
  }

  /** No revision revises or depends on `id` (Alembic's `_is_real_head`). */
  isRealHead(id: string): boolean {
    const n = this.node(id);
    return n.children.length === 0 && n.dependents.length === 0;
  }

  /** Heads counting dependsOn edges too, in file order (what the spec `heads` means in Alembic). */
  realHeads(): string[] {
    const out: string[] = [];
    for (const n of this.order) if (n.children.length === 0 && n.dependents.length === 0) out.push(n.meta.revision);
    return out;
  }

  /**
   * What `current` shows for these version rows (Alembic's get_all_current): the rows and their
   * ancestors that have no descendant among them, in file order.
   */
  currentRevisions(rows: readonly string[]): string[] {
    return specModule().allCurrent(this, rows);
  }

  /** Position of `id` in file order (Alembic's load order: the tie-break of every sort). */
  indexOf(id: string): number {
    return this.node(id).index;
  }

  /** A one-line history in file order (no branches, merges or dependsOn). */
  isLinear(): boolean {
    return this.linear;
  }

  /** Branch labels in the order their revisions were loaded (after the ids among lookup keys). */
  labelNames(): string[] {
    return [...this.labels.keys()];
  }

  /** Full id for an exact id or a unique prefix; throws `revision_not_found` / `ambiguous_revision`. */
  lookup(idOrPrefix: string, within?: Set<string>): string {
    if (this.nodes.has(idOrPrefix) && (within === undefined || within.has(idOrPrefix))) return idOrPrefix;
    const candidates: string[] = [];
    for (const n of this.order) {
      const id = n.meta.revision;
      if (id.startsWith(idOrPrefix) && (within === undefined || within.has(id))) candidates.push(id);
    }
    if (candidates.length === 1) return candidates[0] ?? "";
    if (candidates.length > 1) {
      throw new RevisionError(
        "ambiguous_revision",
        `revision prefix '${idOrPrefix}' is ambiguous; it matches ${candidates.slice(0, 10).join(", ")}${candidates.length > 10 ? `, … (${candidates.length} in all)` : ""}`,
        { hint: "type more characters of the revision id" },
      );
    }
    throw notFound(idOrPrefix, within === undefined ? "" : " on that branch");
  }

  ancestors(ids: Iterable<string>, opts: WalkOptions = {}): Set<string> {
    return this.walk(ids, opts, (n) => n.parents, (n) => n.deps);
  }
  descendants(ids: Iterable<string>, opts: WalkOptions = {}): Set<string> {
    return this.walk(ids, opts, (n) => n.children, (n) => n.dependents);
  }

  /**
   * Parents first (dependencies before dependents), walking one branch to its end before the
   * next; ties broken by file order. Restricted to `subset` when given (edges leaving it ignored).
   */
  topologicalOrder(subset?: Set<string>): string[] {
    if (!this.linear) return this.searchOrder(subset);
    // a line in file order: the search below would return the subset in file order (each freed
    // child is the next revision in the file order, lower than anything else waiting)
    if (subset === undefined) return this.order.map((n) => n.meta.revision);
    if (subset.size * 8 < this.order.length) {
      const nodes: Node[] = [];
      for (const id of subset) nodes.push(this.node(id));
      nodes.sort((a, b) => a.index - b.index);
      const ids: string[] = [];
      for (const n of nodes) ids.push(n.meta.revision);
      return ids;
    }
    const out: string[] = [];
    for (const n of this.order) if (subset.has(n.meta.revision)) out.push(n.meta.revision);
    return out.length === subset.size ? out : this.searchOrder(subset); // (which names the unknown id)
  }

  private searchOrder(subset?: Set<string>): string[] {
    const nodes = subset === undefined ? this.order : [...subset].map((id) => this.node(id));
    // Per-node counters indexed by file index; -1 marks "not in the subset".
    const pending = new Int32Array(this.order.length).fill(subset === undefined ? 0 : -1);
    if (subset !== undefined) for (const n of nodes) pending[n.index] = 0;
    const ready: Node[] = [];
    for (const n of nodes) {
      let count = 0;
      for (const p of n.parents) if (pending[this.node(p).index] !== -1) count++;
      for (const d of n.deps) if (pending[this.node(d).index] !== -1 && !n.parents.includes(d)) count++;
      pending[n.index] = count;
      if (count === 0) ready.push(n);
    }
    // A stack keeps walking up the branch just started; lowest file index on top.
    const stack = ready.sort((a, b) => b.index - a.index);
    const out: string[] = [];
    const freed: Node[] = [];
    while (stack.length > 0) {
      const n = stack.pop() as Node;
      out.push(n.meta.revision);
      freed.length = 0;
      for (const c of n.children) this.release(c, pending, freed);
      for (const c of n.dependents) if (!n.children.includes(c)) this.release(c, pending, freed);
      if (freed.length > 1) freed.sort((a, b) => b.index - a.index);
      for (const f of freed) stack.push(f);
    }
    return out;
  }

  private release(id: string, pending: Int32Array, freed: Node[]): void {
    const c = this.node(id);
    const left = pending[c.index] ?? -1;
    if (left <= 0) return;
    pending[c.index] = left - 1;
    if (left === 1) freed.push(c);
  }

  /**
   * downRevisions plus the dependsOn entries no ancestor already depends on — the revisions
   * whose version rows an upgrade of `id` replaces (Alembic's "normalized down revisions").
   */
  normalizedDownRevisions(id: string): string[] {
    const node = this.node(id);
    if (node.deps.length === 0) return node.parents; // the usual revision: nothing to work out
    const cached = this.normalized.get(id);
    if (cached !== undefined) return cached;
    const inherited = new Set<string>();
    for (const a of this.ancestors([id], { inclusive: false, dependencies: false })) {
      for (const d of this.node(a).deps) inherited.add(d);
    }
    const result = dedupe([...node.parents, ...node.deps.filter((d) => !inherited.has(d))]);
    this.normalized.set(id, result);
    return result;
  }

  /** The revisions a spec denotes, as `show` lists them (revision-spec.ts); `[]` means base. */
  resolve(spec: string, currentHeads: readonly string[] = []): string[] {
    return plan().planShow(this, spec, currentHeads);
  }

  /** Ids of the revisions in `range` (`A:B`, either side optional), newest first like `alembic history`. */
  history(range?: string, currentHeads: readonly string[] = []): string[] {
    return plan().planHistory(this, range, currentHeads);
  }

  private node(id: string): Node {
    const n = this.nodes.get(id);
    if (n === undefined) throw notFound(id);
    return n;
  }

  private resolveDependency(ref: string): string | undefined {
    if (this.nodes.has(ref)) return ref;
    const labelled = this.labels.get(ref);
    if (labelled !== undefined) return labelled;
    let found: string | undefined;
    for (const n of this.order) {
      if (n.meta.revision.startsWith(ref)) {
        if (found !== undefined) return undefined;
        found = n.meta.revision;
      }
    }
    return found;
  }

  private walk(ids: Iterable<string>, opts: WalkOptions, primary: (n: Node) => string[], secondary: (n: Node) => string[]): Set<string> {
    const inclusive = opts.inclusive ?? true;
    const withDeps = opts.dependencies ?? true;
    const seen = new Set<string>();
    const stack: string[] = [];
    for (const id of ids) {
      this.node(id);
      if (inclusive) {
        if (!seen.has(id)) (seen.add(id), stack.push(id));
      } else stack.push(id);
    }
    while (stack.length > 0) {
      const n = this.node(stack.pop() as string);
      for (const id of primary(n)) {
        if (!seen.has(id)) (seen.add(id), stack.push(id));
      }
      if (!withDeps) continue;
      for (const id of secondary(n)) {
        if (!seen.has(id)) (seen.add(id), stack.push(id));
      }
    }
    return seen;
  }

  private findCycle(acyclic: Set<string>): string[] {
    // Every revision left out of the topological order lies on or above a cycle: follow
    // parent/dependency edges inside that set until one repeats.
    let cur = this.order.find((n) => !acyclic.has(n.meta.revision)) as Node;
    const path: string[] = [];
    const at = new Map<string, number>();
    while (!at.has(cur.meta.revision)) {
      at.set(cur.meta.revision, path.length);
      path.push(cur.meta.revision);
      const next = [...cur.parents, ...cur.deps].find((p) => !acyclic.has(p)) as string;
      cur = this.node(next);
    }
    return path.slice(at.get(cur.meta.revision)).reverse();
  }

  private cycleError(cycle: string[]): RevisionError {
    const first = cycle[0] ?? "";
    const steps = [...cycle, first].map((id) => `${id} (${this.node(id).meta.path})`);
    return new RevisionError("cycle", `the revision graph has a cycle: ${steps.join(" -> ")}`, {
      hint: "a revision must not (indirectly) revise or depend on itself; fix downRevision/dependsOn",
    });
  }
}

/** Shared by nodes without children, dependents or dependencies; replaced on first push, never mutated. */
const EMPTY: string[] = [];

/** `ids` without repeats; the same array when it has none (the usual single parent). */
function dedupe(ids: string[]): string[] {
  if (ids.length < 2) return ids;
  if (ids.length === 2) return ids[0] === ids[1] ? [ids[0] as string] : ids;
  const set = new Set(ids);
  return set.size === ids.length ? ids : [...set];
}
