// Offline SQL (`upgrade --sql`, `downgrade FROM:TO --sql`) prints what a run would execute and
// never touches the database; `--backup` copies the database (VACUUM INTO) before changing it.

import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, dump, project, query, writeMigration } from "../_support/project";

function sample() {
  const p = project();
  writeMigration(p.migrations, {
    rev: "a00000000001",
    message: "create users",
    up: `  op.createTable("users", [{ name: "id", type: "INTEGER", primaryKey: true }, { name: "name", type: "TEXT" }]);`,
    downBody: `  op.dropTable("users");`,
  });
  writeMigration(p.migrations, {
    rev: "a00000000002",
    down: "a00000000001",
    message: "name not null",
    up: `  await op.execute("UPDATE users SET name = '?' WHERE name IS NULL");\n  op.alterColumn("users", "name", { nullable: false });`,
    downBody: `  op.alterColumn("users", "name", { nullable: true });`,
  });
  return p;
}

describe("offline SQL", () => {
  test("upgrade head --sql prints every statement, version rows included, and creates no database", () => {
    const p = sample();
    const r = cli(["upgrade", "head", "--sql"], { cwd: p.dir });
    expect(r.code).toBe(0);
    const sql = r.stdout;
    expect(sql).toContain("PRAGMA foreign_keys = OFF;");
    expect(sql).toContain('CREATE TABLE "users"');
    expect(sql).toContain(`INSERT INTO "migrator_version" (version_num) VALUES ('a00000000001');`);
    expect(sql).toContain(`DELETE FROM "migrator_version" WHERE version_num = 'a00000000001';`);
    expect(sql.trim().endsWith("COMMIT;")).toBe(true);
    expect(existsSync(p.db)).toBe(false);
  });

  test("the printed script, run by SQLite itself, builds the same database as an online upgrade", () => {
    const p = sample();
    const script = cli(["upgrade", "head", "--sql"], { cwd: p.dir }).stdout;
    const offline = join(p.dir, "offline.db");
    const db = new Database(offline);
    db.exec(script);
    db.close();
    expect(cli(["upgrade", "head"], { cwd: p.dir }).code).toBe(0);
    const schema = (path: string) =>
      query<{ sql: string }>(path, "SELECT sql FROM sqlite_master WHERE name NOT LIKE 'migrator_%' AND name NOT LIKE 'sqlite_%' ORDER BY name").map((r) => r.sql);
    expect(schema(offline)).toEqual(schema(p.db));
    expect(query(offline, "SELECT version_num FROM migrator_version")).toEqual([{ version_num: "a00000000002" }]);
  });

  test("downgrade --sql needs a range and prints only that range", () => {
    const p = sample();
    const bad = cli(["downgrade", "-1", "--sql"], { cwd: p.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("downgrade --sql needs a range FROM:TO");
    const r = cli(["downgrade", "a00000000002:a00000000001", "--sql"], { cwd: p.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Running downgrade a00000000002 -> a00000000001");
    expect(r.stdout).not.toContain('CREATE TABLE "users"');
    expect(existsSync(p.db)).toBe(false);
  });
});

describe("--backup", () => {
  test("upgrade --backup writes a copy of the database as it was before the run", () => {
    const p = sample();
    expect(cli(["upgrade", "a00000000001"], { cwd: p.dir }).code).toBe(0);
    const db = new Database(p.db);
    db.run("INSERT INTO users (id, name) VALUES (1, NULL)");
    db.close();
    const before = dump(p.db);
    const r = cli(["upgrade", "head", "--backup", "--json"], { cwd: p.dir });
    expect(r.code).toBe(0);
    const backup = JSON.parse(r.stdout).backup as string;
    expect(backup.startsWith(p.db)).toBe(true);
    expect(dump(backup)).toBe(before);
    expect(query(p.db, "SELECT name FROM users")).toEqual([{ name: "?" }]);
  });

  test("backup = true in migrator.toml does the same without the flag", () => {
    const p = project({ toml: `database = "app.db"\nbackup = true\n` });
    writeMigration(p.migrations, { rev: "b00000000001", up: `  await op.execute("CREATE TABLE t (x)");`, downBody: `  await op.execute("DROP TABLE t");` });
    expect(cli(["upgrade", "head"], { cwd: p.dir }).code).toBe(0); // no tables yet: nothing to copy
    expect(readdirSync(p.dir).some((f) => f.endsWith(".bak"))).toBe(false);
    expect(cli(["downgrade", "base"], { cwd: p.dir }).code).toBe(0);
    expect(cli(["upgrade", "head"], { cwd: p.dir }).code).toBe(0); // same second: a second, distinct copy
    expect(readdirSync(p.dir).filter((f) => f.startsWith("app.db.") && f.endsWith(".bak")).length).toBe(2);
  });
});

test("current on a database file that does not exist reports <base> and creates no file", () => {
  const p = project();
  const r = cli(["current", "--json"], { cwd: p.dir });
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).heads).toEqual([]);
  expect(existsSync(p.db)).toBe(false);
});

test("an applied migration edited afterwards: current warns, current --check exits 3 naming it", () => {
  const p = project();
  const file = writeMigration(p.migrations, { rev: "e00000000001", up: `  await op.execute("CREATE TABLE t (x)");`, downBody: `  await op.execute("DROP TABLE t");` });
  expect(cli(["upgrade", "head"], { cwd: p.dir }).code).toBe(0);
  expect(cli(["current", "--check"], { cwd: p.dir }).code).toBe(0);
  writeFileSync(file, readFileSync(file, "utf8").replace("CREATE TABLE t (x)", "CREATE TABLE t (x, y)"));
  const warn = cli(["current"], { cwd: p.dir });
  expect(warn.code).toBe(0);
  expect(warn.stderr).toContain("migration e00000000001");
  expect(warn.stderr).toContain("was changed after it was applied");
  const check = cli(["current", "--check"], { cwd: p.dir });
  expect(check.code).toBe(3);
  expect(check.stderr).toContain("applied migration file(s) changed since they were applied: e00000000001");
});

test("upgrade warns about an applied migration edited afterwards, and does not run it again", () => {
  const p = project();
  const file = writeMigration(p.migrations, { rev: "e00000000001", up: `  await op.execute("CREATE TABLE t (x)");`, downBody: `  await op.execute("DROP TABLE t");` });
  expect(cli(["upgrade", "head"], { cwd: p.dir }).code).toBe(0);
  Bun.sleepSync(20); // the edit must be later than the recorded apply time
  writeFileSync(file, readFileSync(file, "utf8").replace("CREATE TABLE t (x)", "CREATE TABLE t (x, y)"));
  writeMigration(p.migrations, { rev: "e00000000002", down: "e00000000001", up: `  await op.execute("CREATE TABLE u (x)");`, downBody: `  await op.execute("DROP TABLE u");` });
  const r = cli(["upgrade", "head", "--json"], { cwd: p.dir });
  expect(r.code).toBe(0);
  expect(r.stderr).toContain("migration e00000000001");
  expect(r.stderr).toContain("was changed after it was applied; the change is not run");
  const doc = JSON.parse(r.stdout);
  expect(doc.modified.map((m: { revision: string }) => m.revision)).toEqual(["e00000000001"]);
  expect(doc.steps.map((s: { revision: string }) => s.revision)).toEqual(["e00000000002"]);
});
