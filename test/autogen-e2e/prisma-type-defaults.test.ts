// Recorded Prisma pairs (issue 13): model A → model B where B changes a column's type and keeps
// its default as the new type's literal (`Int @default(7)` → `String @default("7")`). Autogenerate
// A, then B, over a real SQLite file: each state must equal Prisma's own SQLite DDL for that model
// (a.sql, b.sql, recorded with ../shared/prisma-oracle), defaults compared as written, not only as
// stored; `check` must then be clean and `downgrade -1` must give back Prisma's A.
// Fixtures and how they were made: fixtures/prisma-type-defaults/README.md.

import { describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openMigrator } from "../../src/api/migrator";
import { autogenerateRevision, diff } from "../../src/api/autogenerate";
import { Connection } from "../../src/dialect/sqlite/sqlite-connection";
import { introspect } from "../../src/dialect/sqlite/sqlite-introspect";
import type { Schema } from "../../src/schema/types";
import { ROOT, tempDir } from "../_support/project";
import { fileSchema, shape } from "./_harness";

const FIXTURES = join(ROOT, "test/autogen-e2e/fixtures/prisma-type-defaults");
const cases = readdirSync(FIXTURES).filter((d) => d.startsWith("seed-")).sort();

/** Prisma's DDL applied to an empty database, introspected. */
function prismaSchema(sql: string): Schema {
  const conn = Connection.open(":memory:");
  try {
    conn.exec(sql);
    return introspect(conn);
  } finally {
    conn.close();
  }
}

/** shape() without CHECKs: Prisma writes none for enums on SQLite, migrator adds one on purpose. */
function shapeWithoutChecks(s: Schema): unknown {
  return (shape(s) as { checks: unknown }[]).map((t) => ({ ...t, checks: [] }));
}

/** The columns whose default B writes in another form than A, with the literals on each side. */
function literalChanges(a: Schema, b: Schema): string[] {
  const out: string[] = [];
  for (const tb of b.tables) {
    const ta = a.tables.find((t) => t.name === tb.name);
    for (const cb of tb.columns) {
      const ca = ta?.columns.find((c) => c.name === cb.name);
      if (ca && ca.type !== cb.type && ca.default !== null && cb.default !== null && ca.default !== cb.default) {
        out.push(`${tb.name}.${cb.name}: ${ca.type} DEFAULT ${ca.default} → ${cb.type} DEFAULT ${cb.default}`);
      }
    }
  }
  return out;
}

describe("recorded Prisma pairs: a type change keeps the default in the new type's literal", () => {
  test("the fixtures include both directions of the reported change", () => {
    const all = cases.flatMap((c) => {
      const f = (n: string) => readFileSync(join(FIXTURES, c, n), "utf8");
      return literalChanges(prismaSchema(f("a.sql")), prismaSchema(f("b.sql")));
    });
    expect(all.some((x) => /INTEGER DEFAULT -?\d+ → TEXT DEFAULT '-?\d+'$/.test(x))).toBe(true);
    expect(all.some((x) => /TEXT DEFAULT '\d+' → INTEGER DEFAULT \d+$/.test(x))).toBe(true);
  });

  for (const c of cases) {
    test(`${c}: A → B equals Prisma's DDL for B, check is clean, downgrade gives Prisma's A`, async () => {
      const f = (n: string) => readFileSync(join(FIXTURES, c, n), "utf8");
      const dir = tempDir("migrator-prisma-pairs-");
      const db = join(dir, "app.db");
      mkdirSync(join(dir, "migrations"));
      writeFileSync(join(dir, "migrator.toml"), `database = "app.db"\n`);
      writeFileSync(join(dir, "schema.prisma"), f("a.prisma"));
      const m = await openMigrator({ cwd: dir });
      try {
        await autogenerateRevision(m, { message: "a" });
        await m.upgrade("heads");
        const wantA = shapeWithoutChecks(prismaSchema(f("a.sql")));
        expect(shapeWithoutChecks(fileSchema(db))).toEqual(wantA);

        writeFileSync(join(dir, "schema.prisma"), f("b.prisma"));
        const genB = await autogenerateRevision(m, { message: "b" });
        expect(genB.revision).not.toBeNull();
        await m.upgrade("heads");
        expect(shapeWithoutChecks(fileSchema(db))).toEqual(shapeWithoutChecks(prismaSchema(f("b.sql"))));
        expect((await diff(m)).summary).toEqual([]);

        await m.downgrade("-1");
        expect(shapeWithoutChecks(fileSchema(db))).toEqual(wantA);
      } finally {
        m.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
