// Every command of the CLI, run from source as a user would (one project, one day of work):
// init, revision (plain, --sql, --rev-id, --head/--splice, --branch-label, --depends-on),
// upgrade, downgrade, stamp, current, history, heads, branches, show, merge, config. Each one
// also with --json, whose stdout must be exactly one JSON document; global flags go before or
// after the command name.

import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, query, tempDir } from "../_support/project";

const dir = tempDir("migrator-cli-");
const db = join(dir, "data/app.db");
const migrations = join(dir, "migrations");

function run(args: string[], env?: Record<string, string>) {
  return cli(args, { cwd: dir, env });
}

/** Runs with --json (at the given position) and returns the parsed document; exit code checked. */
function json(args: string[], code = 0, at: "before" | "after" = "after", env?: Record<string, string>): Record<string, any> {
  const r = run(at === "before" ? ["--json", ...args] : [...args, "--json"], env);
  if (r.code !== code) throw new Error(`migrator ${args.join(" ")} exited ${r.code} (wanted ${code}): ${r.stderr}`);
  let doc: Record<string, any>;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    throw new Error(`stdout of migrator ${args.join(" ")} --json is not one JSON document:\n${r.stdout}`);
  }
  expect(doc.ok).toBe(code === 0);
  return doc;
}

function ok(args: string[], env?: Record<string, string>) {
  const r = run(args, env);
  if (r.code !== 0) throw new Error(`migrator ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return r;
}

const fileOf = (rev: string) => readdirSync(migrations).find((f) => f.includes(`-${rev}_`))!;

/** Replace the empty bodies the generator wrote with real code. */
function fill(rev: string, up: string, down: string) {
  const path = join(migrations, fileOf(rev));
  let text = readFileSync(path, "utf8");
  if (path.endsWith(".sql")) {
    text = text.replace(/-- migrate:up\n/, `-- migrate:up\n${up}\n`).replace(/-- migrate:down\n/, `-- migrate:down\n${down}\n`);
  } else {
    text = text.replace("// no upgrade steps yet", up).replace("// no downgrade steps yet", down);
  }
  writeFileSync(path, text);
}

const userTables = () => query<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'migrator_%' ORDER BY name").map((r) => r.name);
const rows = () => query<{ version_num: string }>(db, "SELECT version_num FROM migrator_version ORDER BY version_num").map((r) => r.version_num);
const stepIds = (doc: Record<string, any>) => (doc.steps as { revision: string }[]).map((s) => s.revision);

describe("the CLI, command by command", () => {
  test("init creates migrator.toml, schema.prisma and migrations/; a second init keeps them", () => {
    const doc = json(["init"]);
    expect(doc.created).toEqual(["migrator.toml", "schema.prisma", "migrations/"]);
    // (the runtime may leave its own dot-folder in HOME, which cli() points at the project)
    expect(readdirSync(dir).filter((f) => !f.startsWith(".")).sort()).toEqual(["migrations", "migrator.toml", "schema.prisma"]);
    const again = run(["init"]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("kept existing migrator.toml");
    expect(json(["init"], 0, "before").skipped.length).toBe(3);
  });

  test("revision -m writes a TS file, --sql a SQL file, --rev-id sets the id, date-named", () => {
    const a = json(["revision", "-m", "create users", "--rev-id", "aaa111"]);
    expect(a.revision).toBe("aaa111");
    expect(fileOf("aaa111")).toMatch(/^\d{4}_\d{2}_\d{2}_\d{4}-aaa111_create_users\.ts$/);
    const b = ok(["revision", "-m", "add posts", "--sql", "--rev-id", "bbb222"]);
    expect(b.stderr).toContain("Generating migrations/");
    expect(fileOf("bbb222")).toEndWith("_add_posts.sql");
    expect(readFileSync(join(migrations, fileOf("bbb222")), "utf8")).toContain("-- down_revision: aaa111");
    fill("aaa111", `op.createTable("users", [{ name: "id", type: "INTEGER", primaryKey: true }, { name: "email", type: "TEXT" }]);`, `op.dropTable("users");`);
    fill("bbb222", "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id));", "DROP TABLE posts;");
  });

  test("revision --head REV without --splice is refused; with --splice and --branch-label it starts a branch", () => {
    const refused = run(["revision", "-m", "side", "--head", "aaa111", "--rev-id", "ddd444"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: .*aaa111.*/m);
    const side = json(["revision", "-m", "side", "--head", "aaa111", "--splice", "--branch-label", "side", "--rev-id", "ddd444"]);
    expect(side.revision).toBe("ddd444");
    fill("ddd444", `op.createTable("tags", [{ name: "id", type: "INTEGER" }]);`, `op.dropTable("tags");`);
  });

  test("revision --depends-on on top of label@head records the dependency", () => {
    json(["revision", "-m", "post tags", "--head", "side@head", "--depends-on", "bbb222", "--rev-id", "eee555"]);
    const text = readFileSync(join(migrations, fileOf("eee555")), "utf8");
    expect(text).toMatch(/dependsOn[^=]*= \["bbb222"\]/);
    expect(text).toMatch(/downRevision[^=]*= "ddd444"/);
    fill("eee555", `op.createTable("post_tags", [{ name: "post_id", type: "INTEGER", references: "posts.id" }]);`, `op.dropTable("post_tags");`);
  });

  test("heads, heads --verbose, branches, show", () => {
    expect(json(["heads"]).heads.map((h: any) => h.revision).sort()).toEqual(["bbb222", "eee555"]);
    const v = ok(["heads", "--verbose"]).stdout;
    expect(v).toContain("Rev: eee555 (head)");
    expect(v).toContain("Also depends on: bbb222");
    const br = ok(["branches"]).stdout;
    // Alembic's branches: no message on the lines unless --verbose
    expect(br).toContain("aaa111 (branchpoint)\n");
    expect(br).toMatch(/-> ddd444 \(side\)$/m);
    expect(json(["branches"]).branches[0].children.sort()).toEqual(["bbb222", "ddd444"]);
    const show = ok(["show", "eee555"]).stdout;
    expect(show).toContain("Rev: eee555 (head)");
    expect(show).toContain("Parent: ddd444");
    expect(json(["show", "eee"]).revisions[0].revision).toBe("eee555");
  });

  test("upgrade: head with two heads is refused (exit 2, says merge or heads); REV, label@head, heads", () => {
    const two = run(["upgrade", "head"]);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/^error: Multiple head revisions are present for given argument 'head'; please specify a specific target revision/m);
    expect(two.stderr).toContain("the heads are bbb222, eee555");
    expect(two.stderr).toMatch(/merge.*heads/);
    expect(stepIds(json(["upgrade", "aaa111"]))).toEqual(["aaa111"]);
    // label@head pulls in the dependsOn target bbb222 before eee555
    const side = json(["upgrade", "side@head"], 0, "before");
    expect([...stepIds(side)].sort()).toEqual(["bbb222", "ddd444", "eee555"]);
    expect(stepIds(side).at(-1)).toBe("eee555");
    expect(stepIds(side).indexOf("bbb222")).toBeLessThan(stepIds(side).indexOf("eee555"));
    expect(side.to).toEqual(["eee555"]);
    expect(stepIds(json(["upgrade", "heads"]))).toEqual([]);
    expect(userTables()).toEqual(["post_tags", "posts", "tags", "users"]);
  });

  test("current, current --verbose, current --check (0 at head)", () => {
    expect(ok(["current"]).stdout.trim()).toBe("eee555 (head)");
    expect(ok(["--verbose", "current"]).stdout).toContain("Rev: eee555 (head)");
    const c = json(["current", "--check"]);
    expect(c.upToDate).toBe(true);
    expect(c.heads.map((h: any) => h.revision)).toEqual(["eee555"]);
  });

  test("history: plain, --verbose, -r A:B, -r current:, --indicate-current", () => {
    const all = ok(["history"]).stdout.trim().split("\n");
    expect(all.length).toBe(4);
    expect(all.at(-1)).toBe("<base> -> aaa111 (branchpoint), create users");
    expect(ok(["history", "--verbose"]).stdout).toContain("Path: " + fileOf("bbb222"));
    expect(json(["history", "-r", "aaa111:bbb222"]).revisions.map((r: any) => r.revision)).toEqual(["bbb222", "aaa111"]);
    expect(json(["history", "-r", "current:"]).revisions.map((r: any) => r.revision)).toEqual(["eee555"]);
    const ind = ok(["history", "--indicate-current"]).stdout;
    // Alembic's history line: dependsOn in brackets after the parents, propagated labels
    expect(ind).toContain("ddd444 (bbb222) -> eee555 (side) (head) (current), post tags");
  });

  test("downgrade -1 (typed exactly so), current --check exits 3 when behind, downgrade REV, base", () => {
    const d = ok(["downgrade", "-1"]);
    expect(d.stderr).toContain("Running downgrade eee555 -> ddd444");
    expect(rows()).toEqual(["bbb222", "ddd444"]);
    const behind = run(["current", "--check"]);
    expect(behind.code).toBe(3);
    expect(behind.stderr).toMatch(/^error: Target database is not up to date/m);
    expect(json(["current", "--check"], 3).error.code).toBe("not_up_to_date");
    expect(stepIds(json(["downgrade", "aaa111"])).sort()).toEqual(["bbb222", "ddd444"]);
    expect(rows()).toEqual(["aaa111"]);
    expect(userTables()).toEqual(["users"]);
  });

  test("upgrade +1 is refused at a branch point; label@+1 and +N walk one branch", () => {
    const amb = run(["upgrade", "+1"]);
    expect(amb.code).toBe(2);
    expect(amb.stderr).toMatch(/Ambiguous walk/);
    expect(stepIds(json(["upgrade", "side@+1"]))).toEqual(["ddd444"]);
    const plus = json(["upgrade", "+1"]);
    expect(stepIds(plus)).toEqual(["bbb222", "eee555"]);
    expect(stepIds(json(["downgrade", "side@-1"]))).toEqual(["eee555"]);
    expect(rows()).toEqual(["bbb222", "ddd444"]);
    // Alembic's order: the heads in file order, each line down to what the other still needs
    expect(stepIds(json(["downgrade", "base"]))).toEqual(["bbb222", "ddd444", "aaa111"]);
    expect(userTables()).toEqual([]);
  });

  test("stamp: head with two heads refused; heads, base, REV, two revisions, --purge — no migration runs", () => {
    expect(run(["stamp", "head"]).code).toBe(2);
    // `heads` counts dependsOn (Alembic's real heads): eee555 depends on bbb222
    expect(json(["stamp", "heads"]).to).toEqual(["eee555"]);
    expect(userTables()).toEqual([]);
    expect(json(["stamp", "base"]).to).toEqual([]);
    expect(json(["stamp", "aaa111"]).to).toEqual(["aaa111"]);
    expect(json(["stamp", "bbb222", "ddd444"]).to).toEqual(["bbb222", "ddd444"]);
    const purge = json(["stamp", "--purge", "aaa111"]);
    expect(purge.from).toEqual(["bbb222", "ddd444"]);
    expect(purge.to).toEqual(["aaa111"]);
    expect(rows()).toEqual(["aaa111"]);
    expect(userTables()).toEqual([]);
    expect(query(db, "SELECT count(*) AS n FROM migrator_history WHERE direction = 'stamp'")[0]).toEqual({ n: 5 });
    ok(["stamp", "base"]);
  });

  test("merge of two heads writes a merge revision; then `upgrade head` works", () => {
    json(["revision", "-m", "other", "--head", "aaa111", "--splice", "--rev-id", "ggg777"]);
    expect(json(["heads"]).heads.length).toBe(3);
    const m = json(["merge", "bbb222", "ggg777", "-m", "merge posts and other", "--rev-id", "mmm000"]);
    expect(m.revision).toBe("mmm000");
    const text = readFileSync(join(migrations, fileOf("mmm000")), "utf8");
    expect(text).toMatch(/downRevision[^=]*= \["bbb222", "ggg777"\]/);
    expect(json(["heads"]).heads.map((h: any) => h.revision).sort()).toEqual(["eee555", "mmm000"]);
    const up = json(["upgrade", "heads"]);
    expect(up.to).toEqual(["eee555", "mmm000"]);
    expect(ok(["history", "-r", "mmm000:mmm000", "-v"]).stdout).toContain("Merges: bbb222, ggg777");
  });

  // Two heads where one depends on the other: `upgrade head` says to merge them, and merge must
  // then accept them (heads and merges follow down-revision lineage, as in Alembic).
  test("merge of two heads where one dependsOn an ancestor of the other, then upgrade head", () => {
    const hint = run(["upgrade", "head"]);
    expect(hint.code).toBe(2);
    expect(hint.stderr).toContain("migrator merge eee555 mmm000");
    json(["merge", "eee555", "mmm000", "-m", "all", "--rev-id", "nnn000"]);
    expect(stepIds(json(["upgrade", "head"]))).toEqual(["nnn000"]);
    expect(rows()).toEqual(["nnn000"]);
  });

  test("config prints the resolved settings; --db and env override the file; secrets are masked", () => {
    const c = json(["config"]).config;
    expect(c.database).toBe(db);
    expect(c.transactionPerMigration).toBe(false);
    expect(c.busyTimeoutMs).toBe(30000);
    expect(json(["config", "--db", "other.db"]).config.database).toBe(join(dir, "other.db"));
    expect(json(["config"], 0, "after", { MIGRATOR_DATABASE: "env.db" }).config.database).toBe(join(dir, "env.db"));
    const txt = ok(["config"], { DATABASE_URL: "sqlite:///tmp/x.db?key=hunter2" }).stdout;
    expect(txt).not.toContain("hunter2");
    const bad = run(["config"], { DATABASE_URL: "libsql://db.example.com?authToken=hunter2" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toContain("hunter2");
    const cred = run(["config"], { DATABASE_URL: "sqlite://admin:hunter2@localhost/app.db" });
    expect(cred.stdout + cred.stderr).not.toContain("hunter2");
  });

  test("global flags before and after the command name", () => {
    const other = join(dir, "second.db");
    for (const args of [
      ["--db", other, "--quiet", "upgrade", "heads"],
      ["upgrade", "heads", "--db", other, "--quiet"],
      ["--config", "migrator.toml", "current", "--db=" + other],
    ]) {
      const r = ok(args);
      expect(r.stderr).toBe("");
    }
    expect(query(other, "SELECT version_num FROM migrator_version ORDER BY 1")).toEqual([{ version_num: "nnn000" }]);
    expect(json(["--db", other, "current"], 0, "before").heads.map((h: any) => h.revision)).toEqual(["nnn000"]);
  });
});
