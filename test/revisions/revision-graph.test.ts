import { describe, expect, test } from "bun:test";
import { RevisionError } from "../../src/errors.ts";
import { RevisionGraph } from "../../src/revisions/revision-graph.ts";
import type { RevisionMeta } from "../../src/revisions/types.ts";
import { bigGraph, graphOf, meta } from "./fixtures.ts";

function buildError(metas: RevisionMeta[]): RevisionError {
  try {
    new RevisionGraph(metas);
  } catch (e) {
    if (e instanceof RevisionError) return e;
    throw e;
  }
  throw new Error("expected a RevisionError");
}

describe("graph shape", () => {
  const g = bigGraph();
  test("has 31 revisions", () => expect(g.size).toBe(31));
  test("heads ignore dependsOn edges: b03 is depended on but b08 is the audit head", () => {
    expect(g.heads()).toEqual(["z05", "b08"]);
  });
  test("bases, branch points and merge points", () => {
    expect(g.bases()).toEqual(["a01", "b01"]);
    expect(g.branchPoints()).toEqual(["a04"]);
    expect(g.mergePoints()).toEqual(["m01"]);
    expect(g.isHead("z05")).toBe(true);
    expect(g.isBranchPoint("a04")).toBe(true);
    expect(g.isMergePoint("m01")).toBe(true);
    expect(g.isBase("b01")).toBe(true);
  });
  test("ancestors follow dependsOn unless told not to", () => {
    expect(g.ancestors(["a06"]).has("b03")).toBe(true);
    expect(g.ancestors(["a06"], { dependencies: false }).has("b03")).toBe(false);
    expect(g.ancestors(["a06"], { inclusive: false }).has("a06")).toBe(false);
  });
  test("descendants of b03 include the dependent a06 and everything above it", () => {
    const d = g.descendants(["b03"]);
    expect(d.has("a06")).toBe(true);
    expect(d.has("z05")).toBe(true);
    expect(d.has("a05")).toBe(false);
  });
  test("a label covers its revision, its descendants and ancestors down to the branch point", () => {
    const g2 = graphOf(meta("r1", null), meta("r2", "r1"), meta("r3", "r2"), meta("r4", "r3", { branchLabels: ["lbl"] }), meta("r5", "r4"), meta("s1", "r2"));
    expect([...g2.labelMembers("lbl")].sort()).toEqual(["r3", "r4", "r5"]);
    expect(g2.branchLabelsOf("r5")).toEqual(["lbl"]);
    expect(g2.branchLabelsOf("r2")).toEqual([]);
    expect(g2.labelRevision("lbl")).toBe("r4");
  });
  test("normalized down revisions keep a dependency only where no ancestor declared it", () => {
    const g2 = graphOf(meta("d1", null), meta("p1", null, { dependsOn: ["d1"] }), meta("p2", "p1", { dependsOn: ["d1"] }));
    expect(g2.normalizedDownRevisions("p1")).toEqual(["d1"]);
    expect(g2.normalizedDownRevisions("p2")).toEqual(["p1"]);
  });
  test("dependsOn may name a branch label or a unique prefix", () => {
    const g2 = graphOf(meta("abc123", null, { branchLabels: ["core"] }), meta("def456", null), meta("x1", null, { dependsOn: ["core", "def"] }));
    expect(g2.dependencies("x1")).toEqual(["abc123", "def456"]);
  });
  test("topological order walks a branch to its end before the next, parents first", () => {
    const g2 = graphOf(meta("r1", null), meta("c1", "r1"), meta("c2", "r1"), meta("d1", "c1"), meta("d2", "c2"));
    expect(g2.topologicalOrder()).toEqual(["r1", "c1", "d1", "c2", "d2"]);
  });
  test("a 20,000-revision chain builds and walks without recursion limits", () => {
    const metas = Array.from({ length: 20000 }, (_, i) => meta(`r${i}`, i === 0 ? null : `r${i - 1}`));
    const big = new RevisionGraph(metas);
    expect(big.heads()).toEqual(["r19999"]);
    expect(big.history().length).toBe(20000);
    expect(big.history()[0]).toBe("r19999");
  });
});

describe("graph errors name the files", () => {
  const cases: [string, RevisionMeta[], string, string[]][] = [
    ["duplicate revision id", [meta("aaa", null, { path: "one.ts" }), meta("aaa", null, { path: "two.ts" })], "duplicate_revision", ["one.ts", "two.ts", "'aaa'"]],
    ["missing parent", [meta("aaa", null), meta("bbb", "zzz", { path: "b.ts" })], "missing_parent", ["b.ts", "'zzz'"]],
    ["missing dependency", [meta("aaa", null), meta("bbb", "aaa", { path: "b.ts", dependsOn: ["nope"] })], "missing_parent", ["b.ts", "'nope'"]],
    ["two-revision cycle", [meta("base1", null), meta("aaa", "bbb", { path: "a.ts" }), meta("bbb", "aaa", { path: "b.ts" })], "cycle", ["aaa (a.ts)", "bbb (b.ts)"]],
    ["cycle through dependsOn", [meta("aaa", null, { path: "a.ts", dependsOn: ["bbb"] }), meta("bbb", "aaa", { path: "b.ts" })], "cycle", ["a.ts", "b.ts"]],
    ["self parent", [meta("aaa", "aaa", { path: "a.ts" })], "cycle", ["aaa (a.ts)"]],
    ["label declared twice", [meta("aaa", null, { branchLabels: ["x"], path: "a.ts" }), meta("bbb", "aaa", { branchLabels: ["x"], path: "b.ts" })], "duplicate_label", ["a.ts", "b.ts"]],
    ["label equal to a revision id", [meta("aaa", null), meta("bbb", "aaa", { branchLabels: ["aaa"], path: "b.ts" })], "duplicate_label", ["b.ts"]],
  ];
  for (const [name, metas, code, parts] of cases) {
    test(`${name} -> ${code}`, () => {
      const e = buildError(metas);
      expect(e.code).toBe(code);
      for (const p of parts) expect(e.message).toContain(p);
    });
  }
  test("get of an unknown id says Can't locate revision", () => {
    expect(() => graphOf(meta("aaa", null)).get("zzz")).toThrow("Can't locate revision identified by 'zzz'");
  });
});

describe("file order that is not a topological order", () => {
  // Construction skips the cycle search when every parent and dependency comes first in file
  // order; these files list children before parents, so the full check must run.
  test("children listed before their parents still build, in parent-first order", () => {
    const g = graphOf(meta("c3", "b2"), meta("b2", "a1"), meta("a1", null), meta("d4", "c3", { dependsOn: ["e5"] }), meta("e5", null));
    expect(g.topologicalOrder()).toEqual(["a1", "b2", "c3", "e5", "d4"]);
    expect(g.heads()).toEqual(["d4", "e5"]); // dependsOn does not make e5 a non-head
  });
  test("a cycle through a later file is found", () => {
    expect(buildError([meta("a1", null), meta("b2", ["a1", "c3"]), meta("c3", "b2")]).code).toBe("cycle");
    expect(buildError([meta("a1", null), meta("b2", "a1", { dependsOn: ["c3"] }), meta("c3", "b2")]).code).toBe("cycle");
  });
});
