// Walks a 32-revision graph (two bases with branch labels, a branch and its merge, a dependsOn
// from one root's line into the other's branch; TS and SQL files mixed) up and down through the
// API, checking after every step that the database schema is exactly the union of what the
// applied revisions create, that the version rows are the minimal heads of the applied set, and
// that the steps ran in Alembic's order (parents and dependsOn targets first; downgrades reverse).

import { afterAll, describe, expect, test } from "bun:test";
import { openMigrator, type Migrator } from "../../src/api/migrator";
import { MigratorError } from "../../src/errors";
import { dump, project, query, writeMigration } from "../_support/project";

interface Rev {
  rev: string;
  down: string[];
  labels?: string[];
  deps?: string[];
  /** adds column c_<rev> to this (ancestor's) table */
  alters?: string;
}

const R = (rev: string, down: string[], extra: Omit<Rev, "rev" | "down"> = {}): Rev => ({ rev, down, ...extra });

// core: a01..a04, then branches x05..x08 and y05..y07, merged by m09, then a10..a13.
// aux:  b01..b16, where b07 also depends on x06 (and adds a column to x06's table).
const REVS: Rev[] = [
  R("a01", [], { labels: ["core"] }),
  R("a02", ["a01"]),
  R("a03", ["a02"], { alters: "a01" }),
  R("a04", ["a03"]),
  R("x05", ["a04"]),
  R("x06", ["x05"], { alters: "a02" }),
  R("x07", ["x06"]),
  R("x08", ["x07"], { alters: "x05" }),
  R("y05", ["a04"]),
  R("y06", ["y05"], { alters: "a04" }),
  R("y07", ["y06"]),
  R("m09", ["x08", "y07"], { alters: "y07" }),
  R("a10", ["m09"]),
  R("a11", ["a10"], { alters: "m09" }),
  R("a12", ["a11"]),
  R("a13", ["a12"]),
  R("b01", [], { labels: ["aux"] }),
  ...Array.from({ length: 15 }, (_, i) => {
    const n = i + 2;
    const id = `b${String(n).padStart(2, "0")}`;
    const prev = `b${String(n - 1).padStart(2, "0")}`;
    if (n === 7) return R(id, [prev], { deps: ["x06"], alters: "x06" });
    if (n === 10) return R(id, [prev], { alters: "b07" });
    return R(id, [prev]);
  }),
];
const BY_ID = new Map(REVS.map((r) => [r.rev, r]));

function writeGraph(migrations: string): void {
  REVS.forEach((r, i) => {
    const sql = i % 2 === 1; // every other file is SQL, the merge (index 11) included
    const t = `t_${r.rev}`;
    const c = `c_${r.rev}`;
    const alt = r.alters ? `t_${r.alters}` : null;
    writeMigration(migrations, {
      rev: r.rev,
      down: r.down.length === 0 ? null : r.down.length === 1 ? r.down[0]! : r.down,
      message: `step ${r.rev}`,
      branchLabels: r.labels,
      dependsOn: r.deps,
      sql,
      up: sql
        ? `CREATE TABLE ${t} (id INTEGER PRIMARY KEY, note TEXT);\n${alt ? `ALTER TABLE ${alt} ADD COLUMN ${c} TEXT;\n` : ""}`
        : `  op.createTable(${JSON.stringify(t)}, [{ name: "id", type: "INTEGER", primaryKey: true }, { name: "note", type: "TEXT" }]);\n` +
          (alt ? `  op.addColumn(${JSON.stringify(alt)}, { name: ${JSON.stringify(c)}, type: "TEXT" });\n` : ""),
      downBody: sql
        ? `${alt ? `ALTER TABLE ${alt} DROP COLUMN ${c};\n` : ""}DROP TABLE ${t};\n`
        : (alt ? `  op.dropColumn(${JSON.stringify(alt)}, ${JSON.stringify(c)});\n` : "") + `  op.dropTable(${JSON.stringify(t)});\n`,
    });
  });
}

/** Applied set implied by version rows: the rows and everything below them (parents and dependsOn). */
function appliedFrom(heads: string[]): Set<string> {
  const out = new Set<string>();
  const stack = [...heads];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    const r = BY_ID.get(id)!;
    stack.push(...r.down, ...(r.deps ?? []));
  }
  return out;
}

/** The schema the applied revisions create: "table(col,col,...)" strings, sorted. */
function expectedSchema(heads: string[]): string[] {
  const applied = appliedFrom(heads);
  const cols = new Map<string, string[]>();
  for (const id of applied) cols.set(`t_${id}`, ["id", "note"]);
  for (const id of applied) {
    const r = BY_ID.get(id)!;
    if (r.alters) cols.get(`t_${r.alters}`)!.push(`c_${id}`);
  }
  return [...cols].map(([t, c]) => `${t}(${c.sort().join(",")})`).sort();
}

function actualSchema(db: string): string[] {
  const tables = query<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'migrator_%'");
  return tables
    .map((t) => {
      const cols = query<{ name: string }>(db, `SELECT name FROM pragma_table_info('${t.name}')`).map((c) => c.name);
      return `${t.name}(${cols.sort().join(",")})`;
    })
    .sort();
}

/** Minimal version rows of an applied set: applied revisions no applied revision builds on. */
function minimalHeads(applied: Set<string>): string[] {
  const covered = new Set<string>();
  for (const id of applied) {
    const r = BY_ID.get(id)!;
    for (const p of [...r.down, ...(r.deps ?? [])]) covered.add(p);
  }
  return [...applied].filter((id) => !covered.has(id)).sort();
}

/** Upgrade order: every parent and dependsOn target is applied before the revision. */
function assertUpOrder(before: Set<string>, steps: string[]) {
  const seen = new Set(before);
  for (const id of steps) {
    const r = BY_ID.get(id)!;
    for (const p of [...r.down, ...(r.deps ?? [])]) {
      if (!seen.has(p)) throw new Error(`upgrade order: ${id} ran before its prerequisite ${p} (steps: ${steps.join(" ")})`);
    }
    seen.add(id);
  }
}

/** Downgrade order: a revision is reverted only after everything that builds on it. */
function assertDownOrder(before: Set<string>, steps: string[]) {
  const still = new Set(before);
  for (const id of steps) {
    still.delete(id);
    for (const other of still) {
      const r = BY_ID.get(other)!;
      if (r.down.includes(id) || (r.deps ?? []).includes(id)) {
        throw new Error(`downgrade order: ${id} reverted while ${other}, which builds on it, is still applied (steps: ${steps.join(" ")})`);
      }
    }
  }
}

const p = project();
writeGraph(p.migrations);
let m: Migrator;

afterAll(() => m?.close());

async function step(dir: "up" | "down", target: string, expectHeads: string[], expectSteps?: string[]) {
  const before = appliedFrom((await m.currentHeads()));
  const r = dir === "up" ? await m.upgrade(target) : await m.downgrade(target);
  const ids = r.steps.map((s) => s.revision);
  expect(r.steps.every((s) => s.direction === dir)).toBe(true);
  if (expectSteps) expect(ids).toEqual(expectSteps);
  const heads = (await m.currentHeads());
  expect(heads).toEqual([...expectHeads].sort());
  expect([...r.to].sort()).toEqual([...expectHeads].sort());
  const after = appliedFrom(heads);
  expect(heads).toEqual(minimalHeads(after));
  if (dir === "up") {
    expect(new Set(ids)).toEqual(new Set([...after].filter((x) => !before.has(x))));
    assertUpOrder(before, ids);
  } else {
    expect(new Set(ids)).toEqual(new Set([...before].filter((x) => !after.has(x))));
    assertDownOrder(before, ids);
  }
  expect(ids.length).toBe(new Set(ids).size);
  expect(actualSchema(p.db)).toEqual(expectedSchema(heads));
}

async function refused(dir: "up" | "down", target: string, code: string, message: RegExp) {
  const before = dump(p.db);
  let err: unknown;
  try {
    if (dir === "up") await m.upgrade(target);
    else await m.downgrade(target);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(MigratorError);
  expect((err as MigratorError).code).toBe(code);
  expect((err as Error).message).toMatch(message);
  expect(dump(p.db)).toBe(before);
}

describe("a 32-revision graph with two labelled bases, a merge and a cross-branch dependsOn", () => {
  test("the graph has what the test claims: 32 revisions, both formats, two bases, a merge", async () => {
    m = await openMigrator({ cwd: p.dir, env: {} });
    expect(REVS.length).toBe(32);
    const heads = m.heads().map((h) => h.revision).sort();
    expect(heads).toEqual(["a13", "b16"]);
    expect(m.branches().map((b) => b.revision)).toEqual(["a04"]);
    const hist = (await m.history());
    expect(hist.length).toBe(32);
    expect(new Set(hist.map((h) => h.path.split(".").pop()))).toEqual(new Set(["ts", "sql"]));
  });

  test("upgrade heads from an empty database applies all 32 in a valid order", async () => {
    await step("up", "heads", ["a13", "b16"]);
    const hist = query<{ revision: string; n: number }>(p.db, "SELECT revision, count(*) AS n FROM migrator_history WHERE direction='up' GROUP BY revision");
    expect(hist.length).toBe(32);
    expect(hist.every((h) => h.n === 1)).toBe(true);
  });

  test("stepping down with label@-1, -1, revisions, label@base and base", async () => {
    await step("down", "aux@-1", ["a13", "b15"], ["b16"]);
    await step("down", "core@-1", ["a12", "b15"], ["a13"]);
    await refused("down", "-1", "multiple_heads", /several current heads.*a12.*b15/);
    await step("down", "a10", ["a10", "b15"], ["a12", "a11"]);
    await step("down", "core@-1", ["m09", "b15"], ["a10"]);
    // at a merge point, -1 undoes the merge and leaves both parents as heads (DESIGN.md §2)
    await step("down", "core@-1", ["b15", "x08", "y07"], ["m09"]);
    // two rows on the branch: Alembic fails on an assertion; migrator refuses, nothing changes
    await refused("down", "core@-1", "unsupported_spec", /several revisions on branch 'core'/);
    await step("down", "x07", ["b15", "x07", "y07"], ["x08"]);
    // going below x06 must first revert b07..b15, which depend on it
    await step("down", "a03", ["a03", "b06"]);
    await step("down", "aux@base", ["a03"], ["b06", "b05", "b04", "b03", "b02", "b01"]);
    await step("down", "-1", ["a02"], ["a03"]);
    await step("down", "base", [], ["a02", "a01"]);
    expect(actualSchema(p.db)).toEqual([]);
  });

  test("stepping up with +1, label@+1, revisions and label@head", async () => {
    await refused("up", "+1", "revision_walk", /^Ambiguous walk$/);
    await step("up", "core@+1", ["a01"], ["a01"]);
    await step("up", "+1", ["a02"], ["a02"]);
    await step("up", "+1", ["a03"], ["a03"]);
    await step("up", "+1", ["a04"], ["a04"]);
    await refused("up", "+1", "revision_walk", /^Ambiguous walk$/);
    await refused("up", "core@+1", "revision_walk", /^Ambiguous walk$/);
    await step("up", "x05", ["x05"], ["x05"]);
    await step("up", "core@+1", ["x06"], ["x06"]);
    await step("up", "aux@+1", ["b01", "x06"], ["b01"]);
    await refused("up", "+1", "revision_walk", /^Ambiguous upgrade from multiple current revisions$/);
    for (const b of ["b02", "b03", "b04", "b05", "b06"]) await step("up", "aux@+1", [b, "x06"], [b]);
    // b07 depends on x06, which is a row: the two rows fold into one (Alembic)
    await step("up", "aux@+1", ["b07"], ["b07"]);
    await step("up", "+1", ["b08"], ["b08"]);
    await step("up", "core@+1", ["b08", "x07"], ["x07"]);
    await step("up", "y06", ["b08", "x07", "y06"], ["y05", "y06"]);
    await refused("up", "core@+1", "revision_walk", /^Ambiguous upgrade from multiple current revisions$/);
    await step("up", "aux@head", ["b16", "x07", "y06"], ["b09", "b10", "b11", "b12", "b13", "b14", "b15", "b16"]);
    await step("up", "core@head", ["a13", "b16"]);
    await step("up", "heads", ["a13", "b16"], []);
  });

  // Alembic (script/revision.py _collect_downgrade_revisions) reverts the descendants of the
  // target's *children* only: b07 depends on x06 itself, which stays applied, so b07..b15 stay.
  // src/revisions/plan.ts planDowngrade walks descendants of the target including its direct
  // dependents and reverts b07..b15 too.
  test("downgrade to a revision another branch depends on keeps that branch applied (bug in src/revisions/plan.ts)", async () => {
    await step("down", "base", []);
    await step("up", "heads", ["a13", "b16"]);
    await step("down", "core@-1", ["a12", "b16"], ["a13"]);
    await step("down", "x06", ["b16", "y07"], ["a12", "a11", "a10", "m09", "x08", "x07"]);
  });

  test("upgrade of a revision on the other root pulls in its dependsOn target first", async () => {
    await step("down", "base", []);
    await step("up", "b07", ["b07"]);
    const applied = appliedFrom(["b07"]);
    expect(applied.has("x06") && applied.has("a04") && !applied.has("y05")).toBe(true);
    await step("down", "x05", ["b06", "x05"]);
    await step("down", "base", []);
  });
});
