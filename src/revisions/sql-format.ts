// Reads a plain-SQL migration (DESIGN.md §4): `-- key: value` header lines, then `-- migrate:up`
// and an optional `-- migrate:down` section (dbmate's markers; `transaction:false` after the
// up marker is accepted as dbmate writes it).
import { badMetadata } from "./revision-errors.ts";
import { isIdChar, isPlainId, revisionIdProblem } from "./revision-id.ts";
import type { RevisionMeta } from "./types.ts";

const KEYS = ["revision", "down_revision", "branch_labels", "depends_on", "message", "create_date", "transactional"] as const;
type Key = (typeof KEYS)[number];
// Header keys by their spelling without `_`, `-` or spaces (down_revision, down-revision, Revises…).
// Built on first use: only the full reader needs it, and module start-up is part of every command.
let keyByNorm: Map<string, Key> | null = null;
const KEY_BY_NORM = (): Map<string, Key> =>
  (keyByNorm ??= new Map<string, Key>([
    ...KEYS.map((k) => [k.replace(/_/g, ""), k] as [string, Key]),
    ["revises", "down_revision"],
    ["revisionid", "revision"],
  ]));

/** A header value without list commas, quotes or spaces: one id (or none) as written. (A longer
 *  run of id characters takes the general path, which reports the same "longer than" error.) */
const isPlainValue = (s: string): boolean => s === "" || isPlainId(s);

export interface SqlSections {
  up: string;
  /** null when the file has no `-- migrate:down` section (the migration is irreversible). */
  down: string | null;
  /** 1-based line of the `-- migrate:up` marker. */
  upLine: number;
  downLine: number | null;
}

export interface Marker {
  kind: "up" | "down";
  line: number;
  /** Offsets of the marker line's start and of the next line's start. */
  start: number;
  after: number;
  options: string;
}

/** Where a SQL migration's section markers are, as offsets into its text. */
export interface SqlLayout {
  up: Marker;
  down: Marker | null;
}

/** Finds the section markers from offset `from` (the start of line `fromLine`) on. */
function findMarkers(text: string, path: string, from = 0, fromLine = 1): SqlLayout {
  let up: Marker | null = null;
  let down: Marker | null = null;
  let line = fromLine;
  let pos = from;
  let counted = from;
  for (;;) {
    // Jump from one "migrate:" to the next instead of testing every line, and count lines with
    // indexOf (native) rather than a loop over characters (interpreted while the code is cold).
    const hit = text.indexOf("migrate:", pos);
    if (hit < 0) break;
    pos = text.lastIndexOf("\n", hit) + 1;
    for (let nl = text.indexOf("\n", counted); nl >= 0 && nl < pos; nl = text.indexOf("\n", nl + 1)) line++;
    counted = pos;
    let eol = text.indexOf("\n", pos);
    if (eol < 0) eol = text.length;
    const m = plainMarker(text, pos, eol) ?? /^\s*--\s*migrate:(up|down)\b(.*)$/.exec(text.slice(pos, eol));
    if (m !== null) {
      const kind = (m[1] ?? "").toLowerCase() as "up" | "down";
      const marker: Marker = { kind, line, start: pos, after: Math.min(eol + 1, text.length), options: (m[2] ?? "").trim() };
      if (kind === "up") {
        if (up !== null) throw badMetadata(path, line, `second \`-- migrate:up\` marker (the first is on line ${up.line})`);
        if (down !== null) throw badMetadata(path, line, `\`-- migrate:up\` must come before \`-- migrate:down\` (line ${down.line})`);
        up = marker;
      } else {
        if (down !== null) throw badMetadata(path, line, `second \`-- migrate:down\` marker (the first is on line ${down.line})`);
        if (up === null) throw badMetadata(path, line, "`-- migrate:down` before `-- migrate:up`; put the up section first");
        down = marker;
      }
    }
    pos = eol + 1;
  }
  if (up === null) throw badMetadata(path, 1, "no `-- migrate:up` line found", "a SQL migration has `-- migrate:up` and `-- migrate:down` sections");
  return { up, down };
}

/** `-- migrate:up` / `-- migrate:down` written plainly (then a space, a tab or the end of the
 *  line) as [, kind, options] like the regular expression's match, without slicing the line;
 *  null for anything else, which the regular expression then reads. */
export function plainMarker(text: string, pos: number, eol: number): [string, string, string] | null {
  if (!text.startsWith("-- migrate:", pos)) return null;
  const kind = text.startsWith("up", pos + 11) ? "up" : text.startsWith("down", pos + 11) ? "down" : null;
  if (kind === null) return null;
  const after = pos + 11 + kind.length;
  if (after < eol && text[after] !== " " && text[after] !== "\t") return null;
  return ["", kind, after < eol ? text.slice(after, eol) : ""];
}

/** Splits a SQL migration into its up and down SQL text; `layout` is what readSqlFile() found
 *  in this same text (saves reading the markers again). */
export function splitSqlMigration(text: string, path: string, layout: SqlLayout = findMarkers(text, path)): SqlSections {
  const { up, down } = layout;
  return {
    up: text.slice(up.after, down === null ? text.length : down.start).trim(),
    down: down === null ? null : text.slice(down.after).trim(),
    upLine: up.line,
    downLine: down === null ? null : down.line,
  };
}

interface Header {
  values: Map<Key, { value: string; line: number }>;
  /** Text after `migrate:up` on the marker line; null when there is no marker. */
  upOptions: string | null;
  /** Offset and 1-based line of the `-- migrate:up` marker line. */
  upStart: number;
  line: number;
}

// Fast path for the header as `revision --sql` writes it (and as people copy it): blank lines
// and `-- key: value` lines with the canonical keys, then `-- migrate:up`. Each line is taken
// apart with native string searches (indexOf, startsWith, slice) and a few character tests
// rather than one sticky regular expression per line. Measured (callgrind, compiled binary):
// over 20 files the two cost about the same (the pattern's compilation against more interpreted
// steps per line); over 10,000 files this is faster once the JIT takes the loop (`heads`, every
// file read: 151 -> 133 ms). Blanks are skipped inline: a helper called for every line of every
// file gets hot enough to start the JIT, which costs more at start-up than it saves. It accepts
// exactly the lines
//   --[ \t]*KEY[ \t]*:[ \t]*VALUE      (VALUE without CR and without surrounding white space)
//   --[ \t]*migrate:up OPTIONS          (up not followed by a letter, digit or _; no CR)
//   [ \t]*                              (a blank line)
// Anything else, or any doubt, returns null and the full reader below runs; both give the same
// result for what the fast path accepts (sql-format tests compare them).
const FAST_KEYS: ReadonlySet<string> = new Set(KEYS);

export function scanHeaderFast(text: string): Header | null {
  const values = new Map<Key, { value: string; line: number }>();
  let pos = 0;
  let line = 0;
  while (pos < text.length) {
    line++;
    let eol = text.indexOf("\n", pos);
    if (eol < 0) eol = text.length;
    if (!text.startsWith("--", pos)) {
      // only a blank line may be something else
      let q = pos;
      while (q < eol && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9)) q++;
      if (q !== eol) return null;
      pos = eol + 1;
      continue;
    }
    let p = pos + 2;
    while (p < eol && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
    const colon = text.indexOf(":", p);
    if (colon < 0 || colon >= eol) return null;
    let keyEnd = colon;
    while (keyEnd > p && (text.charCodeAt(keyEnd - 1) === 32 || text.charCodeAt(keyEnd - 1) === 9)) keyEnd--;
    const key = text.slice(p, keyEnd);
    if (FAST_KEYS.has(key)) {
      let v = colon + 1;
      while (v < eol && (text.charCodeAt(v) === 32 || text.charCodeAt(v) === 9)) v++;
      const value = text.slice(v, eol);
      if (value.includes("\r") || values.has(key as Key) || value !== value.trim()) return null;
      values.set(key as Key, { value, line });
      pos = eol + 1;
      continue;
    }
    if (key !== "migrate" || keyEnd !== colon || !text.startsWith("up", colon + 1)) return null;
    const after = colon + 3;
    if (after < eol && isIdChar(text.charCodeAt(after))) return null; // migrate:upper
    const options = text.slice(after, eol);
    if (options.includes("\r")) return null;
    return { values, upOptions: options.trim(), upStart: pos, line };
  }
  return null;
}

/** The header lines up to `-- migrate:up`, read line by line with every rule and error. */
function scanHeader(text: string, path: string): Header {
  const values = new Map<Key, { value: string; line: number }>();
  let line = 0;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let upOptions: string | null = null;
  let upStart = 0;
  while (pos < text.length) {
    line++;
    upStart = pos;
    let eol = text.indexOf("\n", pos);
    if (eol < 0) eol = text.length;
    const raw = text.slice(pos, eol).trim();
    pos = eol + 1;
    if (raw === "") continue;
    if (!raw.startsWith("--")) {
      throw badMetadata(path, line, "SQL before the `-- migrate:up` line", "start the up section with a `-- migrate:up` line");
    }
    const body = raw.slice(2).trim();
    const marker = /^migrate:(up|down)\b(.*)$/.exec(body);
    if (marker !== null) {
      if ((marker[1] ?? "").toLowerCase() === "down") throw badMetadata(path, line, "`-- migrate:down` before `-- migrate:up`; put the up section first");
      upOptions = (marker[2] ?? "").trim();
      break;
    }
    const colon = body.indexOf(":");
    if (colon <= 0) continue; // an ordinary comment
    const rawKey = body.slice(0, colon).trim().toLowerCase();
    if (!/^[a-z][a-z _-]*$/.test(rawKey)) continue;
    const norm = rawKey.replace(/[ _-]/g, "");
    const key = KEY_BY_NORM().get(norm);
    if (key === undefined) {
      const near = KEYS.find((k) => editDistance(k.replace(/_/g, ""), norm) <= 2);
      if (near !== undefined) throw badMetadata(path, line, `unknown header key '${rawKey}' — did you mean '${near}'?`);
      continue;
    }
    const k = key;
    const prior = values.get(k);
    if (prior !== undefined) throw badMetadata(path, line, `${k} is given twice (first on line ${prior.line})`);
    values.set(k, { value: body.slice(colon + 1).trim(), line });
  }
  return { values, upOptions, upStart, line };
}

/** Reads a SQL migration's metadata; `fast: false` skips the fast path (tests compare both). */
export function readSqlMetadata(text: string, path: string, fast = true): RevisionMeta {
  return readSqlFile(text, path, fast).meta;
}

/** A SQL migration's metadata and the layout of its sections (for splitSqlMigration). */
export function readSqlFile(text: string, path: string, fast = true): { meta: RevisionMeta; layout: SqlLayout } {
  const { values, upOptions, upStart, line } = (fast ? scanHeaderFast(text) : null) ?? scanHeader(text, path);
  if (upOptions === null) throw badMetadata(path, 1, "no `-- migrate:up` line found", "a SQL migration has `-- migrate:up` and `-- migrate:down` sections");
  // Checks marker order/duplicates in the rest of the file as well (from the up marker on:
  // the header loop has checked the lines before it).
  const layout = findMarkers(text, path, upStart, line);

  const rev = values.get("revision");
  if (rev === undefined || rev.value === "") throw badMetadata(path, rev?.line ?? 1, "no `-- revision: <id>` header line found");
  const ids = (k: Key) => {
    const v = values.get(k);
    if (v === undefined) return [];
    // the usual value: one plain id, or nothing
    if (isPlainValue(v.value)) {
      const lower = v.value.toLowerCase();
      if (lower === "" || lower === "none" || lower === "null") return [];
      const problem = revisionIdProblem(v.value);
      if (problem !== null) throw badMetadata(path, v.line, `${k}: '${v.value}' ${problem}`);
      return [v.value];
    }
    const text = unquote(v.value);
    const lower = text.toLowerCase();
    if (lower === "" || lower === "none" || lower === "null") return [];
    const list = text.split(",").map((s) => unquote(s.trim())).filter((s) => s !== "");
    for (const id of list) {
      const problem = revisionIdProblem(id);
      if (problem !== null) throw badMetadata(path, v.line, `${k}: '${id}' ${problem}`);
    }
    return list;
  };
  const revision = unquote(rev.value);
  const problem = revisionIdProblem(revision);
  if (problem !== null) throw badMetadata(path, rev.line, `revision '${revision}' ${problem}`);
  if (!values.has("down_revision")) {
    throw badMetadata(path, rev.line, "no `-- down_revision:` header line found (leave it empty for a first revision)");
  }
  let transactional = true;
  const tx = values.get("transactional");
  if (tx !== undefined) {
    const v = unquote(tx.value).toLowerCase();
    if (v === "false") transactional = false;
    else if (v !== "true") throw badMetadata(path, tx.line, "transactional must be true or false");
  }
  // (most files have no options: skip the regular expression, whose first use compiles it)
  if (upOptions !== "" && /(^|\s)transaction:false\b/i.test(upOptions)) transactional = false;
  const createDate = values.get("create_date")?.value ?? "";
  const meta: RevisionMeta = {
    revision,
    downRevisions: ids("down_revision"),
    branchLabels: ids("branch_labels"),
    dependsOn: ids("depends_on"),
    message: values.get("message")?.value ?? "",
    createDate: createDate === "" ? null : createDate,
    transactional,
    path,
    format: "sql",
  };
  return { meta, layout };
}

function unquote(s: string): string {
  const q = s[0];
  if (s.length >= 2 && (q === '"' || q === "'" || q === "`") && s[s.length - 1] === q) return s.slice(1, -1);
  return s;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
