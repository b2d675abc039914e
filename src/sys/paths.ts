// Path arithmetic for the start-up paths (config, script directory, SQLite file checks) without
// loading node:path: in the compiled binary that module costs ~0.8 M instructions to load, about
// a tenth of `migrator current`. POSIX semantics as node:path's posix functions have them (the
// tests compare both on generated paths); on Windows every call goes to node:path itself.

const WINDOWS = process.platform === "win32";
let nodePath: typeof import("node:path") | undefined;
const native = () => (nodePath ??= require("node:path") as typeof import("node:path"));

/** The segments of `path` with `.` and empty ones dropped and `..` applied; `..` that climb
 *  above the start are kept for a relative path and dropped for an absolute one. */
function segments(path: string, absolute: boolean): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i < path.length && path.charCodeAt(i) !== 47 /* / */) continue;
    const seg = path.slice(start, i);
    start = i + 1;
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
    } else out.push(seg);
  }
  return out;
}

export function isAbsolute(path: string): boolean {
  return WINDOWS ? native().isAbsolute(path) : path.charCodeAt(0) === 47;
}

/** node:path's resolve(): the absolute, normalized path the arguments name, from the right. */
export function resolve(...parts: string[]): string {
  if (WINDOWS) return native().resolve(...parts);
  let path = "";
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i]!;
    if (p === "") continue;
    path = path === "" ? p : `${p}/${path}`;
    if (p.charCodeAt(0) === 47) break;
  }
  if (path.charCodeAt(0) !== 47) path = path === "" ? process.cwd() : `${process.cwd()}/${path}`;
  return "/" + segments(path, true).join("/");
}

/** node:path's join(): the arguments joined with `/` and normalized (`.` for nothing). */
export function join(...parts: string[]): string {
  if (WINDOWS) return native().join(...parts);
  let path = "";
  for (const p of parts) if (p !== "") path = path === "" ? p : `${path}/${p}`;
  if (path === "") return ".";
  const absolute = path.charCodeAt(0) === 47;
  const trailing = path.charCodeAt(path.length - 1) === 47;
  const body = segments(path, absolute).join("/");
  if (absolute) return "/" + body + (trailing && body !== "" ? "/" : "");
  if (body === "") return trailing ? "./" : ".";
  return body + (trailing ? "/" : "");
}

/** node:path's dirname() (which keeps doubled slashes before the last segment, as here). */
export function dirname(path: string): string {
  if (WINDOWS) return native().dirname(path);
  if (path === "") return ".";
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === 47) end--;
  const slash = path.lastIndexOf("/", end - 1);
  if (slash < 0) return ".";
  if (slash === 0) return "/";
  // "//x": POSIX leaves the meaning of a leading "//" to the system, so node:path keeps it
  if (slash === 1 && path.charCodeAt(0) === 47) return "//";
  return path.slice(0, slash);
}

/** node:path's relative(): the path from `from` to `to` ("" when they are the same). */
export function relative(from: string, to: string): string {
  if (WINDOWS) return native().relative(from, to);
  const a = segments(resolve(from), true);
  const b = segments(resolve(to), true);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const up: string[] = [];
  for (let i = common; i < a.length; i++) up.push("..");
  return [...up, ...b.slice(common)].join("/");
}
