// Test helpers: RevisionMeta values without files, and the 31-revision graph used by the plan
// tests (two bases, a branch point, a merge, a dependsOn across bases, branch labels).
import { RevisionGraph } from "../../src/revisions/revision-graph.ts";
import type { RevisionMeta } from "../../src/revisions/types.ts";

export function meta(revision: string, down: string | string[] | null, more: Partial<RevisionMeta> = {}): RevisionMeta {
  return {
    revision,
    downRevisions: down === null ? [] : Array.isArray(down) ? down : [down],
    branchLabels: [],
    dependsOn: [],
    message: `rev ${revision}`,
    createDate: null,
    transactional: true,
    path: `${revision}.ts`,
    format: "ts",
    ...more,
  };
}

export function graphOf(...metas: RevisionMeta[]): RevisionGraph {
  return new RevisionGraph(metas);
}

/**
 *   a01-a02-a03-a04 -+- x01(feature)-x02-x03-x04 -+- m01-a05-a06-a07-a08-a09-a10-z01..z05
 *                    +- y01-y02-y03 --------------+           |
 *   b01(audit)-b02-b03-b04-b05-b06-b07-b08        a06 dependsOn b03
 */
export function bigGraph(): RevisionGraph {
  const m: RevisionMeta[] = [];
  const chain = (ids: string[], first: string | string[] | null) => {
    let prev = first;
    for (const id of ids) {
      m.push(meta(id, prev));
      prev = id;
    }
  };
  chain(["a01", "a02", "a03", "a04"], null);
  chain(["x01", "x02", "x03", "x04"], "a04");
  chain(["y01", "y02", "y03"], "a04");
  m.push(meta("m01", ["x04", "y03"], { message: "merge x and y" }));
  chain(["a05", "a06", "a07", "a08", "a09", "a10"], "m01");
  chain(["z01", "z02", "z03", "z04", "z05"], "a10");
  chain(["b01", "b02", "b03", "b04", "b05", "b06", "b07", "b08"], null);
  const find = (id: string) => m.find((r) => r.revision === id) as RevisionMeta;
  find("x01").branchLabels = ["feature"];
  find("b01").branchLabels = ["audit"];
  find("a06").dependsOn = ["b03"];
  return new RevisionGraph(m);
}
