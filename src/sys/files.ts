// File reading for the start-up paths (config, the migrations folder, the SQLite header check)
// without loading node:fs: in the compiled binary that module alone costs ~2.7 M instructions,
// a fifth of `migrator current` (callgrind; hello-world is 3.4 M). Files are mapped with
// Bun.mmap and decoded at once, folders listed with Bun.Glob. Whatever the fast way can't do
// (an empty file, a FIFO, an error to report, Windows) goes to node:fs, which then also gives
// the usual error (ENOENT, EISDIR, EACCES ...) with its code.

const MMAP = process.platform !== "win32";
let nodeFs: typeof import("node:fs") | undefined;
/** node:fs, loaded on first need. */
export const fs = (): typeof import("node:fs") => (nodeFs ??= require("node:fs") as typeof import("node:fs"));

// ignoreBOM keeps a byte-order mark in the text, as Buffer#toString does: checksums of applied
// files are taken from these texts and must not change with the way a file was read.
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** Why the last mapping failed (its error code), for callers that can answer from it alone. */
let mapError: string | undefined;

function mapped(path: string, size?: number): Uint8Array | null {
  if (!MMAP) return null;
  try {
    // private, read-only use: the text is decoded (copied) before this returns. (Bun opens the
    // file read-write to map it; where it may not, the fallback reads it.)
    return Bun.mmap(path, size === undefined ? { shared: false } : { shared: false, size });
  } catch (e) {
    mapError = (e as { code?: string }).code;
    return null; // an empty file (EINVAL), not a regular file, missing, unreadable
  }
}

/** The last mapping failed because nothing is at the path. */
const missing = () => mapError === "ENOENT" || mapError === "ENOTDIR";

// Mapping pays a page fault and an unmap per file: cheap for the few files a command starts
// with, dear for a folder of thousands (`heads` over 10,000 files: 192 ms mapped against 112 ms
// read), where loading node:fs is soon paid back. So the first files are mapped and the rest read.
const MAPPED_FILES = 32;
let mappedCount = 0;
const CHUNK = 16 * 1024;
let chunk: Buffer | undefined;

/** readTextFile(), or null when nothing is at the path (no node:fs for that answer). */
export function readTextFileIfPresent(path: string): string | null {
  const bytes = mapped(path);
  if (bytes !== null) return utf8.decode(bytes);
  if (MMAP && missing()) return null;
  try {
    return fs().readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw e;
  }
}

/** The file's text, UTF-8 decoded (invalid bytes become U+FFFD); node:fs's error when unreadable. */
export function readTextFile(path: string): string {
  if (mappedCount < MAPPED_FILES) {
    mappedCount++;
    const bytes = mapped(path);
    if (bytes !== null) return utf8.decode(bytes);
  }
  return readWithFs(path);
}

/** One read() into a reused buffer for the usual small file. */
function readWithFs(path: string): string {
  const f = fs();
  const fd = f.openSync(path, 0); // O_RDONLY as a number: skips parsing the flag string (1,000 files: -0.3 ms)
  try {
    chunk ??= Buffer.allocUnsafe(CHUNK);
    let n = f.readSync(fd, chunk, 0, CHUNK, 0);
    if (n < CHUNK) return chunk.toString("utf8", 0, n);
    const parts: Buffer[] = [Buffer.from(chunk)];
    let total = n;
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK * 4);
      n = f.readSync(fd, buf, 0, buf.length, total);
      if (n <= 0) break;
      parts.push(buf.subarray(0, n));
      total += n;
    }
    return Buffer.concat(parts, total).toString("utf8");
  } finally {
    f.closeSync(fd);
  }
}

/** The first `n` bytes of a file (fewer when it is shorter); node:fs's error when unreadable. */
export function readFileHead(path: string, n: number): Uint8Array {
  const bytes = mapped(path, n);
  // a mapping covers whole pages: past the end of a short file it reads zeros, so cut it to size
  if (bytes !== null) {
    const size = Bun.file(path).size;
    return bytes.subarray(0, Math.min(n, size));
  }
  if (MMAP && missing()) throw Object.assign(new Error(`${mapError}: no such file or directory, open '${path}'`), { code: mapError });
  const f = fs();
  const fd = f.openSync(path, "r");
  try {
    const buf = new Uint8Array(n);
    return buf.subarray(0, f.readSync(fd, buf, 0, n, 0));
  } finally {
    f.closeSync(fd);
  }
}

/** existsSync(): false for a missing path (or one that can't be looked up), true for anything there. */
export function pathExists(path: string): boolean {
  if (MMAP) {
    if (mapped(path, 1) !== null) return true;
    if (missing()) return false; // the usual "no": answered without loading node:fs
  }
  return fs().existsSync(path);
}

/** A folder whose own size (st_size) is above this lists faster with node:fs than with
 *  Bun.Glob (1,000 names: 1.4 ms against 1.9-2.5 ms, node:fs's loading included; 10,000: 6 ms
 *  against 10-21 ms; 20 names: 1.1 ms against 0.3-0.6 ms). A folder's size grows with its
 *  entries on the common file systems (ext4: 4 KB up to ~80 names, 20 KB at 200, 86 KB at
 *  1,000); either way lists the same names. */
const LARGE_FOLDER_BYTES = 16 * 1024;

/** readdirSync(dir): every name in a folder (files, folders, links), unsorted; node:fs's error
 *  (ENOENT, ENOTDIR ...) when the folder can't be read. */
export function listDir(dir: string): string[] {
  if (MMAP && !(Bun.file(dir).size > LARGE_FOLDER_BYTES)) {
    const names: string[] = [];
    try {
      for (const name of new Bun.Glob("*").scanSync({ cwd: dir, dot: true, onlyFiles: false })) names.push(name);
      return names;
    } catch {
      // node:fs says why below
    }
  }
  return fs().readdirSync(dir);
}

/** A path's size and modification time (whole ms) without node:fs, or null when nothing is there:
 *  what the metadata cache compares for a small folder. (Bun answers a missing path with size 0
 *  and a sentinel time beyond any real date.) */
export function quickStat(path: string): { size: number; mtimeMs: number } | null {
  const f = Bun.file(path);
  const mtimeMs = f.lastModified;
  if (!(mtimeMs < 2 ** 50)) return null;
  return { size: f.size, mtimeMs };
}
