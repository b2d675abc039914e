// The metadata cache of a migrations folder, for the commands that only read the graph (heads,
// history, branches, show, current): a file whose recorded state is unchanged is not read again;
// its metadata and checksum come from the record. The commands that change the database or write
// files (upgrade, downgrade, stamp, revision, merge) always read every file.
//
// Two tiers, by the folder's size:
//  - a large folder (MIN_FILES files or more) is checked with git's index rule: size, mtime,
//    ctime, inode and device of every file (node:fs stat, which such a folder loads anyway). Any
//    write moves a file's ctime, which no user tool can set back.
//  - a small folder is checked by the size and mtime (whole ms) of every file and the folder's own
//    mtime, read without node:fs (loading it would cost more than reading 20 files). This is the
//    rule make, rsync and most build caches use; a change it can't see needs a file replaced by
//    one of the same size with its mtime set back to the old one's to the millisecond
//    (MIGRATOR_CACHE_DIR="" turns the cache off for such workflows). `current` over 20 files:
//    7.90 -> 7.42 ms; over 200 files: 13.7 -> 10.5 ms (fresh copies, interleaved runs).
// In both, a file is recorded only once its times are older than the record by more than the
// coarsest timestamp granularity in use (2 s, FAT), so a write in the same tick as the record
// can't go unseen; the list of names is reused only while the folder's own state is the one
// recorded (adding, removing or renaming an entry moves a folder's mtime and ctime). The cache
// lives outside the project, in $MIGRATOR_CACHE_DIR, else $XDG_CACHE_HOME/migrator or
// ~/.cache/migrator, one file per folder; MIGRATOR_CACHE_DIR="" turns it off. A cache that can't
// be read or written is ignored.

import { fs, quickStat, readTextFileIfPresent } from "../sys/files.ts";
import { dirname, join, resolve } from "../sys/paths.ts";
import type { RevisionMeta } from "./types.ts";

/** Folders with this many migration files or more are checked with the full (git) rule. */
export const MIN_FILES = 256;
/** A file is recorded only when its mtime and ctime are this much older than the record. */
const SETTLED_MS = 2000;
/** Bumped whenever what the readers put in RevisionMeta, or the file's layout, changes. */
const FORMAT = 6;

// The file holds no object or array per migration: parsing 10,000 of each was most of the cost of
// reading it (a 10,000-file cache: 9.5 ms to parse as one array per file, 5.5 ms as below; the
// ctime as a difference and no format value: 3.70 -> 3.03 ms warm, -18%).
// Per file name, in the order of `names`:
//  - STAT numbers in `stat`: size, mtimeMs, ctimeMs - mtimeMs (0 for most files: a short number
//    to parse), ino, dev (a size of -1: not recorded; in a small folder's record the last three
//    are 0);
//  - META values in `meta`: revision, downRevisions, branchLabels, dependsOn, message, createDate,
//    transactional, checksum (the format is the name's extension); the three lists joined with
//    "," (ids and labels are [A-Za-z0-9_]: a file whose lists hold a comma is not recorded).
//    Checksums are kept for small folders only: 10,000 of them made the file 40% longer and
//    `heads` / `history` ~7 ms slower, and a large folder's `current` hashes its applied files
//    (null: hash the file's bytes).
const STAT = 5;
const META = 8;
/** In cachedRevisions: a name whose record is new (NEW) or that gets none (NONE). */
const NEW = -1;
const NONE = -2;

/** A file's or folder's state as compared: [size, mtime, ctime - mtime, ino, dev] (a folder's size
 *  is 0). */
type State = [size: number, mtimeMs: number, ctimeAfterMs: number, ino: number, dev: number];

interface CacheFile {
  format: number;
  /** the folder, absolute: two folders never share a file, even after a hash collision */
  dir: string;
  /** checked by size and mtime only (a small folder) */
  light: boolean;
  /** the folder's own state; null when it changed too recently to vouch for its list of names */
  folder: State | null;
  /** every migration file name, sorted, as listed when the cache was written */
  names: string[];
  stat: number[];
  meta: unknown[];
}

/** What the cache gives for a file: its metadata and the checksum of its text (null when the
 *  text is not the file's bytes, e.g. invalid UTF-8: the caller hashes the file instead). */
export interface CachedFile {
  meta: RevisionMeta;
  checksum: string | null;
}

export interface CacheOptions {
  env?: Record<string, string | undefined>;
  /** the caller wants each file's checksum (`current`); without it, files read are hashed only
   *  where their checksums are recorded (small folders) */
  checksums?: boolean;
  /** clock, injectable for tests */
  now?: () => number;
}

const split = (joined: string): string[] => (joined === "" ? [] : joined.split(","));
const joinable = (ids: string[]) => !ids.some((id) => id.includes(","));

/** The record at position `i` of `c`, or null when it is not as this code writes it (edited by
 *  hand, damaged): then the file is read instead. */
function recorded(c: CacheFile, i: number, path: string): CachedFile | null {
  const m = c.meta;
  const k = i * META;
  const revision = m[k];
  const down = m[k + 1];
  const labels = m[k + 2];
  const depends = m[k + 3];
  const message = m[k + 4];
  const createDate = m[k + 5];
  const transactional = m[k + 6];
  const checksum = m[k + 7];
  if (
    typeof revision !== "string" || typeof down !== "string" || typeof labels !== "string" || typeof depends !== "string" ||
    typeof message !== "string" || (createDate !== null && typeof createDate !== "string") || typeof transactional !== "boolean" ||
    (checksum !== null && typeof checksum !== "string")
  ) {
    return null;
  }
  return {
    meta: { revision, downRevisions: split(down), branchLabels: split(labels), dependsOn: split(depends), message, createDate, transactional, path, format: path.endsWith(".sql") ? "sql" : "ts" },
    checksum,
  };
}

/** Where the cache of `dir` is kept, or null when caching is off or there is no home for it. */
export function cachePath(dir: string, env: Record<string, string | undefined> = process.env): string | null {
  const explicit = env.MIGRATOR_CACHE_DIR;
  if (explicit === "") return null;
  const home = env.HOME || env.USERPROFILE;
  const base = explicit ?? (env.XDG_CACHE_HOME ? join(env.XDG_CACHE_HOME, "migrator") : home ? join(home, ".cache", "migrator") : null);
  if (base === null) return null;
  const key = BigInt(Bun.hash(resolve(dir))).toString(16).padStart(16, "0");
  return join(base, `graph-${key}.json`);
}

/** The cache of `dir`, or null when there is none or it is damaged or of another format. Read
 *  without node:fs (a small folder's usual run never loads it). */
function readCache(file: string, dir: string): CacheFile | null {
  try {
    const text = readTextFileIfPresent(file);
    if (text === null) return null;
    const data = JSON.parse(text) as CacheFile;
    if (
      data.format === FORMAT && data.dir === dir && typeof data.light === "boolean" && Array.isArray(data.names) && Array.isArray(data.stat) &&
      Array.isArray(data.meta) && data.stat.length === data.names.length * STAT && data.meta.length === data.names.length * META
    ) {
      return data;
    }
  } catch {
    // unreadable or damaged: read the files
  }
  return null;
}

function writeCache(file: string, data: CacheFile): void {
  const f = fs();
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    f.mkdirSync(dirname(file), { recursive: true });
    f.writeFileSync(tmp, JSON.stringify(data));
    f.renameSync(tmp, file); // whole or not at all, whatever another process does meanwhile
  } catch {
    try {
      f.rmSync(tmp, { force: true });
    } catch {
      /* nothing more to do: the cache is an optimisation */
    }
  }
}

/** A regular file's state in the tier's terms, written into `into` at `at` (no array per file:
 *  10,000 of them showed in `heads`), or false when it is missing or (large folders) not a file;
 *  a small folder's check can't tell a folder named like a migration, whose reading then says
 *  what it is. */
function fileState(path: string, light: boolean, into: number[], at: number): boolean {
  if (light) {
    const st = quickStat(path);
    if (st === null) return false;
    into[at] = st.size;
    into[at + 1] = st.mtimeMs;
    into[at + 2] = 0; // (in index order: the array stays dense)
    into[at + 3] = 0;
    into[at + 4] = 0;
    return true;
  }
  const st = fs().statSync(path, { throwIfNoEntry: false });
  if (st === undefined || !st.isFile()) return false;
  into[at] = st.size;
  into[at + 1] = st.mtimeMs;
  into[at + 2] = st.ctimeMs - st.mtimeMs;
  into[at + 3] = st.ino;
  into[at + 4] = st.dev;
  return true;
}

function folderState(dir: string, light: boolean): State | null {
  if (light) {
    const st = quickStat(dir);
    return st === null ? null : [0, st.mtimeMs, 0, 0, 0];
  }
  const st = fs().statSync(dir, { throwIfNoEntry: false });
  return st === undefined ? null : [0, st.mtimeMs, st.ctimeMs - st.mtimeMs, st.ino, st.dev];
}

/** Older than the record by more than any timestamp granularity (see the top). */
const settled = (st: State, before: number) => st[1] < before && st[1] + st[2] < before;

/** The prefix that names a file of `abs` with the fewest segments: relative to the working folder
 *  when `abs` is inside it. The kernel walks every segment of a path at each stat, which made
 *  the full path's stats of 10,000 files ~2.4 ms slower than the relative ones (15.5 %). */
function statPrefix(abs: string): string {
  const cwd = process.cwd();
  if (abs === cwd) return "";
  return abs.startsWith(`${cwd}/`) ? `${abs.slice(cwd.length + 1)}/` : `${abs}/`;
}

const sameState = (a: readonly unknown[], at: number, b: readonly number[], bt = 0) =>
  a[at] === b[bt] && a[at + 1] === b[bt + 1] && a[at + 2] === b[bt + 2] && a[at + 3] === b[bt + 3] && a[at + 4] === b[bt + 4];

/**
 * The metadata and checksums of the migration files of `dir`, in the order of their names,
 * reading only the files the cache doesn't vouch for (`read` reads one, with its checksum when
 * asked, or returns null for a name that is not a file). `list` lists the folder's migration
 * file names, sorted; it is not called when the folder is unchanged since the cache was
 * written. With caching off, every file is read.
 */
export function cachedRevisions(dir: string, list: () => string[], read: (name: string, checksum: boolean) => CachedFile | null, opts: CacheOptions = {}): CachedFile[] {
  const file = cachePath(dir, opts.env);
  if (file === null) {
    const out: CachedFile[] = [];
    for (const name of list()) {
      const got = read(name, opts.checksums ?? false);
      if (got !== null) out.push(got);
    }
    return out;
  }
  const abs = resolve(dir);
  const old = readCache(file, abs);
  const settledBefore = (opts.now ?? Date.now)() - SETTLED_MS;
  // the folder's names: as recorded while the folder is unchanged (checked in the record's tier)
  let names: string[] | null = null;
  if (old !== null && old.folder !== null) {
    const st = folderState(abs, old.light);
    if (st !== null && settled(st, settledBefore) && sameState(old.folder, 0, st)) names = old.names;
  }
  names ??= list();
  const light = names.length < MIN_FILES;
  // a folder that crossed MIN_FILES changes tier: its old records compare other things
  const prior = old !== null && old.light === light ? old : null;
  const folderNow = names === old?.names ? (old.folder as State) : folderState(abs, light);
  const folder = folderNow !== null && settled(folderNow, settledBefore) ? folderNow : null;
  // where each name's record is in the prior cache: by position while the names are those recorded
  let at: ((name: string, i: number) => number) | null = null;
  if (prior !== null) {
    if (prior.names === names) at = (_name, i) => i;
    else {
      const pos = new Map<string, number>();
      for (let i = 0; i < prior.names.length; i++) pos.set(prior.names[i]!, i);
      at = (name) => pos.get(name) ?? -1;
    }
  }
  const stat: number[] = [];
  // where each name's record comes from if the cache is written again: its position in the prior
  // cache, NEW (its values in `fresh`) or NONE; the flat metadata is built only for a write (an
  // unchanged 10,000-file folder's run used to copy 90,000 values for nothing)
  const from: number[] = [];
  const fresh: unknown[] = [];
  let changed = prior === null || folder === null || prior.folder === null || !sameState(prior.folder, 0, folder);
  const out: CachedFile[] = [];
  const prefix = light ? `${abs}/` : statPrefix(abs); // (a small folder's few stats gain less than process.cwd() costs)
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    // the file's state goes where its record will be (overwritten with -1 if it isn't recorded)
    const o = i * STAT;
    const there = fileState(prefix + name, light, stat, o);
    const j = at === null || !there ? -1 : at(name, i);
    if (j >= 0 && sameState(prior!.stat, j * STAT, stat, o)) {
      const hit = recorded(prior!, j, name);
      if (hit !== null) {
        out.push(hit);
        from.push(j);
        continue;
      }
    }
    // not recorded, changed, gone or not a file: read it as if there were no cache (errors included)
    const got = read(name, light || (opts.checksums ?? false));
    if (got !== null) out.push(got);
    // a file written in the last moments is read again next time rather than recorded (see top)
    const m = got?.meta;
    if (m !== undefined && there && stat[o + 1]! < settledBefore && stat[o + 1]! + stat[o + 2]! < settledBefore && joinable(m.downRevisions) && joinable(m.branchLabels) && joinable(m.dependsOn)) {
      from.push(NEW);
      fresh.push(m.revision, m.downRevisions.join(","), m.branchLabels.join(","), m.dependsOn.join(","), m.message, m.createDate, m.transactional, light ? got!.checksum : null);
      changed = true;
    } else {
      stat[o] = -1;
      stat[o + 1] = 0;
      stat[o + 2] = 0;
      stat[o + 3] = 0;
      stat[o + 4] = 0;
      from.push(NONE);
      if (j >= 0 && prior!.stat[j * STAT] !== -1) changed = true; // a record dropped
    }
  }
  // nothing recordable (every file changed in the last moments, the folder too): no file to write
  const useful = folder !== null || stat.some((v, k) => k % STAT === 0 && v !== -1);
  if (useful && (prior === null || changed || prior.names !== names)) {
    const meta: unknown[] = [];
    let f = 0;
    for (const j of from) {
      if (j >= 0) for (let k = j * META; k < (j + 1) * META; k++) meta.push(prior!.meta[k]);
      else if (j === NEW) for (let k = 0; k < META; k++) meta.push(fresh[f++]);
      else for (let k = 0; k < META; k++) meta.push(null);
    }
    writeCache(file, { format: FORMAT, dir: abs, light, folder, names, stat, meta });
  }
  return out;
}
