// The real-world corpus (../shared/corpus, beside the checkout; absent in user clones): every
// sqlite/*.prisma validates and creates what Prisma's own SQL creates; every original parses.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { formatModel, loadModel, parseModel, stripLocations } from "../../src/dsl";
import { sqliteTarget } from "../../src/dialect/sqlite/sqlite-target";
import { renderSchema } from "../../src/dialect/sqlite/sqlite-ddl";
import { shapeOfSql } from "./sqlite-shape";

const corpus = join(import.meta.dir, "..", "..", "..", "shared", "corpus");
const present = existsSync(join(corpus, "sqlite"));
if (!present) console.log(`note: ${corpus} is absent; corpus tests skipped (it exists only in the project's workspace)`);

const list = (sub: string) =>
  present
    ? readdirSync(join(corpus, sub))
        .filter((f) => f.endsWith(".prisma"))
        .sort()
    : [];

describe.skipIf(!present)("corpus sqlite/: same database as Prisma's migration SQL", () => {
  const files = list("sqlite");
  test("holds 25 schemas", () => expect(files.length).toBe(25));
  for (const name of files) {
    test(name, () => {
      const text = readFileSync(join(corpus, "sqlite", name), "utf8");
      const { schema, errors } = loadModel(text, name, sqliteTarget);
      expect(errors).toEqual([]);
      const ours = shapeOfSql(renderSchema(schema!).join("\n"));
      const prisma = shapeOfSql(readFileSync(join(corpus, "sqlite", name.replace(/\.prisma$/, ".sql")), "utf8"));
      expect(ours).toEqual(prisma);
    });
  }
});

describe.skipIf(!present)("corpus original/: parses without a syntax error", () => {
  for (const name of list("original")) {
    test(name, () => {
      const text = readFileSync(join(corpus, "original", name), "utf8");
      expect(parseModel(text, name).errors).toEqual([]);
      // semantic errors are allowed (other providers, views), but none may be an internal error
      for (const e of loadModel(text, name, sqliteTarget).errors) expect(e.message).not.toStartWith("internal error");
    });
  }

  test("webstudio's view blocks are reported as unsupported", () => {
    const text = readFileSync(join(corpus, "original", "webstudio-is__webstudio.prisma"), "utf8");
    const views = loadModel(text, "schema.prisma", sqliteTarget).errors.filter((e) => e.message.includes("view blocks are not supported"));
    expect(views.length).toBe(5);
  });
});

describe.skipIf(!present)("corpus: format keeps the syntax tree and is idempotent", () => {
  for (const sub of ["sqlite", "original"]) {
    for (const name of list(sub)) {
      test(`${sub}/${name}`, () => {
        const text = readFileSync(join(corpus, sub, name), "utf8");
        const out = formatModel(text, name).output!;
        expect(stripLocations(parseModel(out, name).ast)).toEqual(stripLocations(parseModel(text, name).ast));
        expect(formatModel(out, name).output).toBe(out);
      });
    }
  }
});
