// Which branch labels apply to each revision, as Alembic 1.8.1 propagates them
// (script/revision.py RevisionMap._add_branches): a label covers the labelled revision and all
// its descendants; then, from the last revision that descendant walk reached, down through
// single parents while a revision is neither a branch point (children or dependents) nor a
// merge point. So a label in the middle of a line of history labels the revisions below it too.
import type { RevisionGraph } from "./revision-graph.ts";

/** Labels by revision id (sorted); revisions without labels are absent. */
export function propagateLabels(g: RevisionGraph): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  const add = (id: string, labels: Iterable<string>) => {
    let s = sets.get(id);
    if (s === undefined) sets.set(id, (s = new Set()));
    for (const l of labels) s.add(l);
  };
  for (const m of g.all()) {
    if (m.branchLabels.length === 0) continue;
    add(m.revision, m.branchLabels);
    const labels = [...(sets.get(m.revision) as Set<string>)];
    // depth-first with a stack, as Alembic's _iterate_related_revisions, remembering the last node
    const seen = new Set<string>();
    const stack = [m.revision];
    let last = m.revision;
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const c of g.children(id)) stack.push(c);
      add(id, labels);
      last = id;
    }
    let parent: string | undefined = last;
    while (parent !== undefined && g.parents(parent).length <= 1 && !g.isRealBranchPoint(parent)) {
      add(parent, labels);
      parent = g.parents(parent)[0];
    }
  }
  const out = new Map<string, string[]>();
  for (const [id, s] of sets) out.set(id, [...s].sort());
  return out;
}
