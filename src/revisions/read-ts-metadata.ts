// Reads a TypeScript migration's metadata statically (DESIGN.md §4): the doc-comment header
// (message, Create Date) and the top-level `export const revision/downRevision/branchLabels/
// dependsOn/transactional` declarations. The file is never executed; scanning stops at the
// first top-level function once the rest of the file can't hold a missing declaration.
import { badMetadata, lineAt } from "./revision-errors.ts";
import { revisionIdProblem } from "./revision-id.ts";
import { LexError, Tok, TsLexer } from "./ts-lexer.ts";
import { scanCommonShape } from "./ts-metadata-fast.ts";
import type { RevisionMeta } from "./types.ts";

type Value = { kind: "string"; value: string } | { kind: "list"; value: string[] } | { kind: "null" } | { kind: "bool"; value: boolean };

const NAMES = ["revision", "downRevision", "branchLabels", "dependsOn", "transactional"] as const;
type Name = (typeof NAMES)[number];

const SHAPE: Record<Name, string> = {
  revision: 'a string literal such as "261b037d15fa"',
  downRevision: "a string, a list of strings or null",
  branchLabels: "a string, a list of strings or null",
  dependsOn: "a string, a list of strings or null",
  transactional: "true or false",
};

interface Found {
  value: Value;
  offset: number;
}

/**
 * Metadata of the TypeScript migration `text`; `path` is used in messages and stored in the
 * result. `fastPath: false` reads with the tokenizer only (tests compare both ways).
 */
export function readTsMetadata(text: string, path: string, fastPath = true): RevisionMeta {
  const found = new Map<Name, Found>();
  try {
    if (!fastPath || !fastDeclarations(text, found)) scanDeclarations(text, path, found);
  } catch (e) {
    if (!(e instanceof LexError)) throw e;
    // A syntax problem after the declarations we need is the TypeScript compiler's business.
    if (!found.has("revision") || !found.has("downRevision")) {
      throw badMetadata(path, lineAt(text, e.offset), `${e.message} (while looking for the revision metadata)`);
    }
  }
  const rev = found.get("revision");
  if (rev === undefined) {
    throw badMetadata(path, 1, 'no `export const revision = "…";` declaration found', "is this a migration file? files starting with _ are ignored");
  }
  const down = found.get("downRevision");
  if (down === undefined) {
    throw badMetadata(path, 1, "no `export const downRevision = …;` declaration found (use null for a first revision)");
  }
  const revision = idValue(text, path, "revision", rev);
  const header = readHeader(text);
  return {
    revision,
    downRevisions: idList(text, path, "downRevision", down),
    branchLabels: idList(text, path, "branchLabels", found.get("branchLabels")),
    dependsOn: idList(text, path, "dependsOn", found.get("dependsOn")),
    message: header.message,
    createDate: header.createDate,
    transactional: boolValue(text, path, found.get("transactional")),
    path,
    format: "ts",
  };
}

/**
 * The declarations of a file in the common shape (ts-metadata-fast.ts), when it is one and
 * nothing that could be a missing declaration follows its first function; else false and
 * `found` stays empty.
 */
function fastDeclarations(text: string, found: Map<Name, Found>): boolean {
  const scan = scanCommonShape(text);
  if (scan === null) return false;
  for (const d of scan.declarations) found.set(d.name as Name, { value: literal(d.raw), offset: d.offset });
  for (const n of NAMES) {
    if (!found.has(n) && text.indexOf(n, scan.end) >= 0) {
      found.clear();
      return false;
    }
  }
  return true;
}

const LIST_ITEM = /"([^"\\\n]*)"|'([^'\\\n]*)'/g;

/** The value of a literal the fast path accepted: a string, null/undefined, true/false or a list of strings. */
function literal(raw: string): Value {
  const c = raw.charCodeAt(0);
  if (c === 34 || c === 39 || c === 96) return { kind: "string", value: raw.slice(1, -1) };
  if (c === 91) {
    const items: string[] = [];
    for (const m of raw.matchAll(LIST_ITEM)) items.push(m[1] ?? m[2] ?? "");
    return { kind: "list", value: items };
  }
  if (raw === "true" || raw === "false") return { kind: "bool", value: raw === "true" };
  return { kind: "null" };
}

function scanDeclarations(text: string, path: string, found: Map<Name, Found>): void {
  const lx = new TsLexer(text);
  let depth = 0;
  let tailChecked = false;
  let pending = false;
  for (;;) {
    const k = pending ? lx.kind : lx.next();
    pending = false;
    if (k === Tok.Eof) return;
    if (k === Tok.Punct) {
      const v = lx.punctuator();
      if (v === 123 || v === 40 || v === 91) depth++; // { ( [
      else if (v === 125 || v === 41 || v === 93) depth--; // } ) ]
      continue;
    }
    if (k !== Tok.Ident || depth !== 0) continue;
    // Dispatch on the first letter: most identifiers are none of the words below.
    const first = text.charCodeAt(lx.start);
    if (first === 101 /* e */ && lx.isWord("export")) {
      lx.next();
      if (!(lx.isWord("const") || lx.isWord("let") || lx.isWord("var"))) {
        pending = true;
        continue;
      }
      const key = lx.next() === Tok.Ident ? wantedName(lx) : null;
      if (key === null) {
        pending = true;
        continue;
      }
      const prior = found.get(key);
      if (prior !== undefined) {
        throw badMetadata(path, lineAt(text, lx.start), `${key} is declared twice (first on line ${lineAt(text, prior.offset)})`);
      }
      found.set(key, readInitializer(lx, text, path, key));
    } else if (!tailChecked && ((first === 102 && lx.isWord("function")) || (first === 99 && lx.isWord("class")))) {
      // Fast path: the code starts here; only keep scanning if a missing name appears later.
      tailChecked = true;
      let more = false;
      for (const n of NAMES) if (!found.has(n) && text.indexOf(n, lx.pos) >= 0) more = true;
      if (!more) return;
    }
  }
}

/** The metadata name the current identifier token spells, if any (no slicing for other words). */
function wantedName(lx: TsLexer): Name | null {
  switch (lx.text.charCodeAt(lx.start)) {
    case 114:
      return lx.isWord("revision") ? "revision" : null;
    case 100:
      return lx.isWord("downRevision") ? "downRevision" : lx.isWord("dependsOn") ? "dependsOn" : null;
    case 98:
      return lx.isWord("branchLabels") ? "branchLabels" : null;
    case 116:
      return lx.isWord("transactional") ? "transactional" : null;
    default:
      return null;
  }
}

/** Reads `[: Type] = value` after the declared name. */
function readInitializer(lx: TsLexer, text: string, path: string, key: Name): Found {
  let k = lx.next();
  if (k === Tok.Punct && lx.punctuator() === 58 /* : */) {
    let depth = 0;
    for (;;) {
      k = lx.next();
      if (k === Tok.Eof) throw badMetadata(path, lineAt(text, lx.start), `${key}: expected \`= value\` after the type`);
      if (k !== Tok.Punct) continue;
      const v: number = lx.punctuator();
      if (v === 40 || v === 91 || v === 123 || v === 60) depth++; // ( [ { <
      else if (v === 41 || v === 93 || v === 125 || v === 62) depth--; // ) ] } >
      else if (depth === 0 && v === 61) break; // =
      else if (depth === 0 && v === 59) throw badMetadata(path, lineAt(text, lx.start), `${key} has no value; it must be ${SHAPE[key]}`);
    }
  } else if (!(k === Tok.Punct && lx.punctuator() === 61)) {
    throw badMetadata(path, lineAt(text, lx.start), `${key} has no value; it must be ${SHAPE[key]}`);
  }
  const v = lx.next();
  const at = lx.start;
  const fail = () => badMetadata(path, lineAt(text, lx.start), `${key} must be ${SHAPE[key]}`);
  if (v === Tok.String) return { value: { kind: "string", value: lx.value }, offset: at };
  if (v === Tok.Ident) {
    if (lx.isWord("null") || lx.isWord("undefined")) return { value: { kind: "null" }, offset: at };
    if (lx.isWord("true") || lx.isWord("false")) return { value: { kind: "bool", value: lx.isWord("true") }, offset: at };
    throw fail();
  }
  if (v === Tok.Punct && lx.punctuator() === 91 /* [ */) {
    const items: string[] = [];
    for (;;) {
      const item = lx.next();
      if (item === Tok.Punct && lx.punctuator() === 93) break;
      if (item !== Tok.String) throw fail();
      items.push(lx.value);
      const sep = lx.next();
      if (sep === Tok.Punct && lx.punctuator() === 93) break;
      if (!(sep === Tok.Punct && lx.punctuator() === 44)) throw fail();
    }
    return { value: { kind: "list", value: items }, offset: at };
  }
  throw fail();
}

function idValue(text: string, path: string, key: Name, f: Found): string {
  if (f.value.kind !== "string") throw badMetadata(path, lineAt(text, f.offset), `${key} must be ${SHAPE[key]}`);
  checkId(text, path, key, f, f.value.value);
  return f.value.value;
}

function idList(text: string, path: string, key: Name, f: Found | undefined): string[] {
  if (f === undefined || f.value.kind === "null") return [];
  let ids: string[];
  if (f.value.kind === "string") ids = [f.value.value];
  else if (f.value.kind === "list") ids = f.value.value;
  else throw badMetadata(path, lineAt(text, f.offset), `${key} must be ${SHAPE[key]}`);
  for (const id of ids) checkId(text, path, key, f, id);
  return ids;
}

function checkId(text: string, path: string, key: Name, f: Found, id: string): void {
  const problem = revisionIdProblem(id);
  if (problem !== null) throw badMetadata(path, lineAt(text, f.offset), `${key}: '${id}' ${problem}`);
}

function boolValue(text: string, path: string, f: Found | undefined): boolean {
  if (f === undefined) return true;
  if (f.value.kind !== "bool") throw badMetadata(path, lineAt(text, f.offset), `transactional must be ${SHAPE.transactional}`);
  return f.value.value;
}

/**
 * The leading `/** … *\/` comment: its first paragraph is the message; a `Create Date:` line
 * gives the creation date. `Revision ID:`/`Revises:` lines are informational only.
 * Hand-written (no per-line regexes): it runs once per file on every graph command.
 */
export function readHeader(text: string): { message: string; createDate: string | null } {
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  if (text.startsWith("#!", i)) i = text.indexOf("\n", i) + 1 || text.length;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (!text.startsWith("/*", i)) return { message: "", createDate: null };
  let end = text.indexOf("*/", i + 2);
  if (end < 0) end = text.length;
  let pos = i + 2;
  const message: string[] = [];
  let createDate: string | null = null;
  let inMessage = true;
  while (pos < end) {
    let eol = text.indexOf("\n", pos);
    if (eol < 0 || eol > end) eol = end;
    // Strip the comment's leading whitespace and `*`s.
    let a = pos;
    while (a < eol && (isSpace(text.charCodeAt(a)) || text.charCodeAt(a) === 42)) a++;
    let b = eol;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    pos = eol + 1;
    if (a === b) {
      if (message.length > 0) inMessage = false;
      continue;
    }
    const key = headerKey(text, a, b);
    if (key !== null) {
      inMessage = false;
      if (key.name === "create date") createDate = text.slice(key.valueStart, b).trim() || null;
      continue;
    }
    if (inMessage) message.push(text.slice(a, b));
  }
  return { message: message.join(" "), createDate };
}

const HEADER_KEYS = ["revision id", "revises", "create date"];

function headerKey(text: string, a: number, b: number): { name: string; valueStart: number } | null {
  const first = text.charCodeAt(a) | 0x20; // keys start with r or c; cheap test before slicing
  if (first !== 114 && first !== 99) return null;
  const colon = text.indexOf(":", a);
  if (colon < 0 || colon >= b || colon - a > 12) return null;
  const name = text.slice(a, colon).trim().toLowerCase();
  return HEADER_KEYS.includes(name) ? { name, valueStart: colon + 1 } : null;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
