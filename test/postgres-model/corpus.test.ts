// Prisma's own PostgreSQL DDL for the corpus' real-world schemas (../shared/corpus/postgresql/,
// written by Prisma 7's schema engine) and our renderSchema(loadModel(original)) are the same
// statements, word for word (in another order), and applied to two scratch databases they
// create equal catalogs.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pgTarget } from "../../src/dialect/postgres/pg-target";
import { renderSchema } from "../../src/dialect/postgres/pg-ddl";
import { loadModel } from "../../src/dsl";
import { applyScript, dumpCatalog, prismaStatements, serverUnavailable, withScratchDb, type Catalog } from "./_pg";

const corpus = resolve(import.meta.dir, "../../../shared/corpus");
const names = existsSync(join(corpus, "postgresql")) ? readdirSync(join(corpus, "postgresql")).filter((f) => f.endsWith(".sql")).map((f) => f.slice(0, -4)).sort() : [];
if (names.length === 0) console.log(`postgres-model corpus: skipped, no corpus at ${corpus}`);
const unavailable = names.length ? await serverUnavailable() : null;
if (unavailable) console.log(`postgres-model corpus: skipped, ${unavailable}`);

async function catalogOf(script: string): Promise<Catalog> {
  return withScratchDb(async (sql) => {
    await applyScript(sql, script);
    return dumpCatalog(sql);
  });
}

function ourStatements(name: string): string[] {
  const text = readFileSync(join(corpus, "original", `${name}.prisma`), "utf8");
  const { schema, errors } = loadModel(text, `${name}.prisma`, pgTarget);
  expect(errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([]);
  return renderSchema(schema!);
}

describe.skipIf(names.length === 0)("the corpus' PostgreSQL schemas give Prisma's statements", () => {
  for (const name of names) {
    test(name, () => {
      const want = prismaStatements(readFileSync(join(corpus, "postgresql", `${name}.sql`), "utf8"));
      expect(want.length).toBeGreaterThan(3);
      expect([...ourStatements(name)].sort()).toEqual([...want].sort());
    });
  }
});

describe.skipIf(names.length === 0 || unavailable !== null)("the corpus' PostgreSQL schemas create Prisma's database", () => {
  for (const name of names) {
    test(name, async () => {
      const ours = await catalogOf(ourStatements(name).join("\n\n"));
      const prisma = await catalogOf(readFileSync(join(corpus, "postgresql", `${name}.sql`), "utf8"));
      expect(ours.enums).toEqual(prisma.enums);
      expect(ours.columns).toEqual(prisma.columns);
      expect(ours.indexes).toEqual(prisma.indexes);
      expect(ours.constraints).toEqual(prisma.constraints);
      expect(prisma.columns.length).toBeGreaterThan(0);
    });
  }
});
