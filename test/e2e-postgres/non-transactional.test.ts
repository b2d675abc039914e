// `export const transactional = false` on PostgreSQL through the compiled binary: CREATE INDEX
// CONCURRENTLY runs (and splits the run around it); the same statement in a transactional
// migration is refused with a clear error naming the statement and the fix, nothing changed.

import { afterAll, describe, expect, test } from "bun:test";
import { writeMigration, type MigrationSpec } from "../_support/project";
import { createTestDb, pgUnavailable } from "../_support/pg";
import { dumpDb, errorLines, expectExit, pgProject, q, upCounts, versionRows, withPassword } from "./_harness";

const missing = await pgUnavailable("test/e2e-postgres/non-transactional.test.ts");

const items: MigrationSpec = {
  rev: "n1",
  message: "items",
  up: `  op.createTable("items", [{ name: "id", type: "INTEGER", nullable: false }, { name: "sku", type: "TEXT" }]);
  await op.execute("INSERT INTO items SELECT g, 'sku-' || g FROM generate_series(1, 500) g");`,
  downBody: `  op.dropTable("items");`,
};
const concurrently = (transactional: boolean): MigrationSpec => ({
  rev: "n2",
  down: "n1",
  message: "index concurrently",
  transactional,
  up: `  await op.execute("CREATE INDEX CONCURRENTLY items_sku_idx ON items (sku)");`,
  downBody: `  await op.execute("DROP INDEX CONCURRENTLY items_sku_idx");`,
});
const after: MigrationSpec = {
  rev: "n3",
  down: "n2",
  message: "after",
  sql: true,
  up: "CREATE TABLE after_t (id integer);",
  downBody: "DROP TABLE after_t;",
};

const dbs: { drop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

async function fresh() {
  const db = await createTestDb();
  dbs.push(db);
  const { dir, migrations } = pgProject();
  return { db, dir, migrations, env: { DATABASE_URL: withPassword(db.url) } };
}

const index = (url: string) =>
  q<{ valid: boolean; def: string }>(
    url,
    "SELECT i.indisvalid AS valid, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i WHERE i.indexrelid = to_regclass('items_sku_idx')",
  );

describe.skipIf(!!missing)("transactional = false", () => {
  test("CREATE INDEX CONCURRENTLY in a transactional = false migration runs between transactional ones", async () => {
    const { db, dir, migrations, env } = await fresh();
    for (const m of [items, concurrently(false), after]) writeMigration(migrations, m);
    const r = expectExit(dir, ["upgrade", "head"], 0, env);
    expect(r.stderr).toContain("3 migration(s) applied; database is now at n3");
    expect(await index(db.url)).toEqual([{ valid: true, def: "CREATE INDEX items_sku_idx ON public.items USING btree (sku)" }]);
    expect(await versionRows(db.url)).toEqual(["n3"]);
    expect(await upCounts(db.url)).toEqual({ n1: 1, n2: 1, n3: 1 });
    expect(await q(db.url, "SELECT to_regclass('after_t')::text AS t")).toEqual([{ t: "after_t" }]);

    // DROP INDEX CONCURRENTLY on the way down, too
    expectExit(dir, ["downgrade", "n1"], 0, env);
    expect(await index(db.url)).toEqual([]);
    expect(await versionRows(db.url)).toEqual(["n1"]);
  });

  test("the same statement in a transactional migration: a clear error, exit 1, nothing changed", async () => {
    const { db, dir, migrations, env } = await fresh();
    writeMigration(migrations, items);
    expectExit(dir, ["upgrade", "head"], 0, env);
    writeMigration(migrations, concurrently(true));
    writeMigration(migrations, after);
    const before = await dumpDb(db.url);
    const r = expectExit(dir, ["upgrade", "head"], 1, env);
    const errs = errorLines(r.stderr);
    expect(errs.length).toBe(1);
    expect(errs[0]).toContain("n2_index_concurrently.ts");
    expect(errs[0]).toContain("CREATE INDEX CONCURRENTLY items_sku_idx ON items (sku)");
    expect(errs[0]).toContain("cannot run inside a transaction");
    expect(r.stderr).toContain("export const transactional = false");
    expect(await dumpDb(db.url)).toBe(before);
    expect(await index(db.url)).toEqual([]);
    expect(await versionRows(db.url)).toEqual(["n1"]);
  });

  test("a SQL migration says it with `-- transactional: false`", async () => {
    const { db, dir, migrations, env } = await fresh();
    writeMigration(migrations, items);
    writeMigration(migrations, {
      ...concurrently(false),
      sql: true,
      up: "CREATE INDEX CONCURRENTLY items_sku_idx ON items (sku);",
      downBody: "DROP INDEX CONCURRENTLY items_sku_idx;",
    });
    expectExit(dir, ["upgrade", "head"], 0, env);
    expect((await index(db.url)).map((i) => i.valid)).toEqual([true]);
    expect(await versionRows(db.url)).toEqual(["n2"]);
  });
});
