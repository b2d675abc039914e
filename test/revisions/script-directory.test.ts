import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RevisionError } from "../../src/errors.ts";
import { slugify } from "../../src/revisions/render-revision.ts";
import { listMigrationFiles, loadScriptDirectory } from "../../src/revisions/script-directory.ts";
import { writeMerge, writeRevision } from "../../src/revisions/write-revision.ts";
import { splitSqlMigration } from "../../src/revisions/sql-format.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "migrator-revisions-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const NOW = new Date(2025, 11, 14, 12, 20, 31);
/** Deterministic "random" bytes: 0x26 0x1b 0x03 0x7d 0x15 0xfa, then +1 per call. */
function fakeRandom() {
  let call = 0;
  return (n: number) => {
    const base = [0x26, 0x1b, 0x03, 0x7d, 0x15, 0xfa];
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = ((base[i] ?? 0) + call) & 0xff;
    call++;
    return out;
  };
}
const tsFile = (rev: string, down: string | null) =>
  `export const revision = "${rev}";\nexport const downRevision = ${down === null ? "null" : `"${down}"`};\nexport async function upgrade() {}\n`;

function errorOf(fn: () => unknown): RevisionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RevisionError) return e;
    throw e;
  }
  throw new Error("expected a RevisionError");
}

describe("listing and loading", () => {
  test("reads *.ts and *.sql at the top level only, skipping _, ., .d.ts, other files and subfolders", () => {
    writeFileSync(join(dir, "2025_01_01_0000-aaa_first.ts"), tsFile("aaa", null));
    writeFileSync(join(dir, "2025_01_02_0000-bbb_second.sql"), "-- revision: bbb\n-- down_revision: aaa\n-- migrate:up\nSELECT 1;\n");
    writeFileSync(join(dir, "_helpers.ts"), "export const x = 1;");
    writeFileSync(join(dir, ".draft.ts"), "oops");
    writeFileSync(join(dir, "types.d.ts"), "declare const x: number;");
    writeFileSync(join(dir, "README.md"), "# notes");
    mkdirSync(join(dir, "versions"));
    writeFileSync(join(dir, "versions", "ccc.ts"), tsFile("ccc", "bbb"));
    expect(listMigrationFiles(dir)).toEqual(["2025_01_01_0000-aaa_first.ts", "2025_01_02_0000-bbb_second.sql"]);
    const sd = loadScriptDirectory(dir);
    expect(sd.revisions.map((r) => [r.revision, r.path, r.format])).toEqual([
      ["aaa", "2025_01_01_0000-aaa_first.ts", "ts"],
      ["bbb", "2025_01_02_0000-bbb_second.sql", "sql"],
    ]);
    expect(sd.graph.heads()).toEqual(["bbb"]);
  });
  test("an empty folder is an empty graph", () => {
    expect(loadScriptDirectory(dir).graph.size).toBe(0);
  });
  test("a missing folder says how to create it", () => {
    const e = errorOf(() => loadScriptDirectory(join(dir, "nope")));
    expect(e.code).toBe("migrations_dir_missing");
    expect(e.hint).toContain("init");
  });
  test("a bad file is reported with the migrations-relative path and line", () => {
    writeFileSync(join(dir, "x.ts"), `export const revision = "aaa";\n\nexport const downRevision = 7;\n`);
    const e = errorOf(() => loadScriptDirectory(dir, { displayPrefix: "migrations/" }));
    expect(e.message).toBe("migrations/x.ts:3: downRevision must be a string, a list of strings or null");
  });
  test("two files claiming one id are named", () => {
    writeFileSync(join(dir, "a.ts"), tsFile("aaa", null));
    writeFileSync(join(dir, "b.ts"), tsFile("aaa", null));
    const e = errorOf(() => loadScriptDirectory(dir));
    expect(e.code).toBe("duplicate_revision");
    expect(e.message).toContain("a.ts and b.ts");
  });
  test("a file larger than one read chunk is read whole", () => {
    const big = `export const revision = "aaa";\nexport const downRevision = null;\nexport function upgrade() {\n${"  // padding\n".repeat(5000)}}\nexport const transactional = false;\n`;
    writeFileSync(join(dir, "big.ts"), big);
    expect(loadScriptDirectory(dir).revisions[0]?.transactional).toBe(false);
  });
});

describe("writing revisions", () => {
  test("the first revision is a base named by the default file template", () => {
    const w = writeRevision({ dir, message: "initial schema", now: NOW, randomBytes: fakeRandom() });
    expect(w.path).toBe(join(dir, "2025_12_14_1220-261b037d15fa_initial_schema.ts"));
    expect(w.meta).toMatchObject({ revision: "261b037d15fa", downRevisions: [], message: "initial schema", createDate: "2025-12-14 12:20:31" });
    const text = readFileSync(w.path, "utf8");
    expect(text).toContain('import type { Op } from "migrator";');
    expect(text).toContain("export async function upgrade(op: Op) {");
    expect(text).toContain("export async function downgrade(op: Op) {");
    expect(text).toContain(" * Revision ID: 261b037d15fa");
    expect(text).not.toMatch(/^import (?!type)/m);
  });
  test("the next revision revises the head, with the caller's upgrade/downgrade bodies", () => {
    const first = writeRevision({ dir, message: "one", now: NOW, randomBytes: fakeRandom() });
    const second = writeRevision({
      dir,
      message: "two",
      now: NOW,
      upgrade: 'op.addColumn("t", { name: "c", type: "INTEGER" });',
      downgrade: 'op.dropColumn("t", "c");',
    });
    expect(second.meta.downRevisions).toEqual([first.meta.revision]);
    expect(second.meta.revision).toMatch(/^[0-9a-f]{12}$/);
    expect(readFileSync(second.path, "utf8")).toContain('  op.addColumn("t", { name: "c", type: "INTEGER" });');
    const sd = loadScriptDirectory(dir);
    expect(sd.graph.heads()).toEqual([second.meta.revision]);
    expect(sd.graph.get(second.meta.revision)).toEqual({ ...second.meta });
  });
  test("the written TypeScript file is importable and exports what the reader saw", async () => {
    const w = writeRevision({ dir, message: "importable", now: NOW, revId: "abc123", transactional: false, upgrade: "void op;" });
    const mod = await import(w.path);
    expect(mod.revision).toBe("abc123");
    expect(mod.downRevision).toBeNull();
    expect(mod.transactional).toBe(false);
    expect(typeof mod.upgrade).toBe("function");
    expect(w.meta.transactional).toBe(false);
  });
  test("sql: true writes the SQL format, which the reader and splitter accept", () => {
    const base = writeRevision({ dir, message: "one", now: NOW, revId: "r1" });
    const w = writeRevision({ dir, message: "two\nlines", now: NOW, revId: "r2", sql: true, upgrade: "CREATE TABLE t (x);", downgrade: "DROP TABLE t;", branchLabel: "core" });
    expect(w.path.endsWith("-r2_two_lines.sql")).toBe(true);
    expect(w.meta).toMatchObject({ revision: "r2", downRevisions: [base.meta.revision], branchLabels: ["core"], message: "two lines", format: "sql" });
    expect(splitSqlMigration(readFileSync(w.path, "utf8"), w.path)).toMatchObject({ up: "CREATE TABLE t (x);", down: "DROP TABLE t;" });
  });
  test("with two heads a plain revision is refused and names them; --head picks one", () => {
    writeRevision({ dir, message: "a", now: NOW, revId: "a1" });
    writeRevision({ dir, message: "b", now: NOW, revId: "b1", head: "a1" });
    writeRevision({ dir, message: "c", now: NOW, revId: "c1", head: "a1", splice: true });
    const e = errorOf(() => writeRevision({ dir, message: "d", now: NOW }));
    expect(e.code).toBe("multiple_heads");
    expect(e.hint).toContain("b1, c1");
    expect(writeRevision({ dir, message: "d", now: NOW, revId: "d1", head: "c1" }).meta.downRevisions).toEqual(["c1"]);
  });
  test("revising a non-head needs splice", () => {
    writeRevision({ dir, message: "a", now: NOW, revId: "a1" });
    writeRevision({ dir, message: "b", now: NOW, revId: "b1" });
    expect(errorOf(() => writeRevision({ dir, message: "x", now: NOW, head: "a1" })).code).toBe("not_a_head");
  });
  test("head=base with a branch label starts a second base", () => {
    writeRevision({ dir, message: "a", now: NOW, revId: "a1" });
    const w = writeRevision({ dir, message: "networking", now: NOW, revId: "n1", head: "base", branchLabel: "networking", dependsOn: ["a1"] });
    expect(w.meta).toMatchObject({ downRevisions: [], branchLabels: ["networking"], dependsOn: ["a1"] });
    expect(loadScriptDirectory(dir).graph.bases()).toEqual(["a1", "n1"]);
  });
  const badIds: [string, string][] = [
    ["../x", "bad_revision_id"],
    ["a/b", "bad_revision_id"],
    ["head", "bad_revision_id"],
    ["", "bad_revision_id"],
  ];
  for (const [revId, code] of badIds) {
    test(`revId '${revId}' is refused with ${code}`, () => {
      expect(errorOf(() => writeRevision({ dir, message: "x", now: NOW, revId })).code).toBe(code);
      expect(readdirSync(dir)).toEqual([]);
    });
  }
  test("a revId already in use is refused", () => {
    writeRevision({ dir, message: "a", now: NOW, revId: "a1" });
    expect(errorOf(() => writeRevision({ dir, message: "b", now: NOW, revId: "a1" })).code).toBe("duplicate_revision");
  });
  test("an existing file is never overwritten", () => {
    writeRevision({ dir, message: "same", now: NOW, revId: "a1", fileTemplate: "fixed_{rev}" });
    const graph = loadScriptDirectory(dir).graph;
    writeFileSync(join(dir, "fixed_b1.ts"), "keep me");
    expect(errorOf(() => writeRevision({ dir, graph, message: "same", now: NOW, revId: "b1", fileTemplate: "fixed_{rev}" })).code).toBe("file_exists");
    expect(readFileSync(join(dir, "fixed_b1.ts"), "utf8")).toBe("keep me");
  });
  test("a file template that would leave the folder or lacks {rev} is refused", () => {
    expect(errorOf(() => writeRevision({ dir, message: "x", now: NOW, fileTemplate: "../{rev}" })).code).toBe("bad_file_template");
    expect(errorOf(() => writeRevision({ dir, message: "x", now: NOW, fileTemplate: "{slug}" })).code).toBe("bad_file_template");
    expect(errorOf(() => writeRevision({ dir, message: "x", now: NOW, fileTemplate: "{rev}_{nope}" })).code).toBe("bad_file_template");
  });
});

describe("slugs never leave the migrations folder", () => {
  const cases: [string, string][] = [
    ["Add priority to Artifacts", "add_priority_to_artifacts"],
    ["../../etc/passwd", "etc_passwd"],
    ["a/b\\c", "a_b_c"],
    ["Crème brûlée — über", "creme_brulee_uber"],
    ["日本語", ""],
    ["", ""],
    ["   ", ""],
    ["x".repeat(100), "x".repeat(40)],
    [`${"ab ".repeat(13)}cd`, "ab_ab_ab_ab_ab_ab_ab_ab_ab_ab_ab_ab_ab_c"],
  ];
  for (const [message, slug] of cases) {
    test(`'${message.slice(0, 30)}' -> '${slug}'`, () => {
      expect(slugify(message)).toBe(slug);
      expect(slugify(message)).toMatch(/^[a-z0-9_]{0,40}$/);
    });
  }
  test("hostile and empty messages still produce a file directly inside the folder", () => {
    const messages = ["../../etc/passwd", "/abs/path", "日本語", "", "a\0b"];
    messages.forEach((message, i) => writeRevision({ dir, message, now: NOW, revId: `r${i}`, head: "base" }));
    const names = readdirSync(dir).sort();
    expect(names).toEqual([
      "2025_12_14_1220-r0_etc_passwd.ts",
      "2025_12_14_1220-r1_abs_path.ts",
      "2025_12_14_1220-r2.ts",
      "2025_12_14_1220-r3.ts",
      "2025_12_14_1220-r4_a_b.ts",
    ]);
    expect(existsSync(join(dir, "..", "etc"))).toBe(false);
    expect(loadScriptDirectory(dir).graph.size).toBe(5);
  });
  test("a message containing */ can't end the header comment", () => {
    const w = writeRevision({ dir, message: "evil */ export const revision = 'x';", now: NOW, revId: "r1" });
    expect(loadScriptDirectory(dir).graph.get("r1").revision).toBe("r1");
    expect(w.meta.revision).toBe("r1");
  });
});

describe("merge revisions", () => {
  test("merging two heads writes a revision with both parents", () => {
    writeRevision({ dir, message: "a", now: NOW, revId: "a1" });
    writeRevision({ dir, message: "b", now: NOW, revId: "b1", head: "a1" });
    writeRevision({ dir, message: "c", now: NOW, revId: "c1", head: "a1", splice: true });
    const w = writeMerge({ dir, revisions: ["heads"], message: "merge b and c", now: NOW, revId: "m1" });
    expect(w.meta.downRevisions).toEqual(["b1", "c1"]);
    expect(loadScriptDirectory(dir).graph.heads()).toEqual(["m1"]);
  });
  // Alembic's merge is generate_revision with these heads: one head gives a plain child
  test("merging one head writes a plain child; a revision with its ancestor is refused (not a head)", () => {
    writeRevision({ dir, message: "a", now: NOW, revId: "a1" });
    writeRevision({ dir, message: "b", now: NOW, revId: "b1" });
    expect(errorOf(() => writeMerge({ dir, revisions: ["a1", "b1"], message: "m", now: NOW })).message).toBe(
      "Revision a1 is not a head revision; please specify --splice to create a new branch from this revision",
    );
    expect(errorOf(() => writeMerge({ dir, revisions: ["b1", "b1"], message: "m", now: NOW })).message).toBe("Duplicate head revisions specified");
    expect(writeMerge({ dir, revisions: ["heads"], message: "m", now: NOW, revId: "c1" }).meta.downRevisions).toEqual(["b1"]);
  });
  // Alembic's heads and merge follow down_revision lineage: dependsOn doesn't put two heads on
  // one branch, so the merge is written.
  test.each([
    ["one head dependsOn an ancestor of the other", "a1"],
    ["one head dependsOn the other head itself", "b1"],
  ])("merging two heads where %s writes the merge", (_name, dep) => {
    writeRevision({ dir, message: "a", now: NOW, revId: "a1" });
    writeRevision({ dir, message: "b", now: NOW, revId: "b1" });
    writeRevision({ dir, message: "c", now: NOW, revId: "c1", head: "base", dependsOn: [dep] });
    expect(loadScriptDirectory(dir).graph.heads()).toEqual(["b1", "c1"]);
    const w = writeMerge({ dir, revisions: ["c1", "b1"], message: "all", now: NOW, revId: "m1" });
    expect(w.meta.downRevisions).toEqual(["c1", "b1"]);
    expect(loadScriptDirectory(dir).graph.heads()).toEqual(["m1"]);
  });
  test("merging a revision that is not a head is refused, as in Alembic", () => {
    writeRevision({ dir, message: "a", now: NOW, revId: "a1" });
    writeRevision({ dir, message: "b", now: NOW, revId: "b1" });
    writeRevision({ dir, message: "c", now: NOW, revId: "c1", head: "base" });
    const e = errorOf(() => writeMerge({ dir, revisions: ["a1", "c1"], message: "m", now: NOW }));
    expect(e.code).toBe("not_a_head");
    expect(e.message).toContain("a1");
    expect(readdirSync(dir).length).toBe(3);
  });
});

describe("odd directory entries", () => {
  test("a folder named like a migration is skipped", () => {
    writeFileSync(join(dir, "a.ts"), tsFile("aaa", null));
    mkdirSync(join(dir, "folder.ts"));
    expect(loadScriptDirectory(dir).revisions.map((r) => r.path)).toEqual(["a.ts"]);
  });
});
