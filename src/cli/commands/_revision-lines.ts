// Alembic's text forms of a revision (script/base.py Script._head_only and log_entry), shared
// by current, heads, branches, history and show. Labels are the propagated ones, sorted.
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
  const labels = g.branchLabelsOf(id);
  if (o.branches && labels.length > 0) text += ` (${labels.join(", ")})`;
  if (g.isRealHead(id)) text += " (head)";
  else if (g.isHead(id)) text += " (effective head)";
  if (o.current) text += " (current)";
  if (o.tree ?? true) {
    if (g.isBranchPoint(id)) text += " (branchpoint)";
    if (g.isMergePoint(id)) text += " (mergepoint)";
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
  return items.length === 0 ? null : items.map((x) => x + "\n").join("");
}
