// `revision --autogenerate --sql` writes a plain-SQL migration whose up and down sections are the
// statements the generated ops would run; it applies and reverts like any migration.

import { expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, project, query } from "../_support/project";

const model = (extra: string) =>
  `datasource db {\n  provider = "sqlite"\n}\n\nmodel Task {\n  id    Int    @id @default(autoincrement())\n  title String\n${extra}}\n`;

test("autogenerate --sql: a SQL migration that upgrades with rows in place and downgrades", () => {
  const p = project();
  writeFileSync(join(p.dir, "schema.prisma"), model(""));
  expect(cli(["revision", "--autogenerate", "-m", "init", "--sql"], { cwd: p.dir }).code).toBe(0);
  expect(cli(["upgrade", "head"], { cwd: p.dir }).code).toBe(0);
  const { Database } = require("bun:sqlite");
  const db = new Database(p.db);
  db.run(`INSERT INTO "Task" (title) VALUES ('a'), ('b')`);
  db.close();

  writeFileSync(join(p.dir, "schema.prisma"), model(`  done  Boolean @default(false)\n\n  @@index([title])\n`));
  const r = cli(["revision", "--autogenerate", "-m", "add done", "--sql"], { cwd: p.dir, env: { CI: "1" } });
  expect(r.code).toBe(0);
  const file = readdirSync(p.migrations).find((f) => f.includes("add_done"))!;
  expect(file.endsWith(".sql")).toBe(true);
  const text = readFileSync(join(p.migrations, file), "utf8");
  expect(text).toContain("-- migrate:up");
  expect(text).toContain(`ALTER TABLE "Task" ADD COLUMN "done" BOOLEAN NOT NULL DEFAULT false;`);
  expect(text).toContain(`CREATE INDEX "Task_title_idx" ON "Task"("title");`);
  expect(text.slice(text.indexOf("-- migrate:down"))).toContain(`DROP INDEX "Task_title_idx"`);

  expect(cli(["upgrade", "head"], { cwd: p.dir }).code).toBe(0);
  expect(query(p.db, `SELECT title, done FROM "Task" ORDER BY id`)).toEqual([
    { title: "a", done: 0 },
    { title: "b", done: 0 },
  ]);
  expect(cli(["check"], { cwd: p.dir }).code).toBe(0);
  expect(cli(["downgrade", "-1"], { cwd: p.dir }).code).toBe(0);
  expect(query<{ name: string }>(p.db, `SELECT name FROM pragma_table_info('Task') ORDER BY cid`).map((c) => c.name)).toEqual(["id", "title"]);
  expect(query(p.db, `SELECT count(*) AS n FROM "Task"`)).toEqual([{ n: 2 }]);
});
