// Enum changes on PostgreSQL through the compiled binary: a new value is ALTER TYPE ... ADD VALUE
// (the type keeps its oid); removing a value no row uses rebuilds the type and keeps every row;
// removing one a row still uses is refused with the table, column and count, nothing changed.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeMigration } from "../_support/project";
import { createTestDb, pgUnavailable } from "../_support/pg";
import { dumpDb, errorLines, expectExit, json, pgProject, q, versionRows, withPassword } from "./_harness";

const missing = await pgUnavailable("test/e2e-postgres/enums.test.ts");

describe.skipIf(!!missing)("enum changes through the binary", () => {
  const { dir, migrations } = pgProject();
  let db: Awaited<ReturnType<typeof createTestDb>>;
  let env: Record<string, string> = {};
  const run = (args: string[], code = 0) => expectExit(dir, args, code, env);
  const labels = async () => (await q<{ l: string }>(db.url, `SELECT array_to_string(enum_range(NULL::"Status"), ',') AS l`))[0]!.l;
  const typeOid = async () => (await q<{ oid: number }>(db.url, `SELECT oid::int AS oid FROM pg_type WHERE typname = 'Status'`))[0]!.oid;
  const rows = () => q(db.url, `SELECT id, status::text AS status FROM "Tag" ORDER BY id`);

  beforeAll(async () => {
    db = await createTestDb();
    env = { DATABASE_URL: withPassword(db.url) };
    writeMigration(migrations, {
      rev: "e1",
      message: "tags with a status",
      up: `  op.createEnum("Status", ["ACTIVE", "ARCHIVED"]);
  op.createTable("Tag", [
    { name: "id", type: "INTEGER", nullable: false },
    { name: "status", type: '"Status"', nullable: false, default: { sql: "'ACTIVE'" } },
  ], { primaryKey: { name: "Tag_pkey", columns: ["id"] } });
  await op.execute(\`INSERT INTO "Tag" (id, status) VALUES (1, 'ACTIVE'), (2, 'ACTIVE')\`);`,
      downBody: `  op.dropTable("Tag");\n  op.dropEnum("Status");`,
    });
    run(["upgrade", "head"]);
  });
  afterAll(async () => {
    await db?.drop();
  });

  test("adding a value is ALTER TYPE ADD VALUE: same type, new label, rows untouched", async () => {
    writeMigration(migrations, {
      rev: "e2",
      down: "e1",
      message: "add DRAFT",
      up: `  op.alterEnum("Status", ["ACTIVE", "ARCHIVED", "DRAFT"]);`,
      downBody: `  op.alterEnum("Status", ["ACTIVE", "ARCHIVED"]);`,
    });
    const offline = run(["upgrade", "e1:e2", "--sql"]).stdout;
    expect(offline).toContain(`ALTER TYPE "Status" ADD VALUE 'DRAFT'`);
    const oid = await typeOid();
    run(["upgrade", "head"]);
    expect(await labels()).toBe("ACTIVE,ARCHIVED,DRAFT");
    expect(await typeOid()).toBe(oid);
    expect(await rows()).toEqual([
      { id: 1, status: "ACTIVE" },
      { id: 2, status: "ACTIVE" },
    ]);
    // the new value is usable once the run committed
    await q(db.url, `INSERT INTO "Tag" (id, status) VALUES (3, 'DRAFT')`);
  });

  test("removing a value no row uses rebuilds the type and keeps every row", async () => {
    writeMigration(migrations, {
      rev: "e3",
      down: "e2",
      message: "drop ARCHIVED",
      up: `  op.alterEnum("Status", ["ACTIVE", "DRAFT"]);`,
      downBody: `  op.alterEnum("Status", ["ACTIVE", "ARCHIVED", "DRAFT"]);`,
    });
    const oid = await typeOid();
    const up = json(dir, ["upgrade", "head"], 0, env);
    expect(up.steps.map((s: any) => s.revision)).toEqual(["e3"]);
    expect(await labels()).toBe("ACTIVE,DRAFT");
    expect(await typeOid()).not.toBe(oid); // a new type took the old one's name
    expect(await rows()).toEqual([
      { id: 1, status: "ACTIVE" },
      { id: 2, status: "ACTIVE" },
      { id: 3, status: "DRAFT" },
    ]);
    // the column still has the enum type and its default
    expect(await q(db.url, `SELECT udt_name, column_default FROM information_schema.columns WHERE table_name = 'Tag' AND column_name = 'status'`)).toEqual([
      { udt_name: "Status", column_default: `'ACTIVE'::"Status"` },
    ]);
    expect(await versionRows(db.url)).toEqual(["e3"]);
  });

  test("removing a value a row still uses is refused: exit 1, table/column/count named, nothing changed", async () => {
    writeMigration(migrations, {
      rev: "e4",
      down: "e3",
      message: "drop DRAFT",
      up: `  op.alterEnum("Status", ["ACTIVE"]);`,
      downBody: `  op.alterEnum("Status", ["ACTIVE", "DRAFT"]);`,
    });
    const before = await dumpDb(db.url);
    const r = run(["upgrade", "head"], 1);
    const errs = errorLines(r.stderr);
    expect(errs.length).toBe(1);
    expect(errs[0]).toContain(`e4_drop_DRAFT.ts`);
    expect(errs[0]).toContain(`cannot remove value 'DRAFT' from enum "Status": 1 row of "Tag"."status" uses it`);
    expect(r.stderr).toContain("hint: change those rows first");
    expect(await dumpDb(db.url)).toBe(before);
    expect(await labels()).toBe("ACTIVE,DRAFT");
    expect(await versionRows(db.url)).toEqual(["e3"]);
    const doc = json(dir, ["upgrade", "head"], 1, env);
    expect(doc.error.exitCode).toBe(1);
    expect(doc.error.message).toContain(`1 row of "Tag"."status"`);
    expect(await dumpDb(db.url)).toBe(before);
  });
});
