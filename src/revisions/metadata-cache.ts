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
/** Bumped whenever what the readers put in RevisionMeta, or the file's layout, changes. */
const FORMAT = 4;

// The file holds no object or array per migration: parsing 10,000 of each was most of the cost of
// reading it (a 10,000-file cache: 9.5 ms to parse as one array per file, 5.5 ms as below).
// Per file name, in the order of `names`:
//  - STAT numbers in `stat`: size, mtimeMs, ctimeMs, ino, dev (a size of -1: not recorded);
//  - META values in `meta`: revision, downRevisions, branchLabels, dependsOn, message, createDate,
//    transactional, format; the three lists joined with "," (ids and labels are [A-Za-z0-9_]:
//    a file whose lists hold a comma is not recorded).
const STAT = 5;
const META = 8;

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
  stat: number[];
  meta: unknown[];
}

const list = (joined: string): string[] => (joined === "" ? [] : joined.split(","));
const joinable = (ids: string[]) => !ids.some((id) => id.includes(","));

/** The recorded metadata at record `i` of `c`, or null when it is not as this code writes it
 *  (edited by hand, damaged): then the file is read instead. */
function recorded(c: CacheFile, i: number, path: string): RevisionMeta | null {
  const m = c.meta;
  const k = i * META;
  const revision = m[k];
  const down = m[k + 1];
  const labels = m[k + 2];
  const depends = m[k + 3];
  const message = m[k + 4];
  const createDate = m[k + 5];
  const transactional = m[k + 6];
  const format = m[k + 7];
  if (
    typeof revision !== "string" || typeof down !== "string" || typeof labels !== "string" || typeof depends !== "string" ||
    typeof message !== "string" || (createDate !== null && typeof createDate !== "string") || typeof transactional !== "boolean" ||
    (format !== "ts" && format !== "sql")
  ) {
    return null;
  }
  return { revision, downRevisions: list(down), branchLabels: list(labels), dependsOn: list(depends), message, createDate, transactional, path, format };
}

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
    if (
      data.format === FORMAT && data.dir === dir && Array.isArray(data.names) && Array.isArray(data.stat) && Array.isArray(data.meta) &&
      data.stat.length === data.names.length * STAT && data.meta.length === data.names.length * META
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
  // where each name's record is in the old cache: by position while the names are those recorded
  let at: ((name: string, i: number) => number) | null = null;
  if (old !== null) {
    if (old.names === names) at = (_name, i) => i;
    else {
      const pos = new Map<string, number>();
      old.names.forEach((n, i) => pos.set(n, i));
      at = (name) => pos.get(name) ?? -1;
    }
  }
  const stat: number[] = [];
  const meta: unknown[] = [];
  let changed = old === null || !sameFolder(old.folder, folder);
  const out: RevisionMeta[] = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const st = f.statSync(`${abs}/${name}`, { throwIfNoEntry: false });
    const j = at === null || st === undefined ? -1 : at(name, i);
    if (j >= 0) {
      const os = old!.stat;
      const o = j * STAT;
      if (os[o] === st!.size && os[o + 1] === st!.mtimeMs && os[o + 2] === st!.ctimeMs && os[o + 3] === st!.ino && os[o + 4] === st!.dev) {
        const m = recorded(old!, j, name);
        if (m !== null) {
          out.push(m);
          stat.push(os[o]!, os[o + 1]!, os[o + 2]!, os[o + 3]!, os[o + 4]!);
          for (let k = j * META; k < (j + 1) * META; k++) meta.push(old!.meta[k]);
          continue;
        }
      }
    }
    // not recorded, changed, gone or not a file: read it as if there were no cache (errors included)
    const m = read(name);
    if (m !== null) out.push(m);
    // a file written in the last moments is read again next time rather than recorded (see top)
    if (m !== null && st !== undefined && st.isFile() && st.mtimeMs < settledBefore && st.ctimeMs < settledBefore && joinable(m.downRevisions) && joinable(m.branchLabels) && joinable(m.dependsOn)) {
      stat.push(st.size, st.mtimeMs, st.ctimeMs, st.ino, st.dev);
      meta.push(m.revision, m.downRevisions.join(","), m.branchLabels.join(","), m.dependsOn.join(","), m.message, m.createDate, m.transactional, m.format);
      changed = true;
    } else {
      stat.push(-1, 0, 0, 0, 0);
      for (let k = 0; k < META; k++) meta.push(null);
      if (j >= 0 && old!.stat[j * STAT] !== -1) changed = true; // a record dropped
    }
  }
  if (changed || old === null || old.names !== names) writeCache(file, { format: FORMAT, dir: abs, folder, names, stat, meta });
  return { revisions: out };
}
