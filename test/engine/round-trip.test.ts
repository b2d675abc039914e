// `migrator test`: every revision up, down and up again on a scratch database, then the schema
// must equal the model. The configured database is never touched.

import { describe, expect, test } from "bun:test";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, project, ROOT, writeMigration } from "../_support/project";

const createUsers = `  op.createTable("users", [{ name: "id", type: "INTEGER", primaryKey: true, autoincrement: true, nullable: false }, { name: "email", type: "TEXT", nullable: false }]);`;

describe("migrator test", () => {
  test("the example project round-trips and matches its model", () => {
    const r = cli(["test", "--json"], { cwd: ROOT, env: { MIGRATOR_DATABASE: join(project().dir, "never.db") } });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.revisions).toHaveLength(6);
    expect(doc.modelChecked).toBe(true);
  });

  test("a downgrade that forgets part of its upgrade: exit 3 naming the revision and the table", () => {
    const p = project();
    writeMigration(p.migrations, { rev: "d00000000001", up: createUsers, downBody: `  op.dropTable("users");` });
    writeMigration(p.migrations, {
      rev: "d00000000002",
      down: "d00000000001",
      up: `  op.addColumn("users", { name: "age", type: "INTEGER" });`,
      downBody: `  // forgot to drop the column`,
    });
    const r = cli(["test"], { cwd: p.dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("downgrade of d00000000002");
    expect(r.stderr).toContain("table users differs");
    expect(existsSync(p.db)).toBe(false);
  });

  test("migrations that don't build the model: exit 3 listing the changes", () => {
    const p = project();
    writeMigration(p.migrations, { rev: "d00000000001", up: createUsers, downBody: `  op.dropTable("users");` });
    writeFileSync(
      join(p.dir, "schema.prisma"),
      `datasource db {\n  provider = "sqlite"\n}\n\nmodel users {\n  id    Int    @id\n  email String\n  name  String?\n}\n`,
    );
    const r = cli(["test"], { cwd: p.dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("after all migrations the schema differs from the model");
    expect(r.stderr).toContain("users.name");
  });

  test("a downgrade that fails: exit 1 naming the file", () => {
    const p = project();
    writeMigration(p.migrations, { rev: "d00000000001", up: createUsers, downBody: `  await op.execute("DROP TABLE nope");` });
    const r = cli(["test"], { cwd: p.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("downgrade of d00000000001 failed");
    expect(r.stderr).toContain("no such table: nope");
  });
});
