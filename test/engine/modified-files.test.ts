// Edited applied migrations are found (by `current` and by `upgrade`) by hashing the texts the
// graph read, or taking the metadata cache's checksums; a file that is not
// valid UTF-8 (its text is not its bytes) is hashed from the file, as when it was applied.

import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { openMigrator } from "../../src/api/migrator";
import { project, writeMigration } from "../_support/project";

describe("applied migrations edited afterwards", () => {
  for (const sql of [false, true]) {
    test(`${sql ? "SQL" : "TS"} file with bytes that are not UTF-8: unchanged is not reported, an edit is`, async () => {
      const p = project();
      const file = writeMigration(p.migrations, {
        rev: "f00000000001",
        sql,
        up: sql ? "CREATE TABLE t (x); -- caf\u00e9" : `  await op.execute("CREATE TABLE t (x)"); // caf\u00e9`,
        downBody: sql ? "DROP TABLE t;" : `  await op.execute("DROP TABLE t");`,
      });
      // the é as one latin-1 byte: invalid UTF-8, decoded to U+FFFD
      writeFileSync(file, Buffer.from(readFileSync(file, "utf8"), "latin1"));
      expect(readFileSync(file, "utf8")).toContain("\uFFFD");
      const m = await openMigrator({ cwd: p.dir });
      try {
        await m.upgrade("head");
        expect((await m.current()).modified).toEqual([]);
        expect((await m.upgrade("head")).modified).toEqual([]); // upgrade's own check agrees
        const bytes = readFileSync(file);
        writeFileSync(file, Buffer.concat([bytes, Buffer.from(sql ? "\n-- edited\n" : "\n// edited\n")]));
        expect((await m.current()).modified.map((x) => x.revision)).toEqual(["f00000000001"]);
        expect((await m.upgrade("head")).modified?.map((x) => x.revision)).toEqual(["f00000000001"]);
      } finally {
        m.close();
      }
    });
  }

  test("a UTF-8 file: unchanged is not reported, an edit is", async () => {
    const p = project();
    const file = writeMigration(p.migrations, { rev: "f00000000002", up: `  await op.execute("CREATE TABLE t (x)"); // café ✓`, downBody: `  await op.execute("DROP TABLE t");` });
    const m = await openMigrator({ cwd: p.dir });
    try {
      await m.upgrade("head");
      expect((await m.current()).modified).toEqual([]);
      expect((await m.upgrade("head")).modified).toEqual([]); // upgrade's own check agrees
      writeFileSync(file, readFileSync(file, "utf8").replace("café", "cafe"));
      expect((await m.current()).modified.map((x) => x.revision)).toEqual(["f00000000002"]);
      expect((await m.upgrade("head")).modified?.map((x) => x.revision)).toEqual(["f00000000002"]);
    } finally {
      m.close();
    }
  });
});
