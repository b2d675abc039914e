// No dirty state (DESIGN.md §2): a migration that fails half-way leaves schema, data and the
// version/history tables exactly as before the run in the default mode (one transaction), for
// upgrade and downgrade, TS and SQL files, table re-creations included; with
// transaction_per_migration the earlier migrations stay applied and the failing one leaves
// nothing; `transactional = false` migrations run outside any transaction.

import { describe, expect, test } from "bun:test";
import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { openMigrator } from "../../src/api/migrator";
import { MigrationFailedError, MigratorError } from "../../src/errors";
import { cli, dump, project, query, ROOT, writeMigration, type MigrationSpec } from "../_support/project";

/** dump() with the history table's timing columns dropped (they differ between two runs). */
function stableDump(db: string): string {
  const hist = query<{ revision: string; direction: string }>(db, "SELECT revision, direction FROM migrator_history ORDER BY id");
  return dump(db)
    .split("\n")
    .map((line, i, all) => (all[i - 1]?.startsWith("table migrator_history:") ? JSON.stringify(hist) : line))
    .join("\n");
}

const ok1: MigrationSpec = {
  rev: "r1",
  message: "create accounts",
  up: `  op.createTable("accounts", [{ name: "id", type: "INTEGER", primaryKey: true }, { name: "name", type: "TEXT", nullable: false }]);
  await op.execute("INSERT INTO accounts (name) VALUES ('ann'), ('bob')");`,
  downBody: `  op.dropTable("accounts");`,
};
const ok2: MigrationSpec = {
  rev: "r2",
  down: "r1",
  sql: true,
  message: "add email",
  up: `ALTER TABLE accounts ADD COLUMN email TEXT;\nUPDATE accounts SET email = name || '@example.com';`,
  downBody: `ALTER TABLE accounts DROP COLUMN email;`,
};

/** The failing third migration, in its variants. */
const failing: Record<string, MigrationSpec> = {
  "TS that throws after DDL and inserts": {
    rev: "r3",
    down: "r2",
    message: "throws",
    up: `  op.createTable("audit", [{ name: "id", type: "INTEGER", primaryKey: true }, { name: "what", type: "TEXT" }]);
  await op.execute("INSERT INTO audit (what) VALUES ('x')");
  await op.execute("UPDATE accounts SET name = upper(name)");
  op.addColumn("accounts", { name: "score", type: "INTEGER" });
  await op.execute("UPDATE accounts SET score = 1");
  throw new Error("boom half-way");`,
    downBody: `  op.dropTable("audit");`,
  },
  "TS whose op.execute fails": {
    rev: "r3",
    down: "r2",
    message: "bad statement",
    up: `  op.createTable("audit", [{ name: "id", type: "INTEGER", primaryKey: true }]);
  await op.execute("DELETE FROM accounts WHERE name = 'bob'");
  await op.execute("INSERT INTO no_such_table (x) VALUES (1)");
  await op.execute("DELETE FROM accounts");`,
    downBody: `  op.dropTable("audit");`,
  },
  "SQL with a failing statement in the middle": {
    rev: "r3",
    down: "r2",
    sql: true,
    message: "bad sql",
    up: `CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT);
INSERT INTO audit (what) VALUES ('x');
DELETE FROM accounts WHERE name = 'ann';
INSERT INTO no_such_table (x) VALUES (1);
DROP TABLE accounts;`,
    downBody: `DROP TABLE audit;`,
  },
  "TS that re-creates a table (alterColumn nullable:false) then fails": {
    rev: "r3",
    down: "r2",
    message: "recreate then fail",
    up: `  await op.execute("UPDATE accounts SET email = 'none' WHERE email IS NULL");
  op.alterColumn("accounts", "email", { nullable: false });
  op.createIndex("accounts_email", "accounts", ["email"], { unique: true });
  await op.execute("INSERT INTO accounts (name, email) VALUES ('cy', 'cy@example.com')");
  await op.execute("INSERT INTO accounts (name, email) VALUES ('dup', 'cy@example.com')");`,
    downBody: ``,
  },
};

const ok4: MigrationSpec = { rev: "r4", down: "r3", message: "after", up: `  op.createTable("later", [{ name: "id", type: "INTEGER" }]);`, downBody: `  op.dropTable("later");` };

function setup(third: MigrationSpec, toml = "") {
  const p = project({ toml: `database = "app.db"\nmigrations = "migrations"\n${toml}` });
  const files = [ok1, ok2, third, ok4].map((m) => writeMigration(p.migrations, m));
  return { ...p, files };
}

async function failingRun(dir: string, fn: (m: Awaited<ReturnType<typeof openMigrator>>) => Promise<unknown>): Promise<MigratorError> {
  const m = await openMigrator({ cwd: dir, env: {} });
  try {
    await fn(m);
  } catch (e) {
    return e as MigratorError;
  } finally {
    m.close();
  }
  throw new Error("expected the run to fail");
}

describe("default mode: one transaction per run", () => {
  for (const [name, third] of Object.entries(failing)) {
    test(`upgrade: ${name} — database exactly as before, error names file and revision`, async () => {
      const p = setup(third);
      const m = await openMigrator({ cwd: p.dir, env: {} });
      await m.upgrade("r1");
      m.close();
      const before = dump(p.db);
      const err = await failingRun(p.dir, (m) => m.upgrade("head"));
      expect(err).toBeInstanceOf(MigrationFailedError);
      expect(err.exitCode).toBe(1);
      expect(err.message).toContain("r3");
      expect(err.message).toContain(p.files[2]!.split("/").pop()!);
      expect(err.message).not.toContain("\n");
      expect(dump(p.db)).toBe(before);
      expect(query(p.db, "SELECT version_num FROM migrator_version")).toEqual([{ version_num: "r1" }]);
    });
  }

  test("the error names the failing statement (TS op.execute and SQL file with its line)", async () => {
    const a = setup(failing["TS whose op.execute fails"]!);
    const e1 = await failingRun(a.dir, (m) => m.upgrade("head"));
    expect(e1.message).toContain("INSERT INTO no_such_table");
    expect(e1.message).toMatch(/no such table/);
    const b = setup(failing["SQL with a failing statement in the middle"]!);
    const e2 = await failingRun(b.dir, (m) => m.upgrade("head"));
    expect(e2.message).toContain("INSERT INTO no_such_table");
    // the up section starts after the header; the failing statement is the 4th line of it
    const lines = (await Bun.file(b.files[2]!).text()).split("\n");
    const lineNo = lines.findIndex((l) => l.startsWith("INSERT INTO no_such_table")) + 1;
    expect(e2.message).toContain(`line ${lineNo}`);
  });

  test("a run from an empty database that fails after a table re-creation leaves an empty database (no version tables either)", async () => {
    const p = setup(failing["TS that re-creates a table (alterColumn nullable:false) then fails"]!);
    const err = await failingRun(p.dir, (m) => m.upgrade("head"));
    expect(err.message).toMatch(/UNIQUE/);
    expect(query(p.db, "SELECT name FROM sqlite_master")).toEqual([]);
  });

  for (const sql of [false, true]) {
    test(`downgrade: a ${sql ? "SQL" : "TS"} downgrade that fails half-way leaves the database as before`, async () => {
      const p = project();
      writeMigration(p.migrations, ok1);
      writeMigration(p.migrations, ok2);
      writeMigration(p.migrations, {
        rev: "r3",
        down: "r2",
        sql,
        message: "fails going down",
        up: sql ? "CREATE TABLE audit (id INTEGER PRIMARY KEY);\nINSERT INTO audit VALUES (1);" : `  op.createTable("audit", [{ name: "id", type: "INTEGER", primaryKey: true }]);\n  await op.execute("INSERT INTO audit VALUES (1)");`,
        downBody: sql
          ? "DELETE FROM accounts;\nDROP TABLE audit;\nSELECT * FROM missing_in_down;\nDROP TABLE accounts;"
          : `  await op.execute("DELETE FROM accounts");\n  op.dropTable("audit");\n  throw new Error("cannot go down");`,
      });
      writeMigration(p.migrations, ok4);
      const m = await openMigrator({ cwd: p.dir, env: {} });
      await m.upgrade("head");
      m.close();
      const before = dump(p.db);
      const err = await failingRun(p.dir, (m) => m.downgrade("base"));
      expect(err).toBeInstanceOf(MigrationFailedError);
      expect(err.message).toMatch(/downgrade of r3 failed/);
      expect(dump(p.db)).toBe(before);
    });
  }
});

describe("transaction_per_migration = true", () => {
  for (const [name, third] of Object.entries(failing)) {
    test(`${name}: r1 and r2 stay applied, r3 leaves nothing behind`, async () => {
      const p = setup(third, "transaction_per_migration = true\n");
      const err = await failingRun(p.dir, (m) => m.upgrade("head"));
      expect(err).toBeInstanceOf(MigrationFailedError);
      // the same project upgraded to r2 and nothing else, for comparison
      const ref = project();
      for (const f of p.files.slice(0, 2)) copyFileSync(f, join(ref.migrations, f.split("/").pop()!));
      const m = await openMigrator({ cwd: ref.dir, env: {} });
      await m.upgrade("r2");
      m.close();
      expect(stableDump(p.db)).toBe(stableDump(ref.db));
      expect(query(p.db, "SELECT version_num FROM migrator_version")).toEqual([{ version_num: "r2" }]);
    });
  }
});

describe("a migration that can't be loaded stops the run before anything changes", () => {
  const broken: MigrationSpec = { rev: "r3", down: "r2", message: "syntax error", up: `  const = ;` };
  for (const toml of ["", "transaction_per_migration = true\n"]) {
    test(`every migration of the plan is loaded first${toml ? " (also with transaction_per_migration)" : ""}`, async () => {
      const p = setup(broken, toml);
      const m0 = await openMigrator({ cwd: p.dir, env: {} });
      await m0.upgrade("r1");
      m0.close();
      const before = dump(p.db);
      const err = await failingRun(p.dir, (m) => m.upgrade("head"));
      expect(err.code).toBe("migration_malformed");
      expect(err.message).toContain(p.files[2]!.split("/").pop()!);
      // r2 came before the broken r3 in the plan, and did not run either
      expect(dump(p.db)).toBe(before);
      expect(query(p.db, "SELECT version_num FROM migrator_version")).toEqual([{ version_num: "r1" }]);
    });
  }
});

describe("transactional = false", () => {
  const vacuum = (transactional: boolean, sql: boolean): MigrationSpec => ({
    rev: "rv",
    down: "r2",
    sql,
    transactional,
    message: "vacuum",
    up: sql ? "VACUUM;" : `  await op.execute("VACUUM");`,
    downBody: sql ? "SELECT 1;" : "",
  });

  for (const sql of [false, true]) {
    test(`a ${sql ? "SQL" : "TS"} migration declaring transactional=false runs VACUUM outside a transaction, between transactional ones`, async () => {
      const p = project();
      writeMigration(p.migrations, ok1);
      writeMigration(p.migrations, ok2);
      writeMigration(p.migrations, vacuum(false, sql));
      writeMigration(p.migrations, { ...ok4, down: "rv" });
      const m = await openMigrator({ cwd: p.dir, env: {} });
      const r = await m.upgrade("head");
      expect(r.steps.map((s) => s.revision)).toEqual(["r1", "r2", "rv", "r4"]);
      expect((await m.currentHeads())).toEqual(["r4"]);
      await m.downgrade("base");
      m.close();
      expect(query(p.db, "SELECT direction, count(*) AS n FROM migrator_history GROUP BY direction ORDER BY direction")).toEqual([
        { direction: "down", n: 4 },
        { direction: "up", n: 4 },
      ]);
    });
  }

  test("without the declaration VACUUM fails inside the run's transaction and nothing changes", async () => {
    const p = project();
    writeMigration(p.migrations, ok1);
    writeMigration(p.migrations, ok2);
    writeMigration(p.migrations, vacuum(true, false));
    const err = await failingRun(p.dir, (m) => m.upgrade("head"));
    expect(err.message).toMatch(/VACUUM/i);
    expect(err.message).toMatch(/transaction/i);
    expect(query(p.db, "SELECT name FROM sqlite_master")).toEqual([]);
  });
});

describe("the CLI reports a failed migration", () => {
  test("exit 1, one `error:` line naming file and statement, no stack trace, database unchanged", async () => {
    const p = setup(failing["SQL with a failing statement in the middle"]!);
    expect(cli(["upgrade", "r2"], { cwd: p.dir }).code).toBe(0);
    const before = dump(p.db);
    const r = cli(["upgrade", "head"], { cwd: p.dir });
    expect(r.code).toBe(1);
    const errorLines = r.stderr.split("\n").filter((l) => l.startsWith("error:"));
    expect(errorLines.length).toBe(1);
    expect(errorLines[0]).toContain(p.files[2]!.split("/").pop()!);
    expect(errorLines[0]).toContain("INSERT INTO no_such_table");
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe("");
    expect(dump(p.db)).toBe(before);
  });
});

describe("kill -9 in the middle of a run", () => {
  for (const toml of ["", "transaction_per_migration = true\n"]) {
    test(`the next command finds the database at the revision before the killed run${toml ? " (per-migration: at the last committed step)" : ""}`, async () => {
      const p = project({ toml: `database = "app.db"\nmigrations = "migrations"\n${toml}` });
      const marker = join(p.dir, "reached");
      writeMigration(p.migrations, ok1);
      writeMigration(p.migrations, ok2);
      writeMigration(p.migrations, {
        rev: "r3",
        down: "r2",
        message: "slow",
        up: `  op.createTable("audit", [{ name: "id", type: "INTEGER" }]);
  await op.execute("INSERT INTO audit VALUES (1)");
  await op.execute("DELETE FROM accounts");
  await Bun.write(${JSON.stringify(marker)}, "x");
  await Bun.sleep(20000);`,
      });
      expect(cli(["upgrade", "r1"], { cwd: p.dir }).code).toBe(0);
      const before = dump(p.db);
      const proc = Bun.spawn([process.execPath, join(ROOT, "src/cli/main.ts"), "upgrade", "head"], { cwd: p.dir, env: { PATH: process.env.PATH ?? "/bin", NO_COLOR: "1" }, stdout: "ignore", stderr: "ignore" });
      const t0 = Date.now();
      while (!existsSync(marker) && Date.now() - t0 < 10000) await Bun.sleep(10);
      expect(existsSync(marker)).toBe(true);
      proc.kill(9);
      await proc.exited;
      // the next migrator command rolls the hot journal back when it opens the database
      const cur = cli(["current"], { cwd: p.dir });
      expect(cur.code).toBe(0);
      if (toml === "") {
        expect(cur.stdout.trim()).toBe("r1");
        expect(dump(p.db)).toBe(before);
      } else {
        expect(cur.stdout.trim()).toBe("r2");
        expect(query(p.db, "SELECT count(*) AS n FROM accounts")).toEqual([{ n: 2 }]);
        expect(query(p.db, "SELECT name FROM sqlite_master WHERE name = 'audit'")).toEqual([]);
      }
    });
  }
});
