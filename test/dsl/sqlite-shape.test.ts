// The comparison helper itself: it must see the differences the fixture and corpus tests rely on.

import { expect, test } from "bun:test";
import { shapeOfSql } from "./sqlite-shape";

const base = `CREATE TABLE "P" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT);
CREATE TABLE "C" ("id" TEXT NOT NULL PRIMARY KEY, "pId" INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT "C_pId_fkey" FOREIGN KEY ("pId") REFERENCES "P" ("id") ON DELETE CASCADE ON UPDATE CASCADE);
CREATE INDEX "C_pId_idx" ON "C"("pId");`;

test.each([
  ["a default", base.replace("DEFAULT 0", "DEFAULT 1")],
  ["NOT NULL", base.replace('"pId" INTEGER NOT NULL', '"pId" INTEGER')],
  ["a type", base.replace('"pId" INTEGER', '"pId" BIGINT')],
  ["AUTOINCREMENT", base.replace(" AUTOINCREMENT", "")],
  ["an FK action", base.replace("ON DELETE CASCADE", "ON DELETE SET NULL")],
  ["an FK name", base.replace('"C_pId_fkey"', '"other_fkey"')],
  ["an index name", base.replace('"C_pId_idx"', '"C_idx"')],
  ["index uniqueness", base.replace("CREATE INDEX", "CREATE UNIQUE INDEX")],
  ["index order", base.replace('("pId");', '("pId" DESC);')],
])("the shape differs when %s differs", (_what, changed) => {
  expect(shapeOfSql(changed)).not.toEqual(shapeOfSql(base));
});

test("the shape ignores layout and the order of tables", () => {
  const [p, c, idx] = base.split(";").filter((s) => s.trim());
  const reordered = [c, p, idx].join(";\n") + ";";
  expect(shapeOfSql(reordered.replace(/\s+/g, " "))).toEqual(shapeOfSql(base));
});
