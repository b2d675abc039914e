// The compiled binary, alone: copied into a temp folder and run with an environment that has
// only that folder on PATH (no node, bun or npm to fall back on), through a day of DESIGN.md §1
// without autogenerate. A migration that imports a value from "migrator" must work inside it.
// Note: PATH is the binary's folder plus a few shell tools copied next to it, not `/bin`: on
// this machine /bin is /usr/bin, which holds node and npm.

import { beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binary, query, tempDir } from "../_support/project";

const root = tempDir("migrator-bin-");
const bin = join(root, "bin");
const proj = join(root, "app");
const migrations = join(proj, "migrations");
const db = join(proj, "data/app.db");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `env -i PATH=<bin> migrator ARGS` in the project folder. */
function mig(...args: string[]): Run {
  const p = Bun.spawnSync(["/usr/bin/env", "-i", `PATH=${bin}`, "migrator", ...args], { cwd: proj, stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode ?? -1, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

function ok(...args: string[]): Run {
  const r = mig(...args);
  if (r.code !== 0) throw new Error(`migrator ${args.join(" ")} exited ${r.code}:\n${r.stderr}`);
  return r;
}

const fileOf = (rev: string) => join(migrations, readdirSync(migrations).find((f) => f.includes(`-${rev}_`))!);

function edit(rev: string, fn: (text: string) => string) {
  const path = fileOf(rev);
  writeFileSync(path, fn(readFileSync(path, "utf8")));
}

const columns = (table: string) => query<{ name: string; notnull: number }>(db, `SELECT name, "notnull" FROM pragma_table_info('${table}')`);
const userTables = () => query<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'migrator_%' ORDER BY name").map((r) => r.name);

beforeAll(() => {
  mkdirSync(bin);
  mkdirSync(proj);
  copyFileSync(binary(), join(bin, "migrator"));
  Bun.spawnSync(["chmod", "755", join(bin, "migrator")]);
});

describe("the standalone binary with nothing else on PATH", () => {
  test("the environment really has no node, bun or npm", () => {
    const p = Bun.spawnSync(["/usr/bin/env", "-i", `PATH=${bin}`, "/bin/sh", "-c", "command -v node; command -v bun; command -v npm; command -v nodejs; command -v migrator"], {
      stdout: "pipe",
    });
    expect(p.stdout.toString().trim()).toBe(join(bin, "migrator"));
    expect(ok("--version").stdout).toMatch(/^migrator \S+ \(.*SQLite \d+\.\d+/);
  });

  test("init, then revisions: TS with a value import of `sql` from \"migrator\", SQL, a data migration", () => {
    ok("init");
    expect(readdirSync(proj).sort()).toEqual(["migrations", "migrator.toml", "schema.prisma"]);
    expect(JSON.parse(ok("revision", "-m", "create artifacts", "--rev-id", "a1", "--json").stdout).revision).toBe("a1");
    edit("a1", (t) =>
      t
        .replace(`import type { Op } from "migrator";`, `import type { Op } from "migrator";\nimport { sql } from "migrator";`)
        .replace(
          "// no upgrade steps yet",
          `op.createTable("artifacts", [
    { name: "id", type: "INTEGER", primaryKey: true },
    { name: "status", type: "TEXT", nullable: false },
    { name: "content", type: "TEXT" },
    { name: "created_at", type: "TEXT", nullable: false, default: sql("CURRENT_TIMESTAMP") },
  ]);`,
        )
        .replace("// no downgrade steps yet", `op.dropTable("artifacts");`),
    );
    ok("revision", "-m", "seed artifacts", "--sql", "--rev-id", "b2");
    edit("b2", (t) =>
      t
        .replace("-- migrate:up\n", "-- migrate:up\nINSERT INTO artifacts (status, content) VALUES ('active', 'a'), ('archived', 'b'), ('active', 'c');\n")
        .replace("-- migrate:down\n", "-- migrate:down\nDELETE FROM artifacts;\n"),
    );
    ok("revision", "-m", "add priority to artifacts", "--rev-id", "c3");
    edit("c3", (t) =>
      t
        .replace(
          "// no upgrade steps yet",
          `op.addColumn("artifacts", { name: "priority", type: "INTEGER", nullable: true });
  await op.execute("UPDATE artifacts SET priority = CASE WHEN status = 'active' THEN 1 ELSE 0 END");
  op.alterColumn("artifacts", "priority", { nullable: false });`,
        )
        .replace("// no downgrade steps yet", `op.dropColumn("artifacts", "priority");`),
    );
    expect(readdirSync(migrations).length).toBe(3);
  });

  test("upgrade head, current, history --verbose", () => {
    const up = ok("upgrade", "head");
    expect(up.stderr).toContain("Running upgrade b2 -> c3, add priority to artifacts");
    expect(columns("artifacts").find((c) => c.name === "priority")).toEqual({ name: "priority", notnull: 1 });
    expect(query(db, "SELECT content, priority, created_at IS NOT NULL AS stamped FROM artifacts ORDER BY id")).toEqual([
      { content: "a", priority: 1, stamped: 1 },
      { content: "b", priority: 0, stamped: 1 },
      { content: "c", priority: 1, stamped: 1 },
    ]);
    expect(ok("current").stdout.trim()).toBe("c3 (head)");
    const hist = ok("history", "--verbose").stdout;
    expect(hist).toContain("Rev: c3 (head)");
    expect(hist).toContain("Parent: b2");
    expect(hist).toContain("add priority to artifacts");
  });

  test("downgrade -1, upgrade head again", () => {
    ok("downgrade", "-1");
    expect(columns("artifacts").map((c) => c.name)).not.toContain("priority");
    expect(query(db, "SELECT count(*) AS n FROM artifacts")).toEqual([{ n: 3 }]);
    ok("upgrade", "head");
    expect(columns("artifacts").map((c) => c.name)).toContain("priority");
  });

  test("stamp changes the version table only", () => {
    expect(ok("stamp", "a1").stderr).toContain("Stamped: c3 -> a1");
    expect(userTables()).toEqual(["artifacts"]);
    expect(columns("artifacts").map((c) => c.name)).toContain("priority");
    ok("stamp", "head");
    expect(mig("current", "--check").code).toBe(0);
  });

  test("two branches, merge, upgrade head, downgrade base", () => {
    ok("revision", "-m", "add owners", "--head", "b2", "--splice", "--rev-id", "d4");
    edit("d4", (t) =>
      t.replace("// no upgrade steps yet", `op.createTable("owners", [{ name: "id", type: "INTEGER", primaryKey: true }]);`).replace("// no downgrade steps yet", `op.dropTable("owners");`),
    );
    const two = mig("upgrade", "head");
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/^error: Multiple head revisions are present for given argument 'head'/m);
    expect(two.stderr).toContain("the heads are c3, d4");
    expect(ok("merge", "heads", "-m", "merge branches", "--rev-id", "e5").stderr).toContain("Generating");
    // Alembic's heads line: labels and (head), no tree markers
    expect(ok("heads").stdout.trim()).toBe("e5 (head)");
    const up = ok("upgrade", "head");
    expect(up.stderr).toContain("Running upgrade b2 -> d4");
    expect(ok("current").stdout.trim()).toBe("e5 (head) (mergepoint)");
    expect(userTables()).toEqual(["artifacts", "owners"]);
    ok("downgrade", "base");
    expect(userTables()).toEqual([]);
    expect(query(db, "SELECT count(*) AS n FROM migrator_version")).toEqual([{ n: 0 }]);
  });
});
