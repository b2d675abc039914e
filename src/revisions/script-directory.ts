// The script directory: with write-revision.ts, the only files of the revision engine that touch
// the file system. Lists the migrations folder (top level only: *.ts except *.d.ts, and *.sql;
// names starting with `_` or `.` and subfolders are ignored) and reads each file's metadata
// statically; write-revision.ts writes new revision and merge files.
import { RevisionError } from "../errors.ts";
import { listDir, readTextFile } from "../sys/files.ts";
import { join } from "../sys/paths.ts";
import { cachedRevisions, type CachedFile, type CacheOptions } from "./metadata-cache.ts";
import { readSqlFile, type SqlLayout } from "./sql-format.ts";
import { RevisionGraph } from "./revision-graph.ts";
import type { RevisionMeta } from "./types.ts";

// The TypeScript metadata reader (a tokenizer, and a large expression compiled when the module
// loads) is loaded with the first .ts file: a folder of SQL migrations never pays for it
// (`current` on the compiled binary: ~0.4 ms of ~7 ms). `require` keeps the read synchronous; the
// bundler makes the module a chunk of its own, loaded at this call.
let tsReader: typeof import("./read-ts-metadata.ts") | undefined;
export function readTsMetadata(text: string, path: string): RevisionMeta {
  tsReader ??= require("./read-ts-metadata.ts") as typeof import("./read-ts-metadata.ts");
  return tsReader.readTsMetadata(text, path);
}

export interface ScriptDirectory {
  /** The migrations folder as given. */
  dir: string;
  revisions: RevisionMeta[];
  graph: RevisionGraph;
  /** Each migration's text as read for its metadata, by its path (name) relative to `dir`: the
   *  runner uses it instead of reading the file a second time. */
  sources: Map<string, string>;
  /** Where each SQL migration's sections are in its text (in `sources`), by the same path. */
  sqlLayouts: Map<string, SqlLayout>;
}

/** True for names the script directory treats as migrations. */
// Character codes rather than startsWith/endsWith: this runs once per name while the code is
// still interpreted, where each builtin call costs more than a few comparisons (10,000 names:
// ~4 ms down to ~1 ms).
export function isMigrationFileName(name: string): boolean {
  const n = name.length;
  const first = name.charCodeAt(0);
  if (first === 95 /* _ */ || first === 46 /* . */) return false;
  // ".ts" but not ".d.ts"
  if (n > 3 && name.charCodeAt(n - 3) === 46 && name.charCodeAt(n - 2) === 116 && name.charCodeAt(n - 1) === 115) {
    return !(n >= 5 && name.charCodeAt(n - 5) === 46 && name.charCodeAt(n - 4) === 100);
  }
  // ".sql"
  return n > 4 && name.charCodeAt(n - 4) === 46 && name.charCodeAt(n - 3) === 115 && name.charCodeAt(n - 2) === 113 && name.charCodeAt(n - 1) === 108;
}

/** Migration file names in `dir`, sorted (the date prefix makes this chronological). */
export function listMigrationFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = listDir(dir);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new RevisionError("migrations_dir_missing", `migrations folder '${dir}' does not exist`, { hint: "run `migrator init`, or set `migrations` in migrator.toml", cause: e });
    }
    throw new RevisionError("migrations_dir_unreadable", `can't read migrations folder '${dir}': ${(e as Error).message}`, { cause: e });
  }
  const names: string[] = [];
  // Names only (no Dirent objects): a folder named like a migration is skipped when read.
  for (const e of entries) if (isMigrationFileName(e)) names.push(e);
  return names.sort();
}

/** Reads one migration's metadata (null for a folder named like a migration); `name` is relative to `dir`. */
export function readRevisionFile(dir: string, name: string, displayPrefix = ""): RevisionMeta | null {
  return readRevisionFileWithText(dir, name, displayPrefix)?.meta ?? null;
}

function readRevisionFileWithText(dir: string, name: string, displayPrefix: string): { meta: RevisionMeta; text: string; layout?: SqlLayout } | null {
  // Plain concatenation: path.join showed up in profiles at 10,000 files.
  const full = dir.endsWith("/") ? dir + name : `${dir}/${name}`;
  let text: string;
  try {
    text = readTextFile(full);
  } catch (e) {
    if ((e as { code?: string }).code === "EISDIR") return null;
    throw new RevisionError("migration_unreadable", `can't read ${displayPrefix}${name}: ${(e as Error).message}`, { cause: e });
  }
  const shown = displayPrefix + name;
  if (name.endsWith(".sql")) {
    const { meta, layout } = readSqlFile(text, shown);
    meta.path = name;
    return { meta, text, layout };
  }
  const meta = readTsMetadata(text, shown);
  meta.path = name;
  return { meta, text };
}

export interface LoadOptions {
  /** Prefix shown before file names in errors, e.g. "migrations/" (default: dir + "/"). */
  displayPrefix?: string;
}

function trimTrailingSlashes(dir: string): string {
  let end = dir.length;
  while (end > 0 && (dir[end - 1] === "/" || dir[end - 1] === "\\")) end--;
  return dir.slice(0, end);
}

/** Reads every migration's metadata and builds (and validates) the revision graph. */
export function loadScriptDirectory(dir: string, opts: LoadOptions = {}): ScriptDirectory {
  const prefix = opts.displayPrefix ?? `${trimTrailingSlashes(dir)}/`;
  const revisions: RevisionMeta[] = [];
  const sources = new Map<string, string>();
  const sqlLayouts = new Map<string, SqlLayout>();
  for (const name of listMigrationFiles(dir)) {
    const read = readRevisionFileWithText(dir, name, prefix);
    if (read === null) continue;
    revisions.push(read.meta);
    sources.set(name, read.text);
    if (read.layout) sqlLayouts.set(name, read.layout);
  }
  return { dir, revisions, graph: new RevisionGraph(revisions), sources, sqlLayouts };
}

/** The checksum recorded for a migration that ran: SHA-256 of the file's bytes, in hex. */
export function checksumOf(text: string | Uint8Array): string {
  // the one-shot form: about 3x faster than a CryptoHasher per file over 1,000 files
  return Bun.SHA256.hash(text, "hex") as string;
}

/** The checksum of a file from its decoded text, or null when the text is not the file's bytes
 *  (invalid UTF-8 decodes to U+FFFD): then only the bytes give the checksum. */
const textChecksum = (text: string): string | null => (text.includes("\uFFFD") ? null : checksumOf(text));

/** The checksum of a text read from a migration file (undefined: none was read), or null when
 *  only the file's bytes can give it (see textChecksum). */
export const sourceChecksum = (text: string | undefined): string | null => (text === undefined ? null : textChecksum(text));

/** The graph, and each file's checksum by its path (null: hash the file's bytes). */
export interface GraphWithChecksums {
  graph: RevisionGraph;
  checksums: Map<string, string | null>;
}

/**
 * The validated revision graph of `dir` for reading it (heads, history, branches, show, current),
 * with each file's checksum: unchanged files come from the metadata cache (metadata-cache.ts)
 * instead of being read. Never plan a change with it: upgrade, stamp, revision ... read every file.
 */
export function loadGraphWithChecksums(dir: string, opts: LoadOptions & CacheOptions = {}): GraphWithChecksums {
  const files = cachedFiles(dir, { ...opts, checksums: true });
  const revisions: RevisionMeta[] = [];
  const checksums = new Map<string, string | null>();
  for (const f of files) {
    revisions.push(f.meta);
    checksums.set(f.meta.path, f.checksum);
  }
  return { graph: new RevisionGraph(revisions), checksums };
}

/** The graph alone, for what heads, history, branches and show draw (no checksum map). */
export function loadGraphForDisplay(dir: string, opts: LoadOptions & CacheOptions = {}): RevisionGraph {
  const files = cachedFiles(dir, { ...opts, checksums: false });
  const revisions: RevisionMeta[] = [];
  for (const f of files) revisions.push(f.meta);
  return new RevisionGraph(revisions);
}

function cachedFiles(dir: string, opts: LoadOptions & CacheOptions): CachedFile[] {
  const prefix = opts.displayPrefix ?? `${trimTrailingSlashes(dir)}/`;
  const read = (name: string, checksum: boolean): CachedFile | null => {
    const got = readRevisionFileWithText(dir, name, prefix);
    return got === null ? null : { meta: got.meta, checksum: checksum ? textChecksum(got.text) : null };
  };
  return cachedRevisions(dir, () => listMigrationFiles(dir), read, opts);
}

/** The validated revision graph of `dir` (shorthand for loadScriptDirectory(dir).graph). */
export function loadGraph(dir: string, opts: LoadOptions = {}): RevisionGraph {
  return loadScriptDirectory(dir, opts).graph;
}

/** Full text of a migration file (for the executor: checksums, SQL sections). */
export function readRevisionSource(dir: string, meta: RevisionMeta): string {
  return readTextFile(join(dir, meta.path));
}
