// A tiny Bun application that imports the package as an application would and runs
// upgrade("head") on start-up — the Alembic guide's init_db().

import { expect, test } from "bun:test";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { project, query, ROOT, writeMigration } from "../_support/project";

test("an application importing 'migrator' runs pending migrations on start-up", () => {
  const p = project();
  writeMigration(p.migrations, {
    rev: "aaaaaaaaaaa1",
    message: "create tasks",
    up: `  op.createTable("tasks", [{ name: "id", type: "INTEGER", primaryKey: true }, { name: "title", type: "TEXT", nullable: false }]);`,
    downBody: `  op.dropTable("tasks");`,
  });
  writeMigration(p.migrations, {
    rev: "aaaaaaaaaaa2",
    down: "aaaaaaaaaaa1",
    message: "seed",
    up: `  await op.bulkInsert("tasks", [{ id: 1, title: "first" }]);`,
    downBody: `  await op.execute("DELETE FROM tasks");`,
  });
  mkdirSync(join(p.dir, "node_modules"));
  symlinkSync(ROOT, join(p.dir, "node_modules/migrator"));
  writeFileSync(
    join(p.dir, "app.ts"),
    `import { openMigrator, type RunResult } from "migrator";\n` +
      `async function initDb(): Promise<RunResult> {\n  const m = await openMigrator();\n  try { return await m.upgrade("head"); } finally { m.close(); }\n}\n` +
      `const r = await initDb();\nconsole.log(JSON.stringify({ applied: r.steps.map((s) => s.revision), at: r.to }));\n`,
  );
  const run = () => {
    const proc = Bun.spawnSync([process.execPath, "app.ts"], { cwd: p.dir, stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH! } });
    expect(proc.stderr.toString()).not.toContain("error");
    expect(proc.exitCode).toBe(0);
    return JSON.parse(proc.stdout.toString().trim().split("\n").pop()!);
  };
  expect(run()).toEqual({ applied: ["aaaaaaaaaaa1", "aaaaaaaaaaa2"], at: ["aaaaaaaaaaa2"] });
  // the second start finds nothing to do
  expect(run()).toEqual({ applied: [], at: ["aaaaaaaaaaa2"] });
  expect(query(p.db, "SELECT title FROM tasks")).toEqual([{ title: "first" }]);
});
