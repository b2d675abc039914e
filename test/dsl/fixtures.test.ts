// Each fixture schema, rendered through loadModel + renderSchema, creates exactly the database that
// the hand-written Prisma SQL beside it creates (compared through SQLite's own PRAGMAs).

import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadModel } from "../../src/dsl";
import { sqliteTarget } from "../../src/dialect/sqlite/sqlite-target";
import { renderSchema } from "../../src/dialect/sqlite/sqlite-ddl";
import { shapeOfSql } from "./sqlite-shape";

const dir = join(import.meta.dir, "fixtures");
const names = readdirSync(dir)
  .filter((f) => f.endsWith(".prisma"))
  .sort();

describe("fixture schemas create the tables Prisma creates", () => {
  test("there are at least a dozen fixtures", () => {
    expect(names.length).toBeGreaterThanOrEqual(12);
  });

  for (const name of names) {
    test(name, () => {
      const text = readFileSync(join(dir, name), "utf8");
      const { schema, errors } = loadModel(text, name, sqliteTarget);
      expect(errors).toEqual([]);
      const ours = shapeOfSql(renderSchema(schema!).join("\n"));
      const prisma = shapeOfSql(readFileSync(join(dir, name.replace(/\.prisma$/, ".sql")), "utf8"));
      expect(Object.keys(ours).length).toBeGreaterThan(0);
      expect(ours).toEqual(prisma);
    });
  }
});

describe("what the PRAGMAs cannot show", () => {
  const load = (name: string) => loadModel(readFileSync(join(dir, name), "utf8"), name, sqliteTarget).schema!;

  test("enum columns get a CHECK listing the database values", () => {
    const user = load("08-enums.prisma").tables[0]!;
    expect(user.checks.map((c) => c.expr)).toEqual([
      `"role" IN ('USER', 'admin', 'EDITOR')`,
      `"staff" IN ('USER', 'admin', 'EDITOR')`,
      `"status" IN ('DRAFT', 'PUBLISHED', 'ARCHIVED')`,
    ]);
  });

  test("the enum CHECK rejects a value outside the enum and accepts NULL on an optional column", () => {
    const { Database } = require("bun:sqlite") as typeof import("bun:sqlite");
    const db = new Database(":memory:");
    db.run(renderSchema(load("08-enums.prisma")).join("\n"));
    db.run(`INSERT INTO "User" ("role", "status") VALUES ('EDITOR', NULL)`);
    expect(() => db.run(`INSERT INTO "User" ("role") VALUES ('ROOT')`)).toThrow(/CHECK constraint failed/);
    db.close();
  });

  test("doc comments become table and column comments", () => {
    const person = load("12-named-relations.prisma").tables.find((t) => t.name === "Person")!;
    expect(person.comment).toBe("A person who writes and reviews documents.");
    expect(person.columns.find((c) => c.name === "name")!.comment).toBe("shown in the UI");
  });

  test("a single-column Int primary key is AUTOINCREMENT even without @default(autoincrement()), as Prisma writes it", () => {
    const tenant = load("06-composite-keys.prisma").tables.find((t) => t.name === "Tenant")!;
    expect(tenant.primaryKey).toEqual({ name: null, columns: ["id"], autoincrement: true });
  });
});
