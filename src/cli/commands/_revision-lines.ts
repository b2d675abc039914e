// Alembic's text forms of a revision (script/base.py Script._head_only and log_entry), shared
// by current, heads, branches, history and show. Labels are the propagated ones, sorted.
import { GraphFlags } from "../../api/_revisions";
import type { Migrator } from "../../api/migrator";

type Graph = ReturnType<Migrator["graph"]>;

export interface LineOptions {
  /** `(label, …)` after the id (heads, branches, history). */
  branches?: boolean;
  /** `, message` at the end (history, branches -v). */
  doc?: boolean;
  /** `down -> id` (history). */
  parents?: boolean;
  /** `(branchpoint)` / `(mergepoint)` (all but heads). */
  tree?: boolean;
  current?: boolean;
}

/** `5d91 -> 04c4 (billing) (head) (branchpoint), message` and the shorter forms. */
export function revisionLine(g: Graph, id: string, o: LineOptions = {}): string {
  const m = g.get(id);
  let text = id;
  if (o.parents) {
    const down = m.downRevisions.length > 0 ? m.downRevisions.join(", ") : "<base>";
    text = m.dependsOn.length > 0 ? `${down} (${m.dependsOn.join(", ")}) -> ${id}` : `${down} -> ${id}`;
  }
  if (o.branches) {
    const labels = g.branchLabelsOf(id);
    if (labels.length > 0) text += ` (${labels.join(", ")})`;
  }
  // one lookup for the four facts (isRealHead, isHead, isBranchPoint, isMergePoint): history
  // prints a line for every revision
  const f = g.flags(id);
  if (f & GraphFlags.RealHead) text += " (head)";
  else if (f & GraphFlags.Head) text += " (effective head)";
  if (o.current) text += " (current)";
  if (o.tree ?? true) {
    if (f & GraphFlags.BranchPoint) text += " (branchpoint)";
    if (f & GraphFlags.MergePoint) text += " (mergepoint)";
  }
  if (o.doc) text += `, ${m.message}`;
  return text;
}

/** The verbose block (`show`, `-v`): Rev, Parent/Merges, Branches into, Branch names, Path, doc. */
export function revisionBlock(g: Graph, id: string, current = false): string {
  const m = g.get(id);
  const flags = `${g.isHead(id) ? " (head)" : ""}${g.isBranchPoint(id) ? " (branchpoint)" : ""}${g.isMergePoint(id) ? " (mergepoint)" : ""}${current ? " (current)" : ""}`;
  const lines = [`Rev: ${id}${flags}`];
  const down = m.downRevisions.length > 0 ? m.downRevisions.join(", ") : "<base>";
  lines.push(g.isMergePoint(id) ? `Merges: ${down}` : `Parent: ${down}`);
  if (m.dependsOn.length > 0) lines.push(`Also depends on: ${m.dependsOn.join(", ")}`);
  if (g.isBranchPoint(id)) lines.push(`Branches into: ${[...g.children(id)].sort().join(", ")}`);
  const labels = g.branchLabelsOf(id);
  if (labels.length > 0) lines.push(`Branch names: ${labels.join(", ")}`);
  lines.push(`Path: ${m.path}`, "");
  for (const l of m.message.split("\n")) lines.push(`    ${l}`);
  if (m.createDate) lines.push("", `    Create Date: ${m.createDate}`);
  return lines.join("\n") + "\n";
}

/** Alembic prints each item as a line of its own (print_stdout adds the newline). */
export function joinItems(items: readonly string[]): string | null {
  return items.length === 0 ? null : items.join("\n") + "\n";
}

/** `heads`: each head in file order. */
export function renderHeads(g: Graph, verbose = false): string | null {
  return joinItems(g.heads().map((h) => (verbose ? revisionBlock(g, h) : revisionLine(g, h, { branches: true, tree: false }))));
}

/** `branches`: each branch point (history order), its children, an empty line. */
export function renderBranches(g: Graph, verbose = false): string | null {
  const blocks = g
    .history()
    .filter((id) => g.isBranchPoint(id))
    .map((id) => {
      const head = verbose ? revisionBlock(g, id) : revisionLine(g, id, { branches: true });
      const pad = " ".repeat(id.length);
      const kids = [...g.children(id)].sort().map((c) => `${pad} -> ${revisionLine(g, c, { branches: true, doc: verbose })}`);
      return `${head}\n${kids.join("\n")}\n`;
    });
  return joinItems(blocks);
}

/** `history`: the revisions given (newest first), `(current)` on those in `current`. */
export function renderHistory(g: Graph, ids: readonly string[], current: ReadonlySet<string> | null = null, verbose = false): string | null {
  const lines: string[] = new Array(ids.length);
  // two option objects for the whole list, not one per line
  const plain: LineOptions = { branches: true, doc: true, parents: true, current: false };
  const marked: LineOptions = { ...plain, current: true };
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const cur = current !== null && current.has(id);
    lines[i] = verbose ? revisionBlock(g, id, cur) : revisionLine(g, id, cur ? marked : plain);
  }
  return joinItems(lines);
}

/** `show`: the verbose block of each revision. */
export function renderShow(g: Graph, ids: readonly string[]): string | null {
  return joinItems(ids.map((id) => revisionBlock(g, id)));
}

/** `current` (non-verbose): one line per current branch head of these known rows. */
export function renderCurrent(g: Graph, rows: readonly string[]): string | null {
  return joinItems(g.currentRevisions(rows).map((id) => revisionLine(g, id)));
}
