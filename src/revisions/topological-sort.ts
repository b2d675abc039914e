// Alembic's one ordering of revisions (script/revision.py RevisionMap._topological_sort), used
// for upgrade (reversed), downgrade and history: walk down from the given heads, newest first,
// finishing a line before a revision that another pending line still needs; ties in file order
// (Alembic's load order). Upgrading the diamond A-B-{C,D}-M so runs A B D C M.
import { GraphFault } from "./revision-errors.ts";
import type { RevisionGraph } from "./revision-graph.ts";

/** `revisions` ordered descendants first, walking down from `heads` (ids outside `revisions` are ignored). */
export function alembicSort(g: RevisionGraph, revisions: Iterable<string>, heads: Iterable<string>): string[] {
  const todo = new Set(revisions);
  if (todo.size === 0) return [];
  if (g.isLinear()) {
    // one line of history: the walk below visits it newest first
    const out = [...todo].sort((a, b) => g.indexOf(b) - g.indexOf(a));
    return out;
  }
  const current: string[] = [...new Set(heads)].filter((h) => todo.has(h)).sort((a, b) => g.indexOf(a) - g.indexOf(b));
  const ancestors: Set<string>[] = current.map((h) => g.ancestors([h]));
  const out: string[] = [];
  let idx = 0;
  while (current.length > 0) {
    const candidate = current[idx] as string;
    // another line still needs this revision: walk that line first
    let other = -1;
    for (let j = 0; j < ancestors.length; j++) {
      if (j !== idx && (ancestors[j] as Set<string>).has(candidate)) {
        other = j;
        break;
      }
    }
    if (other !== -1) {
      idx = other;
      continue;
    }
    if (todo.has(candidate)) {
      out.push(candidate);
      todo.delete(candidate);
    }
    const down = g.normalizedDownRevisions(candidate);
    const add = down.filter((r) => todo.has(r) && !current.includes(r));
    if (add.length === 0) {
      current.splice(idx, 1);
      ancestors.splice(idx, 1);
      idx = Math.max(idx - 1, 0);
    } else if (g.dependencies(candidate).length === 0 && g.parents(candidate).length === 1) {
      current[idx] = add[0] as string;
      (ancestors[idx] as Set<string>).delete(candidate);
    } else {
      current[idx] = add[0] as string;
      ancestors[idx] = g.ancestors([add[0] as string]);
      for (const a of add.slice(1)) {
        current.push(a);
        ancestors.push(g.ancestors([a]));
      }
    }
  }
  if (todo.size > 0) {
    throw new GraphFault("unsupported", `revisions ${[...todo].join(", ")} are not below the revisions the walk starts from`);
  }
  return out;
}
