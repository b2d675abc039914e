// TypeScript migrations are imported by their path. Spaces, `#` and `%` in folder and file names
// load; a `?` (and, outside Windows, a backslash) is a path Bun's module loader can't load in any
// form, so such a file is refused by name before anything runs, with the database untouched.

import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openMigrator } from "../../src/api/migrator";
import { MigratorError } from "../../src/errors";
import { binary, dump, query, tempDir, writeMigration } from "../_support/project";

function projectIn(folder: string, firstFile = "2025_01_01_0000-a1_first #1 %41 %zz.ts"): { dir: string; db: string } {
  const dir = join(tempDir("migrator-paths-"), folder);
  mkdirSync(join(dir, "migrations"), { recursive: true });
  writeFileSync(join(dir, "migrator.toml"), `database = "app.db"\nmigrations = "migrations"\n`);
  const m = join(dir, "migrations");
  writeMigration(m, {
    rev: "a1",
    down: null,
    file: firstFile,
    up: `  op.createTable("one", [{ name: "id", type: "INTEGER", primaryKey: true }]);`,
    downBody: `  op.dropTable("one");`,
  });
  writeMigration(m, {
    rev: "b2",
    down: "a1",
    file: "2025_01_02_0000-b2_plain.ts",
    up: `  op.createTable("two", [{ name: "id", type: "INTEGER", primaryKey: true }]);`,
    downBody: `  op.dropTable("two");`,
  });
  return { dir, db: join(dir, "app.db") };
}

const tables = (db: string) =>
  query<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('one', 'two') ORDER BY name").map((r) => r.name);

/** An existing database with a row, to compare before and after a refused run. */
function seed(db: string): void {
  const d = new Database(db);
  d.run("CREATE TABLE keep (x TEXT); INSERT INTO keep VALUES ('here')");
  d.close();
}

const runBinary = (cwd: string, ...args: string[]) => {
  const r = Bun.spawnSync([binary(), ...args], { cwd, stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });
  return { code: r.exitCode, stderr: r.stderr.toString() };
};

describe("migration files in folders and with names that are not plain", () => {
  for (const folder of ["plain", "odd #folder %20 %zz"]) {
    test(`API, folder '${folder}': upgrade head, then downgrade base`, async () => {
      const p = projectIn(folder);
      const m = await openMigrator({ cwd: p.dir });
      try {
        expect((await m.upgrade("head")).steps.map((s) => s.revision)).toEqual(["a1", "b2"]);
        expect(tables(p.db)).toEqual(["one", "two"]);
        await m.downgrade("base");
        expect(tables(p.db)).toEqual([]);
      } finally {
        m.close();
      }
    });

    test(`compiled binary, folder '${folder}': upgrade head`, () => {
      const p = projectIn(`bin ${folder}`);
      const r = runBinary(p.dir, "upgrade", "head", "-q");
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(tables(p.db)).toEqual(["one", "two"]);
    });
  }

  for (const [where, folder, file] of [
    ["file name", "q", "2025_01_01_0000-a1_what?.ts"],
    ["folder name", "why? not", "2025_01_01_0000-a1_first.ts"],
    ["file name (backslash)", "b", "2025_01_01_0000-a1_back\\slash.ts"],
  ] as const) {
    if (file.includes("\\") && process.platform === "win32") continue;
    const odd = file.includes("\\") ? "\\" : "?";
    test(`a '${odd}' in the ${where}: refused by name before anything runs (API)`, async () => {
      const p = projectIn(folder, file);
      seed(p.db);
      const m = await openMigrator({ cwd: p.dir });
      try {
        const before = dump(p.db);
        const e = await m.upgrade("head").then(() => null, (err: unknown) => err);
        expect(e).toBeInstanceOf(MigratorError);
        expect((e as MigratorError).code).toBe("migration_path_unloadable");
        expect((e as MigratorError).message).toContain(file);
        expect((e as MigratorError).message).toContain(`contains '${odd}'`);
        expect(dump(p.db)).toBe(before);
      } finally {
        m.close();
      }
    });

    test(`a '${odd}' in the ${where}: an error line naming the file and a hint, exit 2, database untouched (binary)`, () => {
      const p = projectIn(`bin ${folder}`, file);
      seed(p.db);
      const before = dump(p.db);
      const r = runBinary(p.dir, "upgrade", "head");
      expect(dump(p.db)).toBe(before);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`contains '${odd}'`);
      expect(r.stderr).toContain("rename the file");
      expect(r.stderr).not.toContain("    at ");
      expect(tables(p.db)).toEqual([]);
    });
  }
});
