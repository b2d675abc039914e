// A field made required that has a default: the generated migration fills the rows holding NULL
// with the default first, so the upgrade succeeds on a table with such rows. Without a default
// the upgrade stops with the data error and changes nothing.

import { expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, dump, project, query } from "../_support/project";

const model = (field: string) => `datasource db {\n  provider = "sqlite"\n}\n\nmodel Task {\n  id       Int    @id @default(autoincrement())\n  ${field}\n}\n`;

function withNullRows() {
  const p = project();
  writeFileSync(join(p.dir, "schema.prisma"), model("priority Int?"));
  expect(cli(["revision", "--autogenerate", "-m", "init"], { cwd: p.dir }).code).toBe(0);
  expect(cli(["upgrade", "head"], { cwd: p.dir }).code).toBe(0);
  const db = new Database(p.db);
  db.run(`INSERT INTO "Task" (priority) VALUES (5), (NULL), (NULL)`);
  db.close();
  return p;
}

test("optional → required with a default: NULL rows take the default and the upgrade succeeds", () => {
  const p = withNullRows();
  writeFileSync(join(p.dir, "schema.prisma"), model("priority Int    @default(1)"));
  expect(cli(["revision", "--autogenerate", "-m", "required"], { cwd: p.dir, env: { CI: "1" } }).code).toBe(0);
  const file = readdirSync(p.migrations).find((f) => f.includes("required"))!;
  expect(readFileSync(join(p.migrations, file), "utf8")).toContain(`await op.execute('UPDATE "Task" SET "priority" = 1 WHERE "priority" IS NULL');`);
  const r = cli(["upgrade", "head"], { cwd: p.dir });
  expect(r.code).toBe(0);
  expect(query(p.db, `SELECT priority FROM "Task" ORDER BY id`)).toEqual([{ priority: 5 }, { priority: 1 }, { priority: 1 }]);
  expect(cli(["check"], { cwd: p.dir }).code).toBe(0);
  expect(cli(["downgrade", "-1"], { cwd: p.dir }).code).toBe(0);
});

test("optional → required without a default: the upgrade stops naming the rows, and changes nothing", () => {
  const p = withNullRows();
  writeFileSync(join(p.dir, "schema.prisma"), model("priority Int"));
  expect(cli(["revision", "--autogenerate", "-m", "required"], { cwd: p.dir, env: { CI: "1" } }).code).toBe(0);
  const before = dump(p.db);
  const r = cli(["upgrade", "head"], { cwd: p.dir });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/"Task"\."priority".*2 rows/);
  expect(dump(p.db)).toBe(before);
});
