// The metadata cache of migration folders (src/revisions/metadata-cache.ts), in both its tiers
// (a large folder checked with git's rule, a small one by size and mtime): what it answers must
// always be what reading every file answers, checksums included; it reads only files it can't
// vouch for; files and folders changed "just now" are never vouched for; it stays off when
// MIGRATOR_CACHE_DIR is empty; a damaged cache is ignored.
import { describe, expect, test } from "bun:test";
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { cachedRevisions, cachePath, MIN_FILES, type CachedFile } from "../../src/revisions/metadata-cache.ts";
import { listMigrationFiles, loadGraphForDisplay, loadGraphWithChecksums, loadScriptDirectory, readRevisionFile } from "../../src/revisions/script-directory.ts";
import type { RevisionMeta } from "../../src/revisions/types.ts";
import { tempDir } from "../_support/project.ts";

const rev = (i: number) => `r${String(i).padStart(11, "0")}`;
const sqlText = (i: number, message = `step ${i}`) =>
  `-- message: ${message}\n-- revision: ${rev(i)}\n-- down_revision: ${i ? rev(i - 1) : ""}\n\n-- migrate:up\nSELECT ${i};\n\n-- migrate:down\nSELECT ${i};\n`;
const fileName = (i: number) => `${String(i).padStart(5, "0")}_${rev(i)}.sql`;

function folder(n: number): { dir: string; cache: string; env: Record<string, string> } {
  const root = tempDir("migrator-cache-test-");
  const dir = join(root, "migrations");
  require("node:fs").mkdirSync(dir);
  for (let i = 0; i < n; i++) writeFileSync(join(dir, fileName(i)), sqlText(i));
  const cache = join(root, "cache");
  return { dir, cache, env: { MIGRATOR_CACHE_DIR: cache } };
}

/** cachedRevisions with a reader that counts what it reads; `later` pretends the files were
 *  written long enough ago to be vouched for (real time would need a 2-second wait). */
function load(f: { dir: string; env: Record<string, string> }, later = true) {
  const read: string[] = [];
  const reader = (name: string): CachedFile | null => {
    read.push(name);
    const meta = readRevisionFile(f.dir, name);
    return meta === null ? null : { meta, checksum: sha256(readFileSync(join(f.dir, name))) };
  };
  const got = cachedRevisions(f.dir, () => listMigrationFiles(f.dir), reader, {
    env: f.env,
    now: later ? () => Date.now() + 60_000 : Date.now,
  });
  return { got, read };
}

/** The names the cache file holds a record for (a size of -1 marks a name without one). */
const recordedNames = (data: { names: string[]; stat: number[] }) => data.names.filter((_, i) => data.stat[i * 5] !== -1);

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const revisionsOf = (got: CachedFile[]): RevisionMeta[] => got.map((f) => f.meta);

/** Timestamps have a granularity (a few ms on ext4): wait one out before changing a file, as any
 *  real edit after the cache was written would be. */
const nextTick = () => Bun.sleepSync(30);

// a large folder and a small one: each test runs in both tiers
for (const [tier, N] of [["a large folder (git's rule)", MIN_FILES], ["a small folder (size and mtime)", 20]] as const) {
describe(`metadata cache, ${tier}`, () => {
  test("answers what reading every file answers, and reads nothing the second time", () => {
    const f = folder(N + 20);
    const first = load(f);
    expect(first.read.length).toBe(N + 20);
    expect(revisionsOf(first.got)).toEqual(loadScriptDirectory(f.dir).revisions);
    const second = load(f);
    expect(second.read).toEqual([]);
    expect(revisionsOf(second.got)).toEqual(loadScriptDirectory(f.dir).revisions);
    expect(loadGraphForDisplay(f.dir, { env: f.env }).heads()).toEqual([rev(N + 19)]);
  });

  test("lists, merges, labels, dependencies, dates, transactional and TypeScript files come back as read", () => {
    const f = folder(N);
    // a merge of two heads with labels and a dependency, a non-transactional one, and a TS file
    const a = N;
    writeFileSync(join(f.dir, fileName(a)), sqlText(a).replace(`-- down_revision: ${rev(a - 1)}`, `-- down_revision: ${rev(3)}\n-- branch_labels: lab_a, lab_b\n-- depends_on: ${rev(1)}, ${rev(2)}`));
    const m = a + 1;
    writeFileSync(join(f.dir, fileName(m)), sqlText(m).replace(`-- down_revision: ${rev(m - 1)}`, `-- down_revision: ${rev(a - 1)}, ${rev(a)}\n-- transactional: false\n-- create_date: 2026-01-02 03:04:05`));
    writeFileSync(
      join(f.dir, `${String(m + 1).padStart(5, "0")}_${rev(m + 1)}.ts`),
      `/**\n * a TypeScript step\n *\n * Create Date: 2026-02-03 04:05:06\n */\nexport const revision = "${rev(m + 1)}";\nexport const downRevision = "${rev(m)}";\nexport const branchLabels = ["lab_c"];\nexport const transactional = false;\nexport async function upgrade() {}\n`,
    );
    const first = load(f);
    const second = load(f);
    expect(second.read).toEqual([]);
    const want = loadScriptDirectory(f.dir).revisions;
    expect(revisionsOf(first.got)).toEqual(want);
    expect(revisionsOf(second.got)).toEqual(want);
    // the interesting ones really are in there
    const byRev = new Map(revisionsOf(second.got).map((r) => [r.revision, r]));
    expect(byRev.get(rev(a))!.branchLabels).toEqual(["lab_a", "lab_b"]);
    expect(byRev.get(rev(a))!.dependsOn).toEqual([rev(1), rev(2)]);
    expect(byRev.get(rev(m))!.downRevisions).toEqual([rev(a - 1), rev(a)]);
    expect(byRev.get(rev(m))!.transactional).toBe(false);
    expect(byRev.get(rev(m + 1))!.format).toBe("ts");
    expect(byRev.get(rev(m + 1))!.createDate).toBe("2026-02-03 04:05:06");
  });

  test("a cache file whose arrays don't match its names is ignored as a whole", () => {
    const f = folder(N);
    load(f);
    const file = cachePath(f.dir, f.env)!;
    const data = JSON.parse(readFileSync(file, "utf8"));
    data.stat.pop();
    writeFileSync(file, JSON.stringify(data));
    expect(load(f).read.length).toBe(N);
    expect(load(f).read).toEqual([]);
  });

  test("a file edited in place, even to the same size, is read again", () => {
    const f = folder(N);
    load(f);
    nextTick();
    const path = join(f.dir, fileName(7));
    const before = readFileSync(path, "utf8");
    writeFileSync(path, before.replace("step 7", "step X")); // same length
    const again = load(f);
    expect(again.read).toEqual([fileName(7)]);
    expect(revisionsOf(again.got)[7]!.message).toBe("step X");
  });

  test("an edit is seen whatever the working folder: the project, the migrations folder, elsewhere", () => {
    // a large folder's files are looked at by the shortest path from the working folder
    const f = folder(N);
    const start = process.cwd();
    try {
      for (const [k, cwd] of [join(f.dir, ".."), f.dir, "/"].entries()) {
        process.chdir(cwd);
        expect(load(f).read.length).toBe(k === 0 ? N : 0); // recorded on the first pass
        nextTick();
        const path = join(f.dir, fileName(3));
        writeFileSync(path, readFileSync(path, "utf8").replace(/step \w+/, `step ${"ABC"[k]}`));
        const again = load(f);
        expect(again.read).toEqual([fileName(3)]);
        expect(revisionsOf(again.got)[3]!.message).toBe(`step ${"ABC"[k]}`);
      }
    } finally {
      process.chdir(start);
    }
  });

  test("a file whose down_revision changes moves the heads the graph shows", () => {
    const f = folder(N);
    load(f);
    nextTick();
    // branch the last revision off the first one: two heads instead of one
    const last = N - 1;
    writeFileSync(join(f.dir, fileName(last)), sqlText(last).replace(`-- down_revision: ${rev(last - 1)}`, `-- down_revision: ${rev(0)}`));
    expect(loadGraphForDisplay(f.dir, { env: f.env }).heads().sort()).toEqual([rev(last - 1), rev(last)].sort());
  });

  test("added and removed files are seen (the folder's own times change)", () => {
    const n = N + 5;
    const f = folder(n);
    load(f);
    nextTick();
    writeFileSync(join(f.dir, fileName(n)), sqlText(n));
    const added = load(f);
    expect(added.read).toEqual([fileName(n)]);
    expect(revisionsOf(added.got).length).toBe(n + 1);
    nextTick();
    rmSync(join(f.dir, fileName(n)));
    rmSync(join(f.dir, fileName(n - 1)));
    const removed = load(f);
    expect(removed.read).toEqual([]);
    expect(revisionsOf(removed.got).map((m) => m.revision)).toEqual(loadScriptDirectory(f.dir).revisions.map((m) => m.revision));
    expect(revisionsOf(removed.got).length).toBe(n - 1);
  });

  test("files and a folder changed within the last 2 seconds are not vouched for: read every time", () => {
    const f = folder(N);
    expect(load(f, false).read.length).toBe(N);
    expect(load(f, false).read.length).toBe(N);
    // nothing could be recorded: no cache file is written at all
    expect(existsSync(cachePath(f.dir, f.env)!)).toBe(false);
  });

  test("checksums come back from a small folder's cache as they were taken from the files (a large folder's: none)", () => {
    const f = folder(N);
    const read = loadGraphWithChecksums(f.dir, { env: f.env, now: () => Date.now() + 60_000 });
    const cached = loadGraphWithChecksums(f.dir, { env: f.env, now: () => Date.now() + 60_000 });
    expect(read.checksums.get(fileName(3))).toBe(sha256(readFileSync(join(f.dir, fileName(3)))));
    if (N < MIN_FILES) expect([...cached.checksums]).toEqual([...read.checksums]);
    else expect([...cached.checksums.values()].every((c) => c === null)).toBe(true); // the caller hashes the bytes
    expect(load(f).read).toEqual([]); // the second call above came from the cache
  });

  test("MIGRATOR_CACHE_DIR set to nothing turns the cache off: every file is read, nothing written", () => {
    const f = folder(N);
    f.env.MIGRATOR_CACHE_DIR = "";
    expect(cachePath(f.dir, f.env)).toBeNull();
    expect(load(f).read.length).toBe(N);
    expect(load(f).read.length).toBe(N);
    expect(existsSync(f.cache)).toBe(false);
  });

  test("the cache lives under XDG_CACHE_HOME or ~/.cache, one file per folder", () => {
    expect(cachePath("/a/migrations", { XDG_CACHE_HOME: "/x" })).toStartWith("/x/migrator/graph-");
    expect(cachePath("/a/migrations", { HOME: "/home/u" })).toStartWith("/home/u/.cache/migrator/graph-");
    expect(cachePath("/a/migrations", { HOME: "/h" })).not.toBe(cachePath("/b/migrations", { HOME: "/h" }));
    expect(cachePath("/a/migrations", {})).toBeNull();
  });

  test("entries edited by hand (wrong shapes) are not believed: those files are read again", () => {
    const f = folder(N);
    load(f);
    const file = cachePath(f.dir, f.env)!;
    const data = JSON.parse(readFileSync(file, "utf8"));
    expect(recordedNames(data)).toHaveLength(N);
    const META = data.meta.length / data.names.length; // values per file
    data.meta[1 * META + 1] = ["not", "joined"]; // downRevisions
    data.meta[2 * META + 6] = "forged"; // transactional
    data.meta[3 * META] = 42; // revision
    data.meta[4 * META + 5] = 7; // createDate
    writeFileSync(file, JSON.stringify(data));
    const again = load(f);
    expect(again.read.sort()).toEqual([fileName(1), fileName(2), fileName(3), fileName(4)]);
    expect(revisionsOf(again.got)).toEqual(loadScriptDirectory(f.dir).revisions);
  });

  test("a damaged cache file is ignored and written anew; a file with bad metadata still fails as without a cache", () => {
    const f = folder(N);
    load(f);
    const file = cachePath(f.dir, f.env)!;
    writeFileSync(file, "{ not json");
    const again = load(f);
    expect(again.read.length).toBe(N);
    expect(load(f).read).toEqual([]);
    nextTick();
    appendFileSync(join(f.dir, fileName(3)), "-- migrate:up\n"); // a second up marker
    expect(() => load(f)).toThrow("second `-- migrate:up` marker");
    expect(readdirSync(f.cache).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });
});
}

describe("metadata cache tiers", () => {
  test("a folder that grows past MIN_FILES changes tier and still answers what reading answers", () => {
    const f = folder(MIN_FILES - 2);
    const later = () => Date.now() + 60_000;
    cachedRevisions(f.dir, () => listMigrationFiles(f.dir), (n) => ({ meta: readRevisionFile(f.dir, n)!, checksum: null }), { env: f.env, now: later });
    expect(JSON.parse(readFileSync(cachePath(f.dir, f.env)!, "utf8")).light).toBe(true);
    nextTick();
    for (let i = MIN_FILES - 2; i < MIN_FILES + 3; i++) writeFileSync(join(f.dir, fileName(i)), sqlText(i));
    const { got, read } = load(f);
    expect(read.length).toBe(MIN_FILES + 3); // the small folder's records compare other things: all read
    expect(revisionsOf(got)).toEqual(loadScriptDirectory(f.dir).revisions);
    expect(JSON.parse(readFileSync(cachePath(f.dir, f.env)!, "utf8")).light).toBe(false);
    expect(load(f).read).toEqual([]);
  });
});
