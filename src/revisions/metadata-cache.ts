// The metadata cache of a large migrations folder, for the commands that only show the graph
// (heads, history, branches, show): a file whose size, times, inode and device are those
// recorded with its metadata is not read again. The commands that change the database or write
// files (upgrade, downgrade, stamp, current, revision, merge) always read every file.
//
// Soundness is git's index rule: any write to a file moves its ctime, which no user tool can set
// back, and a file is recorded only once its times are older than the record by more than the
// coarsest timestamp granularity in use (2 s, FAT), so a write in the same tick as the record
// can't go unseen. Folders under MIN_FILES files are never cached (reading them costs less than
// loading node:fs to stat them). The cache lives outside the project, in
// $MIGRATOR_CACHE_DIR, else $XDG_CACHE_HOME/migrator or ~/.cache/migrator, one file per folder;
// MIGRATOR_CACHE_DIR="" turns it off. A cache that can't be read or written is ignored.

import { fs, pathExists } from "../sys/files.ts";
import { dirname, join, resolve } from "../sys/paths.ts";
import type { RevisionMeta } from "./types.ts";

/** Folders with fewer migration files are read whole every time. */
export const MIN_FILES = 256;
/** A file is recorded only when its mtime and ctime are this much older than the record. */
const SETTLED_MS = 2000;
/** Bumped whenever what the readers put in RevisionMeta changes. */
const FORMAT = 3;

/** One file, as a JSON array (a third of the size of an object, so it parses in a third of the
 *  time): what identifies the file's state, then its metadata. */
type Entry = [
  size: number,
  mtimeMs: number,
  ctimeMs: number,
  ino: number,
  dev: number,
  revision: string,
  downRevisions: string[],
  branchLabels: string[],
  dependsOn: string[],
  message: string,
  createDate: string | null,
  transactional: boolean,
  format: RevisionMeta["format"],
];

/** The folder's own state: unchanged (and settled), it has the same names as when recorded, since
 *  adding, removing or renaming an entry moves a folder's mtime and ctime. */
type FolderState = [mtimeMs: number, ctimeMs: number, ino: number, dev: number];

interface CacheFile {
  format: number;
  /** the folder, absolute: two folders never share a file, even after a hash collision */
  dir: string;
  /** null when the folder changed too recently to vouch for its list of names */
  folder: FolderState | null;
  /** every migration file name, sorted, as listed when the cache was written */
  names: string[];
  entries: Record<string, Entry>;
}

const metaOf = (e: Entry, path: string): RevisionMeta => ({
  revision: e[5],
  downRevisions: e[6],
  branchLabels: e[7],
  dependsOn: e[8],
  message: e[9],
  createDate: e[10],
  transactional: e[11],
  path,
  format: e[12],
});

export interface CacheOptions {
  env?: Record<string, string | undefined>;
  /** clock, injectable for tests */
  now?: () => number;
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

function readCache(file: string, dir: string): CacheFile | null {
  try {
    const data = JSON.parse(fs().readFileSync(file, "utf8")) as CacheFile;
    if (data.format === FORMAT && data.dir === dir && Array.isArray(data.names) && data.entries !== null && typeof data.entries === "object") return data;
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

/** An entry as this code writes them: anything else in the file (edited by hand, damaged) is
 *  not believed, and the file is read instead. */
const wellFormed = (e: unknown): e is Entry =>
  Array.isArray(e) && e.length === 13 && typeof e[5] === "string" && Array.isArray(e[6]) && Array.isArray(e[7]) && Array.isArray(e[8]) &&
  typeof e[9] === "string" && (e[10] === null || typeof e[10] === "string") && typeof e[11] === "boolean" && (e[12] === "ts" || e[12] === "sql");

const sameFolder = (a: FolderState | null, b: FolderState | null) => a !== null && b !== null && a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];

/**
 * The metadata of the migration files of `dir`, reading only the files the cache doesn't vouch
 * for (`read` reads one, or returns null for a name that is not a file). `list` lists the
 * folder's migration file names, sorted; it is not called when the folder is unchanged since
 * the cache was written. Answers `{ names }` when the folder is not to be cached (too small,
 * caching off), for the caller to read those files itself.
 */
export function cachedRevisions(
  dir: string,
  list: () => string[],
  read: (name: string) => RevisionMeta | null,
  opts: CacheOptions = {},
): { revisions: RevisionMeta[] } | { names: string[] } {
  const file = cachePath(dir, opts.env);
  // no cache file yet: a small folder never loads node:fs here
  let names: string[] | null = null;
  if (file === null || !pathExists(file)) {
    names = list();
    if (file === null || names.length < MIN_FILES) return { names };
  }
  const abs = resolve(dir);
  const f = fs();
  const old = readCache(file, abs);
  const settledBefore = (opts.now ?? Date.now)() - SETTLED_MS;
  const dirSt = f.statSync(abs, { throwIfNoEntry: false });
  const folder: FolderState | null = dirSt !== undefined && dirSt.mtimeMs < settledBefore && dirSt.ctimeMs < settledBefore ? [dirSt.mtimeMs, dirSt.ctimeMs, dirSt.ino, dirSt.dev] : null;
  if (names === null) names = old !== null && sameFolder(old.folder, folder) ? old.names : list();
  if (names.length < MIN_FILES) return { names };
  const entries = old?.entries ?? {};
  const fresh: Record<string, Entry> = {};
  let changed = old === null || !sameFolder(old.folder, folder);
  const out: RevisionMeta[] = [];
  for (const name of names) {
    const st = f.statSync(`${abs}/${name}`, { throwIfNoEntry: false });
    const hit = st !== undefined ? entries[name] : undefined;
    if (st !== undefined && wellFormed(hit) && hit[0] === st.size && hit[1] === st.mtimeMs && hit[2] === st.ctimeMs && hit[3] === st.ino && hit[4] === st.dev) {
      out.push(metaOf(hit, name));
      fresh[name] = hit;
      continue;
    }
    // not recorded, changed, gone or not a file: read it as if there were no cache (errors included)
    const meta = read(name);
    if (meta === null) continue;
    out.push(meta);
    // a file written in the last moments is read again next time rather than recorded (see top)
    if (st !== undefined && st.isFile() && st.mtimeMs < settledBefore && st.ctimeMs < settledBefore) {
      const m = meta;
      fresh[name] = [st.size, st.mtimeMs, st.ctimeMs, st.ino, st.dev, m.revision, m.downRevisions, m.branchLabels, m.dependsOn, m.message, m.createDate, m.transactional, m.format];
      changed = true;
    }
  }
  if (changed || Object.keys(entries).length !== Object.keys(fresh).length) writeCache(file, { format: FORMAT, dir: abs, folder, names, entries: fresh });
  return { revisions: out };
}
