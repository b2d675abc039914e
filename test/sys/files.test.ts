// src/sys/files.ts answers as node:fs does (same texts, same "is it there", same error codes)
// whichever way it took: mapped, listed with Bun.Glob, or through node:fs after the first files.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listDir, pathExists, quickStat, readFileHead, readTextFile, readTextFileIfPresent } from "../../src/sys/files";
import { tempDir } from "../_support/project";

const dir = tempDir("migrator-sys-files-");
const files: Record<string, string | Uint8Array> = {
  "plain.sql": "-- revision: a\nSELECT 1;\n",
  "bom.ts": "\uFEFFexport const revision = 'b';\n",
  "empty.sql": "",
  "utf8.sql": "-- message: café ☕\n",
  "bad-utf8.sql": new Uint8Array([0x2d, 0x2d, 0x20, 0xff, 0xfe, 0x0a]),
  "short.db": "SQLite",
  ".hidden.sql": "x",
  "big.sql": "x".repeat(70_000),
};
for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
mkdirSync(join(dir, "folder.sql"));
symlinkSync(join(dir, "plain.sql"), join(dir, "link.sql"));
symlinkSync(join(dir, "nowhere.sql"), join(dir, "dangling.sql"));

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return "no error";
};

describe("sys/files", () => {
  test("readTextFile gives node:fs's text, byte-order mark and replacement characters included, on both of its paths", () => {
    // in a process of its own (the first files a process reads are mapped, the later ones read
    // with node:fs): 48 reads take both paths
    const script = join(dir, "..", `read-all-${process.pid}.ts`);
    writeFileSync(
      script,
      `import { readTextFile } from ${JSON.stringify(join(import.meta.dir, "../../src/sys/files"))};\n` +
        `const out = [];\nfor (let r = 0; r < 6; r++) for (const n of ${JSON.stringify(Object.keys(files))}) out.push(readTextFile(${JSON.stringify(dir)} + "/" + n));\n` +
        `process.stdout.write(JSON.stringify(out));\n`,
    );
    const p = Bun.spawnSync([process.execPath, script], { stdout: "pipe", stderr: "pipe" });
    expect(p.stderr.toString()).toBe("");
    const expected: string[] = [];
    for (let r = 0; r < 6; r++) for (const name of Object.keys(files)) expected.push(readFileSync(join(dir, name), "utf8"));
    expect(JSON.parse(p.stdout.toString())).toEqual(expected);
    for (const name of Object.keys(files)) expect([name, readTextFile(join(dir, name))]).toEqual([name, readFileSync(join(dir, name), "utf8")]);
  });

  test("readTextFile fails with node:fs's error codes", () => {
    expect(codeOf(() => readTextFile(join(dir, "missing.sql")))).toBe("ENOENT");
    expect(codeOf(() => readTextFile(join(dir, "folder.sql")))).toBe("EISDIR");
    expect(codeOf(() => readTextFile(join(dir, "plain.sql", "x")))).toBe("ENOTDIR");
    expect(codeOf(() => readTextFile(join(dir, "dangling.sql")))).toBe("ENOENT");
  });

  test("readTextFileIfPresent: null for nothing there, the text (even empty) otherwise, the error for a folder", () => {
    expect(readTextFileIfPresent(join(dir, "missing.toml"))).toBeNull();
    expect(readTextFileIfPresent(join(dir, "no-such-folder", "migrator.toml"))).toBeNull();
    expect(readTextFileIfPresent(join(dir, "empty.sql"))).toBe("");
    expect(readTextFileIfPresent(join(dir, "plain.sql"))).toBe(files["plain.sql"] as string);
    expect(codeOf(() => readTextFileIfPresent(join(dir, "folder.sql")))).toBe("EISDIR");
  });

  test("pathExists agrees with existsSync", () => {
    for (const name of [...Object.keys(files), "folder.sql", "link.sql", "dangling.sql", "missing", "plain.sql/x", "."]) {
      expect([name, pathExists(join(dir, name))]).toEqual([name, existsSync(join(dir, name))]);
    }
  });

  test("readFileHead: the first bytes, fewer for a short file, none for an empty one; ENOENT and EISDIR as node:fs", () => {
    expect(new TextDecoder().decode(readFileHead(join(dir, "plain.sql"), 5))).toBe("-- re");
    expect(new TextDecoder().decode(readFileHead(join(dir, "short.db"), 16))).toBe("SQLite");
    expect(readFileHead(join(dir, "empty.sql"), 16).length).toBe(0);
    expect(codeOf(() => readFileHead(join(dir, "missing.db"), 16))).toBe("ENOENT");
    expect(codeOf(() => readFileHead(join(dir, "folder.sql"), 16))).toBe("EISDIR");
  });

  test("listDir lists what readdirSync lists (files, folders, links, dot files) and fails as it does", () => {
    expect(listDir(dir).sort()).toEqual(readdirSync(dir).sort());
    expect(codeOf(() => listDir(join(dir, "missing")))).toBe("ENOENT");
    expect(codeOf(() => listDir(join(dir, "plain.sql")))).toBe("ENOTDIR");
  });

  test("listDir lists a large folder (the node:fs way) as readdirSync does", () => {
    const big = join(tempDir("migrator-sys-bigdir-"), "m");
    mkdirSync(big);
    for (let i = 0; i < 800; i++) writeFileSync(join(big, `2025_01_01_0000-${String(i).padStart(5, "0")}_a_rather_long_migration_name.sql`), "");
    mkdirSync(join(big, "sub.sql"));
    writeFileSync(join(big, ".dot.sql"), "");
    expect(statSync(big).size).toBeGreaterThan(16 * 1024); // past the switch on this file system
    expect(listDir(big).sort()).toEqual(readdirSync(big).sort());
  });

  test("quickStat gives statSync's size and whole-ms mtime, null where nothing is", () => {
    for (const name of ["plain.sql", "empty.sql", "big.sql", "link.sql", "folder.sql"]) {
      const st = statSync(join(dir, name));
      expect([name, quickStat(join(dir, name))]).toEqual([name, { size: st.size, mtimeMs: Math.floor(st.mtimeMs) }]);
    }
    expect(quickStat(join(dir, "missing.sql"))).toBeNull();
    expect(quickStat(join(dir, "dangling.sql"))).toBeNull();
  });
});
