import { describe, expect, test } from "bun:test";
import { RevisionError } from "../../src/errors.ts";
import { applyDelta, pendingCount, planDowngrade, planStamp, planUpgrade } from "../../src/revisions/plan.ts";
import type { Step } from "../../src/revisions/types.ts";
import { bigGraph, graphOf, meta } from "./fixtures.ts";

const g = bigGraph();
const ids = (steps: Step[]) => steps.map((s) => s.revision.revision);
/** "id:-removed+added" per step, compact enough to compare whole plans. */
const deltas = (steps: Step[]) => steps.map((s) => `${s.revision.revision}:-${s.removeHeads.join(",")}+${s.addHeads.join(",")}`);
const rowsAfter = (start: string[], steps: Step[]) => steps.reduce((rows, s) => applyDelta(rows, s), start);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof RevisionError) return `${e.code}: ${e.message}${e.hint ? ` (${e.hint})` : ""}`;
    throw e;
  }
  throw new Error("expected a RevisionError");
}

// Alembic's order (topological-sort.ts): b01..b03 first, because a06 depends on b03 and the
// walk from the heads finishes that line before the one that needs it
const UPGRADE_ALL = [
  "b01", "b02", "b03", "a01", "a02", "a03", "a04", "b04", "b05", "b06", "b07", "b08", "y01", "y02", "y03", "x01", "x02", "x03", "x04", "m01", "a05", "a06", "a07", "a08", "a09", "a10", "z01", "z02", "z03", "z04", "z05",
];

describe("upgrade heads from an empty database over 31 revisions", () => {
  const steps = planUpgrade(g, [], "heads");
  test("parents before children in Alembic's order, one branch at a time", () => {
    expect(ids(steps)).toEqual(UPGRADE_ALL);
    expect(steps.every((s) => s.direction === "up")).toBe(true);
  });
  test("version-table delta of each step", () => {
    expect(deltas(steps)).toEqual([
      "b01:-+b01", "b02:-b01+b02", "b03:-b02+b03", "a01:-+a01", "a02:-a01+a02", "a03:-a02+a03", "a04:-a03+a04", "b04:-b03+b04", "b05:-b04+b05", "b06:-b05+b06", "b07:-b06+b07", "b08:-b07+b08", "y01:-a04+y01", "y02:-y01+y02", "y03:-y02+y03", "x01:-+x01", "x02:-x01+x02", "x03:-x02+x03", "x04:-x03+x04", "m01:-x04,y03+m01", "a05:-m01+a05", "a06:-a05+a06", "a07:-a06+a07", "a08:-a07+a08", "a09:-a08+a09", "a10:-a09+a10", "z01:-a10+z01", "z02:-z01+z02", "z03:-z02+z03", "z04:-z03+z04", "z05:-z04+z05",
    ]);
  });
  test("ends with one row per head", () => {
    expect(rowsAfter([], steps).sort()).toEqual(["b08", "z05"]);
  });
  test("upgrading again is a no-op", () => {
    expect(planUpgrade(g, ["z05", "b08"], "heads")).toEqual([]);
  });
});

describe("downgrade base from the heads", () => {
  const steps = planDowngrade(g, ["z05", "b08"], "base");
  test("Alembic's order walking down from the heads", () => {
    expect(ids(steps)).toEqual(["z05", "z04", "z03", "z02", "z01", "a10", "a09", "a08", "a07", "a06", "a05", "m01", "x04", "x03", "x02", "x01", "y03", "y02", "y01", "b08", "b07", "b06", "b05", "b04", "a04", "a03", "a02", "a01", "b03", "b02", "b01"]);
    expect(steps.every((s) => s.direction === "down")).toBe(true);
  });
  test("version-table delta of each step", () => {
    // undoing the merge leaves its parents as rows; undoing x01 drops its row (a04 stays below y01)
    expect(deltas(steps)).toEqual([
      "z05:-z05+z04", "z04:-z04+z03", "z03:-z03+z02", "z02:-z02+z01", "z01:-z01+a10", "a10:-a10+a09", "a09:-a09+a08", "a08:-a08+a07", "a07:-a07+a06", "a06:-a06+a05", "a05:-a05+m01", "m01:-m01+x04,y03", "x04:-x04+x03", "x03:-x03+x02", "x02:-x02+x01", "x01:-x01+", "y03:-y03+y02", "y02:-y02+y01", "y01:-y01+a04", "b08:-b08+b07", "b07:-b07+b06", "b06:-b06+b05", "b05:-b05+b04", "b04:-b04+b03", "a04:-a04+a03", "a03:-a03+a02", "a02:-a02+a01", "a01:-a01+", "b03:-b03+b02", "b02:-b02+b01", "b01:-b01+",
    ]);
    expect(rowsAfter(["z05", "b08"], steps)).toEqual([]);
  });
});

describe("upgrade targets", () => {
  test("a revision on another branch is added as a new row", () => {
    const steps = planUpgrade(g, ["x02"], "y02");
    expect(deltas(steps)).toEqual(["y01:-+y01", "y02:-y01+y02"]);
  });
  test("a revision with a dependency pulls in the other base's revisions first", () => {
    const steps = planUpgrade(g, ["a05"], "a06");
    expect(deltas(steps)).toEqual(["b01:-+b01", "b02:-b01+b02", "b03:-b02+b03", "a06:-a05,b03+a06"]);
  });
  test("a dependency that is not a current head keeps the other branch's row", () => {
    const steps = planUpgrade(g, ["a05", "b05"], "a06");
    expect(deltas(steps)).toEqual(["a06:-a05+a06"]);
  });
  test("label@head upgrades only that branch", () => {
    expect(ids(planUpgrade(g, [], "audit@head"))).toEqual(["b01", "b02", "b03", "b04", "b05", "b06", "b07", "b08"]);
  });
  test("+2 walks two revisions up from the current head", () => {
    expect(ids(planUpgrade(g, ["a02"], "+2"))).toEqual(["a03", "a04"]);
  });
  test("label@+1 picks the labelled branch at a branch point", () => {
    expect(deltas(planUpgrade(g, ["a04"], "feature@+1"))).toEqual(["x01:-a04+x01"]);
  });
  test("upgrading to an already-applied revision does nothing", () => {
    expect(planUpgrade(g, ["a05"], "a02")).toEqual([]);
  });
  const errors: [string, string[], string, string][] = [
    ["head with two heads", [], "head", "multiple_heads"],
    ["+1 at a branch point", ["a04"], "+1", "revision_walk"],
    ["unknown revision", [], "ffff", "revision_not_found"],
    ["-1 given to upgrade (Relative revision -1 didn't produce 1 migrations)", ["a03"], "-1", "revision_walk"],
    ["+1 with two current heads (Ambiguous upgrade from multiple current revisions)", ["x01", "y01"], "+1", "revision_walk"],
    ["an unknown row in the version table", ["deadbeef"], "heads", "revision_not_found"],
  ];
  for (const [name, current, spec, code] of errors) {
    test(`${name} is a ${code} error`, () => expect(codeOf(() => planUpgrade(g, current, spec))).toStartWith(`${code}:`));
  }
  test("upgrade head with several heads tells the user to merge or target heads", () => {
    const msg = codeOf(() => planUpgrade(g, [], "head"));
    expect(msg).toContain("z05, b08");
    const e = (() => {
      try {
        planUpgrade(g, [], "head");
      } catch (err) {
        return err as RevisionError;
      }
    })();
    expect(e?.hint).toContain("merge");
    expect(e?.hint).toContain("heads");
  });
  test("an unknown row is named with Alembic's wording", () => {
    expect(codeOf(() => planUpgrade(g, ["deadbeef"], "heads"))).toContain("Can't locate revision identified by 'deadbeef'");
  });
  test("head+1 on a linear history goes past the head", () => {
    const lin = graphOf(meta("r1", null), meta("r2", "r1"));
    expect(codeOf(() => planUpgrade(lin, ["r2"], "head+1"))).toStartWith("unsupported_spec:");
  });
  test("+1 from an empty database is the base revision", () => {
    const lin = graphOf(meta("r1", null), meta("r2", "r1"));
    expect(deltas(planUpgrade(lin, [], "+1"))).toEqual(["r1:-+r1"]);
  });
});

describe("downgrade targets", () => {
  test("-1 at a merge point undoes the merge and leaves its parents as heads", () => {
    expect(deltas(planDowngrade(g, ["m01"], "-1"))).toEqual(["m01:-m01+x04,y03"]);
  });
  test("-2 from a merge point is ambiguous and lists the branches", () => {
    const msg = codeOf(() => planDowngrade(g, ["m01"], "-2"));
    expect(msg).toStartWith("revision_walk: Ambiguous walk");
    expect(msg).toContain("x04, y03");
  });
  test("-1 with several current heads names them and suggests label@-1", () => {
    const e = (() => {
      try {
        planDowngrade(g, ["x04", "y03"], "-1");
      } catch (err) {
        return err as RevisionError;
      }
    })();
    expect(e?.code).toBe("multiple_heads");
    expect(e?.message).toContain("x04, y03");
    expect(e?.hint).toContain("@-1");
  });
  test("label@-1 moves only the labelled branch", () => {
    expect(deltas(planDowngrade(g, ["x04", "y03"], "feature@-1"))).toEqual(["x04:-x04+x03"]);
  });
  test("downgrade to the branch point removes both branches; the first branch's row just goes", () => {
    expect(deltas(planDowngrade(g, ["x04", "y03"], "a04"))).toEqual([
      "x04:-x04+x03", "x03:-x03+x02", "x02:-x02+x01", "x01:-x01+",
      "y03:-y03+y02", "y02:-y02+y01", "y01:-y01+a04",
    ]);
  });
  test("downgrading a dependency also undoes its dependents", () => {
    const steps = planDowngrade(g, ["z05", "b08"], "b02");
    expect(ids(steps)).toEqual(["z05", "z04", "z03", "z02", "z01", "a10", "a09", "a08", "a07", "a06", "b08", "b07", "b06", "b05", "b04", "b03"]);
    expect(rowsAfter(["z05", "b08"], steps).sort()).toEqual(["a05", "b02"]);
  });
  // Alembic reverts the descendants of the target's children (downRevision edges): a revision
  // that only dependsOn the target is no descendant of a child, so it stays applied.
  test("downgrade to a revision another branch dependsOn keeps that branch applied", () => {
    const steps = planDowngrade(g, ["z05", "b08"], "b03");
    expect(deltas(steps)).toEqual(["b08:-b08+b07", "b07:-b07+b06", "b06:-b06+b05", "b05:-b05+b04", "b04:-b04+"]);
    expect(rowsAfter(["z05", "b08"], steps)).toEqual(["z05"]);
  });
  test("downgrade to the parent of a dependsOn target still undoes the dependents", () => {
    const steps = planDowngrade(g, ["a06", "b03"], "b02");
    expect(ids(steps)).toEqual(["a06", "b03"]);
    expect(rowsAfter(["a06"], steps).sort()).toEqual(["a05", "b02"]);
  });
  // Alembic filters the children of the target by the branch of `label@…`.
  test("label@-N reaching the branch point reverts only the labelled branch", () => {
    const steps = planDowngrade(g, ["x04", "y03"], "feature@-4");
    expect(deltas(steps)).toEqual(["x04:-x04+x03", "x03:-x03+x02", "x02:-x02+x01", "x01:-x01+"]);
    expect(rowsAfter(["x04", "y03"], steps)).toEqual(["y03"]);
  });
  test("label@REV at the branch point reverts only the labelled branch", () => {
    const lab = graphOf(meta("p0", null), meta("p1", "p0"), meta("q1", "p0", { branchLabels: ["side"] }), meta("q2", "q1"));
    // Alembic reads `side@p0` as p0, the branch only choosing among p0's children
    expect(ids(planDowngrade(lab, ["p1", "q2"], "side@p0"))).toEqual(["q2", "q1"]);
    expect(ids(planDowngrade(lab, ["p1", "q2"], "side@-2"))).toEqual(["q2", "q1"]);
    expect(ids(planDowngrade(lab, ["p1", "q2"], "side@q1"))).toEqual(["q2"]);
  });
  // `-N` walks the one current head's line (Alembic uses that head as the branch): a branch
  // below the target that the head only dependsOn stays applied.
  test("-N from one head through a branch point keeps the branch the head only dependsOn", () => {
    const dep = graphOf(meta("aa", null), meta("bb", "aa"), meta("dd", "aa"), meta("ee", "dd", { dependsOn: ["bb"] }));
    const steps = planDowngrade(dep, ["ee"], "-2");
    expect(deltas(steps)).toEqual(["ee:-ee+dd,bb", "dd:-dd+"]);
    expect(rowsAfter(["ee"], steps)).toEqual(["bb"]);
    expect(ids(planDowngrade(dep, ["ee"], "aa"))).toEqual(["ee", "dd", "bb"]);
  });
  test("label@base removes only that branch", () => {
    const steps = planDowngrade(g, ["a05", "b08"], "audit@base");
    expect(ids(steps)).toEqual(["b08", "b07", "b06", "b05", "b04", "b03", "b02", "b01"]);
    expect(rowsAfter(["a05", "b08"], steps)).toEqual(["a05"]);
  });
  test("-1 from the first revision goes to base", () => {
    expect(deltas(planDowngrade(g, ["a01"], "-1"))).toEqual(["a01:-a01+"]);
  });
  // Alembic's walk ends at "base", and a downgrade to base reverts every branch
  test("REV-N landing exactly on base is a downgrade to base", () => {
    expect(ids(planDowngrade(g, ["a05", "b02"], "b02-2"))).toEqual(["a05", "m01", "x04", "x03", "x02", "x01", "y03", "y02", "y01", "b02", "b01", "a04", "a03", "a02", "a01"]);
  });
  const errors: [string, string[], string, string][] = [
    ["-1 from an empty database", [], "-1", "revision_walk"],
    ["REV-N below base (Walked too far)", ["b02"], "b02-3", "revision_walk"],
    ["a target that is not applied", ["a02"], "a04", "not_an_ancestor"],
    ["+1 given to downgrade", ["a02"], "+1", "revision_walk"],
  ];
  for (const [name, current, spec, code] of errors) {
    test(`${name} is a ${code} error`, () => expect(codeOf(() => planDowngrade(g, current, spec))).toStartWith(`${code}:`));
  }
});

describe("stamp", () => {
  test("heads on an empty table adds one row per head", () => {
    expect(planStamp(g, [], ["heads"], false)).toEqual({ removeHeads: [], addHeads: ["b08", "z05"] });
  });
  // lineage with dependsOn (Alembic's filter_for_lineage(include_dependencies=True)): z05's line
  // reaches b02 through a06's dependency on b03, so both rows fold into b02
  test("a target replaces the rows on its line of history (dependsOn included)", () => {
    expect(planStamp(g, ["z05", "b08"], ["b02"], false)).toEqual({ removeHeads: ["z05", "b08"], addHeads: ["b02"] });
    expect(planStamp(g, ["x04", "b08"], ["x02"], false)).toEqual({ removeHeads: ["x04"], addHeads: ["x02"] });
  });
  test("stamping the current heads changes nothing", () => {
    expect(planStamp(g, ["z05", "b08"], ["heads"], false)).toEqual({ removeHeads: [], addHeads: [] });
  });
  test("base clears every row", () => {
    expect(planStamp(g, ["z05", "b08"], ["base"], false)).toEqual({ removeHeads: ["z05", "b08"], addHeads: [] });
  });
  // Alembic writes each as a new row from an empty table; moving one row twice is its KeyError
  test("two revisions on one branch: two rows from empty, an error (not a crash) from a row they both move", () => {
    expect(planStamp(g, [], ["a02", "a03"], false)).toEqual({ removeHeads: [], addHeads: ["a02", "a03"] });
    expect(codeOf(() => planStamp(g, ["a05"], ["a02", "a03"], false))).toStartWith("unsupported_spec:");
  });
  test("two revisions on different branches become two rows", () => {
    expect(planStamp(g, [], ["x02", "y01"], false)).toEqual({ removeHeads: [], addHeads: ["x02", "y01"] });
  });
  test("an unknown row needs --purge", () => {
    expect(codeOf(() => planStamp(g, ["deadbeef"], ["a01"], false))).toContain("Can't locate revision identified by 'deadbeef'");
  });
  test("purge replaces every row, unknown ones included", () => {
    expect(planStamp(g, ["deadbeef", "b08"], ["a03"], true)).toEqual({ removeHeads: ["deadbeef", "b08"], addHeads: ["a03"] });
  });
  test("-1 is no revision to stamp while rows exist (Alembic: Can't locate revision)", () => {
    expect(codeOf(() => planStamp(g, ["a03"], ["-1"], false))).toContain("Can't locate revision identified by '-1'");
  });
});

describe("pendingCount is the length of the upgrade-heads plan", () => {
  // every state the database passes through: upgrading to heads one step at a time from empty,
  // then from each of those states downgrading to each revision applied there
  const states: string[][] = [[]];
  for (const s of planUpgrade(g, [], "heads")) states.push(applyDelta(states[states.length - 1]!, s).sort());
  const more: string[][] = [];
  for (const rows of states.slice(1, 16)) {
    for (const target of ["-1", "-2", "base", "a04", "b02"]) {
      try {
        more.push(rowsAfter(rows, planDowngrade(g, rows, target)).sort());
      } catch {
        // not a downgrade target from there
      }
    }
  }
  const all = [...states, ...more];
  test(`${all.length} version-table states, dependsOn and a merge included`, () => {
    expect(all.length).toBeGreaterThan(60);
    for (const rows of all) expect(pendingCount(g, rows)).toBe(planUpgrade(g, rows, "heads").length);
  });
  test("a linear history: the revisions above the row", () => {
    const line = graphOf(meta("a", null), meta("b", "a"), meta("c", "b"));
    expect([[], ["a"], ["b"], ["c"]].map((rows) => pendingCount(line, rows))).toEqual([3, 2, 1, 0]);
  });
});
