// Schemas written for these tests (fixtures/NAME.prisma) against what Prisma 7's schema engine
// wrote for them on PostgreSQL (fixtures/NAME.sql, see fixtures/README.md): our DDL has the same
// statements, word for word (Prisma's order differs: enums in file order, indexes by name), and
// applied to a scratch database it creates the same catalog as Prisma's.

import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pgTarget } from "../../src/dialect/postgres/pg-target";
import { renderSchema } from "../../src/dialect/postgres/pg-ddl";
import { loadModel } from "../../src/dsl";
import { applyScript, dumpCatalog, prismaStatements, serverUnavailable, withScratchDb, type Catalog } from "./_pg";

const dir = join(import.meta.dir, "fixtures");
const names = readdirSync(dir).filter((f) => f.endsWith(".prisma")).map((f) => f.slice(0, -7)).sort();

function ours(name: string): string[] {
  const text = readFileSync(join(dir, `${name}.prisma`), "utf8");
  const { schema, errors } = loadModel(text, `${name}.prisma`, pgTarget);
  expect(errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([]);
  return renderSchema(schema!);
}

describe("our DDL has Prisma's statements", () => {
  for (const name of names) {
    test(name, () => {
      const want = prismaStatements(readFileSync(join(dir, `${name}.sql`), "utf8"));
      expect(want.length).toBeGreaterThan(3);
      expect([...ours(name)].sort()).toEqual([...want].sort());
    });
  }
});

const unavailable = await serverUnavailable();
if (unavailable) console.log(`postgres-model fixtures: catalog comparison skipped, ${unavailable}`);

async function catalogOf(script: string): Promise<Catalog> {
  return withScratchDb(async (sql) => {
    await applyScript(sql, script);
    return dumpCatalog(sql);
  });
}

describe.skipIf(unavailable !== null)("our DDL creates Prisma's catalog", () => {
  for (const name of names) {
    test(name, async () => {
      const mine = await catalogOf(ours(name).join("\n\n"));
      const prisma = await catalogOf(readFileSync(join(dir, `${name}.sql`), "utf8"));
      expect(mine).toEqual(prisma);
      expect(prisma.columns.length).toBeGreaterThan(0);
    });
  }
});
