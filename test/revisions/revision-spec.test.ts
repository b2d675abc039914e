// Hand-written cases for Alembic 1.8.1's spec resolution, label propagation, history ranges and
// stamps (the random oracle scripts rarely reach some of these); the expected values follow
// script/revision.py and script/base.py, worked out by hand on these small graphs.
import { describe, expect, test } from "bun:test";
import { RevisionError } from "../../src/errors.ts";
import { planHistory, planShow, planStamp, planUpgrade } from "../../src/revisions/plan.ts";
import { graphOf, meta } from "./fixtures.ts";

// A=ae1027a6acf0 - B=ae10b7c00001 -+- C=27c6a30d7c24 (shoppingcart) - D=3c4d00000001
//                                  +- E=1975ea83b712
const [A, B, C, D, E] = ["ae1027a6acf0", "ae10b7c00001", "27c6a30d7c24", "3c4d00000001", "1975ea83b712"];
const g = graphOf(meta(A, null), meta(B, A), meta(C, B, { branchLabels: ["shoppingcart"] }), meta(D, C), meta(E, B));
const lin = graphOf(meta("r1", null), meta("r2", "r1"), meta("r3", "r2"));
const merged = graphOf(meta("p0", null), meta("p1", "p0"), meta("p2", "p0"), meta("mm", ["p1", "p2"]));

function failure(fn: () => unknown): RevisionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RevisionError) return e;
    throw e;
  }
  throw new Error("expected a RevisionError");
}

type Case = [spec: string, expected: string[] | { error: string; message?: string }];

describe("specs (show / get_revisions)", () => {
  const cases: Case[] = [
    ["heads", [D, E]],
    ["head", { error: "multiple_heads", message: "Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads" }],
    ["base", []],
    ["27c6", [C]],
    ["ae10", { error: "ambiguous_revision" }],
    ["ffff", { error: "revision_not_found", message: "Can't locate revision identified by 'ffff'" }],
    ["27c", [C]],
    ["2", [C]],
    ["27d", { error: "revision_not_found", message: "Can't locate revision identified by '27d'" }],
    ["shoppingcart", [C]],
    ["shop", [C]],
    ["shoppingcart@head", [D]],
    ["shoppingcart@base", []],
    ["-1", [C, B]],
    ["shoppingcart@-1", [C]],
    ["1975@head", [E]],
    [`shoppingcart@${E}`, { error: "revision_not_found", message: `Can't locate revision identified by '${E}'` }],
    ["nosuch@head", { error: "revision_not_found", message: "Can't locate revision identified by 'nosuch'" }],
  ];
  for (const [spec, expected] of cases) {
    if (Array.isArray(expected)) test(`'${spec}' denotes [${expected.join(", ")}]`, () => expect(planShow(g, spec, [])).toEqual(expected));
    else
      test(`'${spec}' is a ${expected.error} error`, () => {
        const e = failure(() => planShow(g, spec, []));
        expect(e.code).toBe(expected.error);
        if (expected.message) expect(e.message).toBe(expected.message);
      });
  }
  test("the four-character hint comes with a short unknown prefix", () => {
    expect(failure(() => planShow(g, "27d", [])).hint).toContain("please ensure at least four characters");
  });
  test("an ambiguous prefix names its candidates", () => {
    expect(failure(() => planShow(g, "ae10", [])).message).toBe(`revision prefix 'ae10' is ambiguous; it matches ${A}, ${B}`);
  });
});

describe("branch labels propagate as in Alembic", () => {
  test("to every descendant, and down to the revision above the branch point", () => {
    expect([A, B, C, D, E].map((id) => g.branchLabelsOf(id))).toEqual([[], [], ["shoppingcart"], ["shoppingcart"], []]);
  });
  test("a label in the middle of a line labels the whole line, base included", () => {
    const l = graphOf(meta("r1", null), meta("r2", "r1", { branchLabels: ["x"] }), meta("r3", "r2"));
    expect(["r1", "r2", "r3"].map((id) => l.branchLabelsOf(id))).toEqual([["x"], ["x"], ["x"]]);
  });
  test("a label above a branch point stops at it; a merge carries its parents' labels", () => {
    const l = graphOf(meta("q0", null), meta("q1", "q0", { branchLabels: ["b"] }), meta("q2", "q1"), meta("q3", "q1"), meta("q4", "q0", { branchLabels: ["c"] }), meta("qm", ["q2", "q4"]));
    expect(["q0", "q1", "q2", "q3", "q4", "qm"].map((id) => l.branchLabelsOf(id))).toEqual([[], ["b"], ["b"], ["b"], ["c"], ["b", "c"]]);
  });
});

describe("upgrade targets on the branched graph", () => {
  const ids = (steps: { revision: { revision: string } }[]) => steps.map((s) => s.revision.revision);
  test("label@head runs that branch only", () => expect(ids(planUpgrade(g, [], "shoppingcart@head"))).toEqual([A, B, C, D]));
  test("label@+1 at a branch point picks the labelled child", () => expect(ids(planUpgrade(g, [B], "shoppingcart@+1"))).toEqual([C]));
  test("+1 at a branch point is Alembic's Ambiguous walk", () => expect(failure(() => planUpgrade(g, [B], "+1")).message).toBe("Ambiguous walk"));
  test("+1 from a head says how many migrations it could not produce", () => {
    expect(failure(() => planUpgrade(g, [E], "+1")).message).toBe("Relative revision +1 didn't produce 1 migrations");
  });
  test("upgrading to a revision on another branch adds it as a new row", () => {
    expect(planUpgrade(g, [D], E).map((s) => [s.revision.revision, s.removeHeads, s.addHeads])).toEqual([[E, [], [E]]]);
  });
  test("M-1 from a merge is an Ambiguous walk", () => expect(failure(() => planUpgrade(merged, [], "mm-1")).message).toBe("Ambiguous walk"));
  test("the diamond runs its second parent first", () => expect(ids(planUpgrade(merged, [], "mm"))).toEqual(["p0", "p2", "p1", "mm"]));
});

describe("history ranges", () => {
  const cases: [graph: typeof g, range: string | undefined, rows: string[], expected: string[] | string][] = [
    [g, undefined, [], [D, C, E, B, A]],
    [g, "27c6:", [], [D, C]],
    [g, ":27c6", [], [C, B, A]],
    [g, "base:heads", [], [D, C, E, B, A]],
    [g, "27c6:1975", [], "Requested range 27c6:1975 does not refer to ancestor/descendant revisions along the same branch"],
    [g, "1975", [], "History range requires [start]:[end], [start]:, or :[end]"],
    [g, "current:", [E], [E]],
    [g, ":current", [], [D, C, E, B, A]],
    [g, ":current", [C], [C, B, A]],
    [lin, "-1:", [], ["r3", "r2"]],
  ];
  for (const [graph, range, rows, expected] of cases) {
    const name = `${range ?? "(all)"} with rows [${rows.join(", ")}]`;
    if (typeof expected === "string") test(`${name} fails: ${expected}`, () => expect(failure(() => planHistory(graph, range, rows)).message).toBe(expected));
    else test(`${name} lists ${expected.join(" ")}`, () => expect(planHistory(graph, range, rows)).toEqual(expected));
  }
});

describe("stamp", () => {
  test("heads on an empty table writes one row per head", () => expect(planStamp(g, [], ["heads"], false)).toEqual({ removeHeads: [], addHeads: [E, D].sort() }));
  test("a revision on a line with no row adds a row", () => expect(planStamp(g, [D], [E], false)).toEqual({ removeHeads: [], addHeads: [E] }));
  test("the current heads change nothing", () => expect(planStamp(g, [D, E], ["heads"], false)).toEqual({ removeHeads: [], addHeads: [] }));
  test("label@base deletes that branch's row only", () => expect(planStamp(g, [C, E], ["shoppingcart@base"], false)).toEqual({ removeHeads: [C], addHeads: [] }));
  test("a merge collapses its parents' rows", () => expect(planStamp(merged, ["p1", "p2"], ["mm"], false)).toEqual({ removeHeads: ["p1", "p2"], addHeads: ["mm"] }));
  test("two targets that move the same row are refused and change nothing (Alembic: KeyError)", () => {
    expect(failure(() => planStamp(merged, ["mm"], ["p1", "p2"], false)).code).toBe("unsupported_spec");
  });
  test("--purge stores overlapping targets as they are", () => expect(planStamp(merged, ["mm"], ["p0", "p1"], true)).toEqual({ removeHeads: ["mm"], addHeads: ["p0", "p1"] }));
  test("-1 on an empty table is the heads walked down one step", () => expect(planStamp(lin, [], ["-1"], false)).toEqual({ removeHeads: [], addHeads: ["r2"] }));
  test("-1 with a row is no revision (Alembic: Can't locate revision)", () => {
    expect(failure(() => planStamp(lin, ["r3"], ["-1"], false)).message).toBe("Can't locate revision identified by '-1'");
  });
  test("head with several heads: Alembic's stamp wording", () => {
    expect(failure(() => planStamp(g, [], ["head"], false)).message).toBe("Multiple heads are present; please specify a single target revision");
  });
});
