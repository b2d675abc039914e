import { describe, expect, test } from "bun:test";
import { RevisionError } from "../../src/errors.ts";
import { resolveTarget } from "../../src/revisions/revision-spec.ts";
import { graphOf, meta } from "./fixtures.ts";

// ae1027a6acf0 - ae10b7c00001 -+- 27c6a30d7c24 (shoppingcart) - 3c4d00000001
//                              +- 1975ea83b712
const g = graphOf(
  meta("ae1027a6acf0", null),
  meta("ae10b7c00001", "ae1027a6acf0"),
  meta("27c6a30d7c24", "ae10b7c00001", { branchLabels: ["shoppingcart"] }),
  meta("3c4d00000001", "27c6a30d7c24"),
  meta("1975ea83b712", "ae10b7c00001"),
);
const lin = graphOf(meta("r1", null), meta("r2", "r1"), meta("r3", "r2"));
const merged = graphOf(meta("p0", null), meta("p1", "p0"), meta("p2", "p0"), meta("mm", ["p1", "p2"]));

type Case = [spec: string, current: string[], expected: string[] | { baseOf: string[] } | { error: string; contains?: string }];

function run(graph: typeof g, cases: Case[]) {
  for (const [spec, current, expected] of cases) {
    const name = `'${spec}' from [${current.join(",")}]`;
    if ("error" in expected) {
      test(`${name} -> ${expected.error}`, () => {
        let err: unknown;
        try {
          resolveTarget(graph, spec, current);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(RevisionError);
        expect((err as RevisionError).code).toBe(expected.error);
        if (expected.contains) expect((err as RevisionError).message).toContain(expected.contains);
      });
    } else if (Array.isArray(expected)) {
      test(`${name} -> [${expected.join(",")}]`, () => expect(resolveTarget(graph, spec, current).ids).toEqual(expected));
    } else {
      test(`${name} -> base of ${expected.baseOf.join(",")}`, () => {
        const t = resolveTarget(graph, spec, current);
        expect({ ids: t.ids, baseOf: t.baseOf }).toEqual({ ids: [], baseOf: expected.baseOf });
      });
    }
  }
}

describe("revision specs on a branched history", () => {
  run(g, [
    ["heads", [], ["3c4d00000001", "1975ea83b712"]],
    ["head", [], { error: "multiple_heads", contains: "3c4d00000001, 1975ea83b712" }],
    ["base", [], []],
    ["current", ["1975ea83b712"], ["1975ea83b712"]],
    ["27c6a30d7c24", [], ["27c6a30d7c24"]],
    ["  27c6a30d7c24 ", [], ["27c6a30d7c24"]],
    ["27c6", [], ["27c6a30d7c24"]],
    ["ae10", [], { error: "ambiguous_revision", contains: "ae1027a6acf0, ae10b7c00001" }],
    ["ffff", [], { error: "revision_not_found", contains: "Can't locate revision identified by 'ffff'" }],
    ["shoppingcart", [], ["27c6a30d7c24"]],
    ["+1", ["ae1027a6acf0"], ["ae10b7c00001"]],
    ["+1", [], ["ae1027a6acf0"]],
    ["+2", ["ae1027a6acf0"], { error: "ambiguous_walk", contains: "27c6a30d7c24, 1975ea83b712" }],
    ["-1", ["ae10b7c00001"], ["ae1027a6acf0"]],
    ["-2", ["ae10b7c00001"], { baseOf: ["ae1027a6acf0"] }],
    ["-3", ["ae10b7c00001"], { error: "relative_out_of_range", contains: "below base" }],
    ["-1", ["3c4d00000001", "1975ea83b712"], { error: "multiple_heads", contains: "3c4d00000001, 1975ea83b712" }],
    ["+0", ["ae10b7c00001"], ["ae10b7c00001"]],
    ["ae1027a6acf0+1", [], ["ae10b7c00001"]],
    ["ae1027+1", [], ["ae10b7c00001"]],
    ["3c4d-2", [], ["ae10b7c00001"]],
    ["3c4d-4", [], { baseOf: ["ae1027a6acf0"] }],
    ["3c4d-5", [], { error: "relative_out_of_range" }],
    ["1975+1", [], { error: "relative_out_of_range", contains: "past the head" }],
    ["heads-1", [], { error: "multiple_heads" }],
    ["shoppingcart@head", [], ["3c4d00000001"]],
    ["shoppingcart@heads", [], ["3c4d00000001"]],
    ["shoppingcart@base", [], { baseOf: ["27c6a30d7c24"] }],
    ["shoppingcart@27c6", [], ["27c6a30d7c24"]],
    ["shoppingcart@1975", [], { error: "revision_not_found", contains: "on that branch" }],
    ["shoppingcart@+1", ["ae10b7c00001"], ["27c6a30d7c24"]],
    ["shoppingcart@+1", ["27c6a30d7c24", "1975ea83b712"], ["3c4d00000001"]],
    ["shoppingcart@-1", ["3c4d00000001", "1975ea83b712"], ["27c6a30d7c24"]],
    ["shoppingcart@head-1", [], ["27c6a30d7c24"]],
    ["1975ea83b712@head", [], ["1975ea83b712"]],
    ["ae1027a6acf0@head", [], { error: "multiple_heads" }],
    ["nolabel@head", [], { error: "revision_not_found" }],
    ["", [], { error: "bad_revision_spec" }],
    ["a:b", [], { error: "bad_revision_spec", contains: "history" }],
    ["shoppingcart@", [], { error: "bad_revision_spec" }],
    ["@head", [], { error: "bad_revision_spec" }],
    ["x".repeat(500), [], { error: "bad_revision_spec" }],
  ]);
});

describe("revision specs on a linear history", () => {
  run(lin, [
    ["head", [], ["r3"]],
    ["head-1", [], ["r2"]],
    ["head-3", [], { baseOf: ["r1"] }],
    ["head+1", [], { error: "relative_out_of_range" }],
    ["base+2", [], ["r2"]],
    ["+1", ["r3"], { error: "relative_out_of_range" }],
  ]);
});

describe("relative steps around a merge point", () => {
  run(merged, [
    ["-1", ["mm"], ["p1", "p2"]],
    ["-2", ["mm"], { error: "ambiguous_walk", contains: "p1, p2" }],
    ["mm-1", [], ["p1", "p2"]],
    ["+1", ["p1"], ["mm"]],
    ["+1", ["p0"], { error: "ambiguous_walk", contains: "p1, p2" }],
  ]);
});

describe("history ranges (newest first)", () => {
  test("no range lists everything, heads first and parents after children", () => {
    expect(g.history()).toEqual(["1975ea83b712", "3c4d00000001", "27c6a30d7c24", "ae10b7c00001", "ae1027a6acf0"]);
  });
  const cases: [string, string[], string[]][] = [
    ["ae1027a6acf0:27c6", [], ["27c6a30d7c24", "ae10b7c00001", "ae1027a6acf0"]],
    [":ae10b7", [], ["ae10b7c00001", "ae1027a6acf0"]],
    ["27c6:", [], ["3c4d00000001", "27c6a30d7c24"]],
    ["current:", ["27c6a30d7c24"], ["3c4d00000001", "27c6a30d7c24"]],
    [":current", ["27c6a30d7c24"], ["27c6a30d7c24", "ae10b7c00001", "ae1027a6acf0"]],
    ["base:shoppingcart@head", [], ["3c4d00000001", "27c6a30d7c24", "ae10b7c00001", "ae1027a6acf0"]],
    [":shoppingcart@head-1", [], ["27c6a30d7c24", "ae10b7c00001", "ae1027a6acf0"]],
    ["-1:", ["ae10b7c00001"], ["1975ea83b712", "3c4d00000001", "27c6a30d7c24", "ae10b7c00001", "ae1027a6acf0"]],
    [":", [], ["1975ea83b712", "3c4d00000001", "27c6a30d7c24", "ae10b7c00001", "ae1027a6acf0"]],
  ];
  for (const [range, current, expected] of cases) {
    test(`'${range}' from [${current.join(",")}]`, () => expect(g.history(range, current)).toEqual(expected));
  }
  test("a range with two colons is an error", () => {
    expect(() => g.history("a:b:c")).toThrow(RevisionError);
  });
});

describe("the branch a downgrade is restricted to", () => {
  const branchOf = (spec: string, current: string[]) => {
    const b = resolveTarget(g, spec, current).branch;
    return b === undefined ? undefined : [...b].sort();
  };
  test("label@-N: the members of the label's branch", () => {
    expect(branchOf("shoppingcart@-1", ["3c4d00000001", "1975ea83b712"])).toEqual(["27c6a30d7c24", "3c4d00000001"]);
  });
  test("-N from one head: that head's downRevision lineage", () => {
    expect(branchOf("-2", ["1975ea83b712"])).toEqual(["1975ea83b712", "ae1027a6acf0", "ae10b7c00001"]);
  });
  test("a plain revision or REV-N: no restriction", () => {
    expect(branchOf("ae10b7c00001", ["1975ea83b712"])).toBeUndefined();
    expect(branchOf("1975ea83b712-1", ["1975ea83b712"])).toBeUndefined();
  });
});
