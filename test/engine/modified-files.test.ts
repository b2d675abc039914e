// Edited applied migrations are found (by `current` and by `upgrade`) by hashing the texts the
// graph read, or taking the metadata cache's checksums; a file that is not
// valid UTF-8 (its text is not its bytes) is hashed from the file, as when it was applied.

import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MIN_FILES } from "../../src/revisions/metadata-cache";
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

describe("applied migrations edited afterwards, with the metadata cache", () => {
  // Both tiers: a small folder's cache keeps checksums; a large folder's does not, so `current`
  // hashes the applied files there. Either way an edit is found and nothing else is reported.
  // The files are left 2 s to settle once (the cache records nothing younger).
  const sizes = [12, MIN_FILES + 4];
  const projects = sizes.map((n) => {
    const p = project();
    for (let i = 0; i < n; i++) {
      writeMigration(p.migrations, { rev: `c${String(i).padStart(11, "0")}`, down: i ? `c${String(i - 1).padStart(11, "0")}` : null, sql: true, up: `SELECT ${i};`, downBody: `SELECT ${i};` });
    }
    return p;
  });
  let settled = false;
  sizes.forEach((n, k) => {
    test(`${n} files: current finds the edited file, from the cache as without it`, async () => {
      if (!settled) {
        Bun.sleepSync(2100);
        settled = true;
      }
      const p = projects[k]!;
      const cacheDir = join(p.dir, "cache");
      const m = await openMigrator({ cwd: p.dir, env: { ...process.env, MIGRATOR_CACHE_DIR: cacheDir } });
      try {
        await m.upgrade("head");
        expect((await m.current()).modified).toEqual([]); // reads the files, writes the cache
        expect(readdirSync(cacheDir)).toHaveLength(1);
        expect((await m.current()).modified).toEqual([]); // from the cache
        const edited = join(p.migrations, readdirSync(p.migrations).sort()[3]!);
        writeFileSync(edited, readFileSync(edited, "utf8") + "-- edited\n");
        expect((await m.current()).modified.map((x) => x.revision)).toEqual(["c00000000003"]);
      } finally {
        m.close();
      }
    });
  });
});
