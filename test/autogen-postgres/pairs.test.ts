// Autogenerate round trips A → B → A on PostgreSQL through the programmatic API, for the model
// pairs of fixtures/ (random schemas, realistic edits and one enum edit each; Prisma's own DDL for
// both, see fixtures/README.md). Each state the migrations reach must have the catalog Prisma's
// DDL for that model creates (columns compared as a set: ADD COLUMN appends), `check` must find
// nothing at B, and `downgrade base` must leave only the version tables.
//
//   AUTOGEN_PG_PAIR=1201 node_modules/.bin/bun test test/autogen-postgres    # one pair

import { describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openMigrator } from "../../src/index";
import { createTestDb, pgUnavailable } from "../_support/pg";
import { tempDir } from "../_support/project";
import { catalogAt, comparable, prismaCatalog, tablesOf, VERSION_TABLES } from "./_catalog";

const FIXTURES = join(import.meta.dir, "fixtures");
const all = readdirSync(FIXTURES)
  .map((f) => /^pair-(\d+)-a\.prisma$/.exec(f)?.[1])
  .filter((s): s is string => s !== undefined)
  .sort();
const seeds = process.env.AUTOGEN_PG_PAIR ? all.filter((s) => s === process.env.AUTOGEN_PG_PAIR) : all;
const fixture = (seed: string, side: "a" | "b", ext: "prisma" | "sql") => readFileSync(join(FIXTURES, `pair-${seed}-${side}.${ext}`), "utf8");

const missing = await pgUnavailable("test/autogen-postgres/pairs.test.ts");

test("the fixtures hold at least 12 pairs, each with both models and Prisma's DDL for both", () => {
  expect(all.length).toBeGreaterThanOrEqual(12);
  for (const seed of all) {
    for (const side of ["a", "b"] as const) {
      expect(fixture(seed, side, "prisma")).toContain(`provider = "postgresql"`);
      expect(fixture(seed, side, "sql")).toContain("CREATE TABLE");
    }
    expect(fixture(seed, "b", "prisma")).not.toEqual(fixture(seed, "a", "prisma"));
  }
  // the pairs exercise enums and scalar lists
  expect(all.filter((s) => /CREATE TYPE/.test(fixture(s, "a", "sql") + fixture(s, "b", "sql"))).length).toBe(all.length);
  expect(all.filter((s) => /\[\]/.test(fixture(s, "a", "sql"))).length).toBe(all.length);
});

async function roundTrip(seed: string): Promise<void> {
  const [textA, textB] = [fixture(seed, "a", "prisma"), fixture(seed, "b", "prisma")];
  const wantA = await prismaCatalog(fixture(seed, "a", "sql"));
  const wantB = await prismaCatalog(fixture(seed, "b", "sql"));
  expect(wantA.columns.length).toBeGreaterThan(0);
  expect(wantB).not.toEqual(wantA); // every pair has an enum edit at least
  const dir = tempDir("migrator-pg-pairs-");
  const migrations = join(dir, "migrations");
  mkdirSync(migrations);
  writeFileSync(join(dir, "migrator.toml"), `migrations = "migrations"\n`);
  const model = join(dir, "schema.prisma");
  const live = await createTestDb();
  const m = await openMigrator({ cwd: dir, env: { DATABASE_URL: live.url } });
  let stage = "autogenerate A";
  try {
    writeFileSync(model, textA);
    expect((await m.autogenerate({ message: "a" })).revision).not.toBeNull();
    stage = "upgrade A";
    await m.upgrade("head");
    stage = "catalog at A equals Prisma's A";
    expect(comparable(await catalogAt(live.url))).toEqual(wantA);

    writeFileSync(model, textB);
    stage = "autogenerate B";
    expect((await m.autogenerate({ message: "b" })).revision).not.toBeNull();
    stage = "upgrade B";
    await m.upgrade("head");
    stage = "catalog at B equals Prisma's B";
    expect(comparable(await catalogAt(live.url))).toEqual(wantB);
    stage = "check at B";
    expect(await m.check()).toEqual({ changes: [] });

    writeFileSync(model, textA);
    stage = "autogenerate A again";
    expect((await m.autogenerate({ message: "a again" })).revision).not.toBeNull();
    stage = "upgrade A again";
    await m.upgrade("head");
    stage = "catalog at A again equals Prisma's A";
    expect(comparable(await catalogAt(live.url))).toEqual(wantA);
    stage = "check at A again";
    expect(await m.check()).toEqual({ changes: [] });

    stage = "downgrade base";
    const down = await m.downgrade("base");
    expect(down.steps.length).toBe(3);
    stage = "empty after downgrade base";
    const after = await catalogAt(live.url);
    expect(tablesOf(after)).toEqual([...VERSION_TABLES].sort());
    expect(comparable(after)).toEqual({ columns: [], indexes: [], constraints: [], enums: [] });
  } catch (e) {
    const files = readdirSync(migrations)
      .sort()
      .map((f) => `--- ${f} ---\n${readFileSync(join(migrations, f), "utf8")}`);
    throw new Error(
      `pair ${seed} failed at "${stage}" (reproduce: AUTOGEN_PG_PAIR=${seed} node_modules/.bin/bun test test/autogen-postgres)\n` +
        `${(e as Error).message}${"data" in (e as object) ? ` ${JSON.stringify((e as { data: unknown }).data)}` : ""}\n${files.join("\n")}`,
    );
  } finally {
    await m.close();
    await live.drop();
  }
}

describe.skipIf(!!missing)(`PostgreSQL autogenerate round trips A → B → A (${seeds.length} pairs)`, () => {
  for (const seed of seeds) {
    test(`pair ${seed}: each state equals Prisma's catalog, check passes, downgrade base empties`, () => roundTrip(seed));
  }
});
