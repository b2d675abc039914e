// A single line of history in file order takes a shortcut in topologicalOrder(): the file order,
// restricted to the subset. It must give what the general search gives, for every subset, and
// graphs that are not such a line (two bases, a branch, a merge, dependsOn, a file order that is
// not the history's order) must not take it.

import { describe, expect, test } from "bun:test";
import { RevisionGraph } from "../../src/revisions/revision-graph.ts";
import type { RevisionMeta } from "../../src/revisions/types.ts";
import { bigGraph, meta } from "./fixtures.ts";

type Inside = { linear: boolean; searchOrder(subset?: Set<string>): string[] };
const inside = (g: RevisionGraph) => g as unknown as Inside;

function line(n: number): RevisionMeta[] {
  return Array.from({ length: n }, (_, i) => meta(`r${String(i).padStart(3, "0")}`, i === 0 ? null : `r${String(i - 1).padStart(3, "0")}`));
}

/** A deterministic pseudo-random generator (tests must repeat exactly). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe("topologicalOrder of a line of history", () => {
  const metas = line(200);
  const g = new RevisionGraph(metas);
  test("the graph is recognised as a line", () => expect(inside(g).linear).toBe(true));

  test("whole graph: file order, as the search gives", () => {
    expect(g.topologicalOrder()).toEqual(metas.map((m) => m.revision));
    expect(g.topologicalOrder()).toEqual(inside(g).searchOrder());
  });

  test("300 random subsets, small and large, contiguous or not: same as the search", () => {
    const rand = rng(42);
    for (let k = 0; k < 300; k++) {
      const density = [0.01, 0.05, 0.2, 0.6, 1][k % 5]!;
      const subset = new Set<string>();
      // insertion order shuffled on purpose: the result must not depend on it
      for (const m of [...metas].sort(() => rand() - 0.5)) if (rand() < density) subset.add(m.revision);
      expect(g.topologicalOrder(subset)).toEqual(inside(g).searchOrder(subset));
    }
  });

  test("an unknown id in the subset is still refused", () => {
    expect(() => g.topologicalOrder(new Set(["r001", "nope"]))).toThrow("Can't locate revision identified by 'nope'");
    expect(() => g.topologicalOrder(new Set([...metas.map((m) => m.revision).slice(0, 150), "nope"]))).toThrow("nope");
  });
});

describe("graphs that are not a line take the general search", () => {
  const cases: Record<string, RevisionMeta[]> = {
    "two bases": [meta("a", null), meta("b", null), meta("c", "a")],
    "a branch point": [meta("a", null), meta("b", "a"), meta("c", "a")],
    "a merge": [meta("a", null), meta("b", "a"), meta("c", "a"), meta("d", ["b", "c"])],
    dependsOn: [meta("a", null), meta("b", "a"), meta("c", "b", { dependsOn: ["a"] })],
    "file order not the history's order": [meta("b", "a"), meta("a", null), meta("c", "b")],
  };
  for (const [name, metas] of Object.entries(cases)) {
    test(name, () => {
      const g = new RevisionGraph(metas);
      expect(inside(g).linear).toBe(false);
      expect(g.topologicalOrder()).toEqual(inside(g).searchOrder());
    });
  }
  test("the 31-revision fixture graph", () => expect(inside(bigGraph()).linear).toBe(false));
});

describe("history of a whole line of revisions (its shortcut in planHistory)", () => {
  test("equals the walk that `base:heads` takes, for lines of 0, 1, 2 and 200 revisions", () => {
    for (const n of [0, 1, 2, 200]) {
      const g = new RevisionGraph(line(n));
      expect(g.history()).toEqual(g.history("base:heads"));
      expect(g.history()).toEqual(line(n).map((m) => m.revision).reverse());
    }
  });
  test("a graph that is not a line still takes the walk (same answer as the range)", () => {
    const g = new RevisionGraph([meta("a", null), meta("b", "a"), meta("c", "a"), meta("d", ["b", "c"])]);
    expect(inside(g).linear).toBe(false);
    expect(g.history()).toEqual(g.history("base:heads"));
  });
});
