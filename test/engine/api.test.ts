// The same day of work as test/e2e/cli-commands.test.ts, through the programmatic API
// (`openMigrator`): every method returns data; errors are MigratorError values with codes.

import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { initProject } from "../../src/api/init";
import { openMigrator, type Migrator } from "../../src/api/migrator";
import { MigratorError } from "../../src/errors";
import { dump, query, tempDir } from "../_support/project";

const dir = tempDir("migrator-api-");
const db = join(dir, "data/app.db");
let m: Migrator;

function fill(path: string, up: string, down: string) {
  let text = readFileSync(path, "utf8");
  if (path.endsWith(".sql")) text = text.replace(/-- migrate:up\n/, `-- migrate:up\n${up}\n`).replace(/-- migrate:down\n/, `-- migrate:down\n${down}\n`);
  else text = text.replace("// no upgrade steps yet", up).replace("// no downgrade steps yet", down);
  writeFileSync(path, text);
}

async function fails(fn: () => unknown, code: string): Promise<MigratorError> {
  const before = dump(db);
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MigratorError);
    expect((e as MigratorError).code).toBe(code);
    expect(dump(db)).toBe(before);
    return e as MigratorError;
  }
  throw new Error(`expected a ${code} error`);
}

const ids = (r: { steps: { revision: string }[] }) => r.steps.map((s) => s.revision);
const tables = () => query<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'migrator_%' ORDER BY name").map((r) => r.name);

describe("the programmatic API", () => {
  test("initProject, then openMigrator reads the project's migrator.toml", async () => {
    const r = initProject(dir);
    expect(r.created).toEqual(["migrator.toml", "schema.prisma", "migrations/"]);
    m = await openMigrator({ cwd: dir, env: {} });
    expect(m.config.database).toBe(db);
    expect(m.heads()).toEqual([]);
  });

  test("revision: TS and SQL, revId, head+splice with a branch label, dependsOn", async () => {
    const a = m.revision({ message: "create users", revId: "aaa111" });
    expect(a.path).toMatch(/-aaa111_create_users\.ts$/);
    fill(a.path, `op.createTable("users", [{ name: "id", type: "INTEGER", primaryKey: true }]);`, `op.dropTable("users");`);
    const b = m.revision({ message: "add posts", revId: "bbb222", sql: true });
    expect(b.path).toEndWith("_add_posts.sql");
    fill(b.path, "CREATE TABLE posts (id INTEGER PRIMARY KEY);", "DROP TABLE posts;");
    expect(() => m.revision({ message: "x", head: "aaa111", revId: "zzz999" })).toThrow(MigratorError);
    const d = m.revision({ message: "side", head: "aaa111", splice: true, branchLabel: "side", revId: "ddd444" });
    fill(d.path, `op.createTable("tags", [{ name: "id", type: "INTEGER" }]);`, `op.dropTable("tags");`);
    const e = m.revision({ message: "post tags", head: "side@head", dependsOn: ["bbb222"], revId: "eee555" });
    fill(e.path, `op.createTable("post_tags", [{ name: "post_id", type: "INTEGER" }]);`, `op.dropTable("post_tags");`);
    expect((await m.show("eee555"))[0]).toMatchObject({ revision: "eee555", downRevisions: ["ddd444"], dependsOn: ["bbb222"], isHead: true });
  });

  test("heads, branches, history with ranges", async () => {
    expect(m.heads().map((h) => h.revision).sort()).toEqual(["bbb222", "eee555"]);
    expect(m.branches().map((b) => b.revision)).toEqual(["aaa111"]);
    expect((await m.history()).length).toBe(4);
    expect((await m.history({ range: "aaa111:bbb222" })).map((r) => r.revision)).toEqual(["bbb222", "aaa111"]);
  });

  test("upgrade: head refused with two heads (nothing changes); REV, label@head, heads", async () => {
    expect(ids(await m.upgrade("aaa111"))).toEqual(["aaa111"]);
    const e = await fails(() => m.upgrade("head"), "multiple_heads");
    expect(e.hint).toMatch(/merge/);
    const side = await m.upgrade("side@head");
    expect([...ids(side)].sort()).toEqual(["bbb222", "ddd444", "eee555"]);
    expect(side.from).toEqual(["aaa111"]);
    expect(side.to).toEqual(["eee555"]);
    expect(ids(await m.upgrade("heads"))).toEqual([]);
    expect(tables()).toEqual(["post_tags", "posts", "tags", "users"]);
  });

  test("current and checkCurrent", async () => {
    const c = (await m.current());
    expect(c).toMatchObject({ upToDate: true, pending: 0, unknown: [], modified: [] });
    expect(c.heads.map((h) => h.revision)).toEqual(["eee555"]);
    expect((await m.checkCurrent()).upToDate).toBe(true);
    expect((await m.history({ range: "current:" })).map((r) => r.revision)).toEqual(["eee555"]);
    expect((await m.history({ indicateCurrent: true })).filter((r) => r.isCurrent).map((r) => r.revision)).toEqual(["eee555"]);
  });

  test("downgrade -1, REV, label@-1, base; checkCurrent is a difference (exit 3) when behind", async () => {
    expect(ids(await m.downgrade("-1"))).toEqual(["eee555"]);
    expect((await m.currentHeads())).toEqual(["bbb222", "ddd444"]);
    const behind = await fails(() => m.checkCurrent(), "not_up_to_date");
    expect(behind.exitCode).toBe(3);
    await fails(() => m.downgrade("-1"), "multiple_heads");
    expect(ids(await m.upgrade("eee555"))).toEqual(["eee555"]);
    expect(ids(await m.downgrade("side@-1"))).toEqual(["eee555"]);
    expect([...ids(await m.downgrade("aaa111"))].sort()).toEqual(["bbb222", "ddd444"]);
    expect(ids(await m.upgrade("side@+1"))).toEqual(["ddd444"]);
    expect(ids(await m.upgrade("+1"))).toEqual(["bbb222", "eee555"]);
    const down = ids(await m.downgrade("base"));
    expect([...down].sort()).toEqual(["aaa111", "bbb222", "ddd444", "eee555"]);
    expect(down[0]).toBe("eee555");
    expect(down.at(-1)).toBe("aaa111");
    expect(tables()).toEqual([]);
  });

  // Alembic's `downgrade side@-1` at rows (bbb222, ddd444) reverts only ddd444: it keeps to the
  // labelled branch (script/revision.py _collect_downgrade_revisions filters the roots by the
  // branch). src/revisions resolves `side@-1` to aaa111 and planDowngrade then reverts everything
  // above aaa111, bbb222 on the other branch included — data of another branch is dropped.
  test("downgrade label@-1 at a branch point reverts only that branch (bug in src/revisions/plan.ts + revision-spec.ts)", async () => {
    await m.upgrade("bbb222");
    await m.upgrade("ddd444");
    try {
      expect((await m.currentHeads())).toEqual(["bbb222", "ddd444"]);
      const r = await m.downgrade("side@-1");
      expect(ids(r)).toEqual(["ddd444"]);
      expect((await m.currentHeads())).toEqual(["bbb222"]);
    } finally {
      await m.downgrade("base");
    }
  });

  test("stamp: heads, base, REV, two revisions, purge — the schema is untouched", async () => {
    await expect(m.stamp(["head"])).rejects.toThrow(/^Multiple heads are present; please specify a single target revision$/);
    // `heads` counts dependsOn (Alembic's real heads): eee555 depends on bbb222
    expect((await m.stamp(["heads"])).to).toEqual(["eee555"]);
    expect((await m.stamp(["base"])).to).toEqual([]);
    expect((await m.stamp(["aaa111"])).to).toEqual(["aaa111"]);
    expect((await m.stamp(["bbb222", "ddd444"])).to).toEqual(["bbb222", "ddd444"]);
    // Alembic: aaa111 folds both rows into one; bbb222 was one of them, so it is not added again
    expect((await m.stamp(["aaa111", "bbb222"])).to).toEqual(["aaa111"]);
    expect((await m.stamp(["bbb222", "ddd444"])).to).toEqual(["bbb222", "ddd444"]);
    expect((await m.stamp(["aaa111"], { purge: true }))).toEqual({ from: ["bbb222", "ddd444"], to: ["aaa111"] });
    expect(tables()).toEqual([]);
    (await m.stamp(["base"]));
  });

  test("merge writes a merge revision whose parents are the two heads", async () => {
    m.revision({ message: "other", head: "aaa111", splice: true, revId: "ggg777" });
    const r = m.merge(["bbb222", "ggg777"], { message: "merge", revId: "mmm000" });
    expect(r.revision).toBe("mmm000");
    expect((await m.show("mmm000"))[0]).toMatchObject({ downRevisions: ["bbb222", "ggg777"], isMergePoint: true, isHead: true });
    const up = await m.upgrade("heads");
    expect(up.to).toEqual(["eee555", "mmm000"]);
    expect(ids(await m.downgrade("base")).length).toBe(6);
  });

  test("plan() shows the steps without running them", async () => {
    const steps = (await m.plan("up", "side@head"));
    expect(new Set(steps.map((s) => s.revision.revision))).toEqual(new Set(["aaa111", "bbb222", "ddd444", "eee555"]));
    expect((await m.currentHeads())).toEqual([]);
    m.close();
  });
});
