// Parses the CREATE TABLE and CREATE INDEX text SQLite keeps in sqlite_master, for the facts no
// PRAGMA reports: constraint names, CHECK expressions, DEFAULT text with its parentheses,
// COLLATE, AUTOINCREMENT, generated-column expressions, DEFERRABLE, index terms and WHERE.
// Grammar: https://www.sqlite.org/lang_createtable.html and https://www.sqlite.org/lang_createindex.html

import type { ForeignKey, ReferentialAction } from "../../schema/types";
import {
  isKeyword,
  isName,
  skipGroup,
  sliceText,
  splitTopLevel,
  tokenize,
  type Token,
} from "./sqlite-tokenizer";

/** The schema's ForeignKey as read from SQL, where DEFERRABLE is always known. */
export type ParsedForeignKey = Omit<ForeignKey, "deferrable"> & { deferrable: boolean };

export interface ParsedColumn {
  name: string;
  typeText: string;
  default: string | null;
  collate: string | null;
  generated: { expr: string; stored: boolean } | null;
  primaryKey: boolean;
  autoincrement: boolean;
}

export interface ParsedTable {
  columns: ParsedColumn[];
  primaryKey: { name: string | null; columns: string[]; autoincrement: boolean } | null;
  uniques: { name: string | null; columns: string[] }[];
  checks: { name: string | null; expr: string }[];
  foreignKeys: ParsedForeignKey[];
  withoutRowid: boolean;
  strict: boolean;
}

export interface ParsedIndexTerm {
  /** the term without COLLATE / ASC / DESC, as written */
  text: string;
  /** the column name when the term is a single identifier */
  name: string | null;
  collate: string | null;
  desc: boolean;
}

export interface ParsedIndex {
  name: string;
  table: string;
  unique: boolean;
  terms: ParsedIndexTerm[];
  where: string | null;
}

const COLUMN_CONSTRAINT_START = new Set([
  "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS",
]);
const TABLE_CONSTRAINT_START = new Set(["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]);

const upper = (t: Token | undefined) => (t && t.kind === "ident" ? t.value.toUpperCase() : "");

/** Parse a stored CREATE TABLE statement. Returns null for `CREATE TABLE ... AS SELECT`. */
export function parseCreateTable(sql: string): ParsedTable | null {
  const toks = tokenize(sql);
  let i = toks.findIndex((t) => t.kind === "lparen");
  if (i < 0) return null;
  const close = skipGroup(toks, i) - 1;
  const out: ParsedTable = {
    columns: [], primaryKey: null, uniques: [], checks: [], foreignKeys: [], withoutRowid: false, strict: false,
  };
  for (const [s, e] of splitTopLevel(toks, i + 1, close)) {
    const first = upper(toks[s]);
    if (TABLE_CONSTRAINT_START.has(first)) parseTableConstraint(sql, toks, s, e, out);
    else parseColumnDef(sql, toks, s, e, out);
  }
  // table options: WITHOUT ROWID, STRICT (comma separated, any order)
  for (i = close + 1; i < toks.length; i++) {
    if (isKeyword(toks[i], "WITHOUT") && isKeyword(toks[i + 1], "ROWID")) out.withoutRowid = true;
    if (isKeyword(toks[i], "STRICT")) out.strict = true;
  }
  return out;
}

function nameList(sql: string, toks: Token[], open: number): { names: string[]; end: number } {
  const end = skipGroup(toks, open);
  const names: string[] = [];
  for (const [s, e] of splitTopLevel(toks, open + 1, end - 1)) {
    // an indexed-column: name [COLLATE x] [ASC|DESC]; keep the name
    names.push(isName(toks[s]) && e - s >= 1 ? toks[s]!.value : sliceText(sql, toks, s, e));
  }
  return { names, end };
}

const ACTIONS: Record<string, ReferentialAction> = {
  CASCADE: "CASCADE", RESTRICT: "RESTRICT", "NO ACTION": "NO ACTION", "SET NULL": "SET NULL", "SET DEFAULT": "SET DEFAULT",
};

/** foreign-key-clause starting at REFERENCES; returns the FK (without columns) and the next index. */
function parseReferences(sql: string, toks: Token[], i: number, end: number): { fk: Omit<ParsedForeignKey, "columns" | "name">; next: number } {
  i++; // REFERENCES
  const refTable = toks[i]?.value ?? "";
  i++;
  let refColumns: string[] = [];
  if (toks[i]?.kind === "lparen") {
    const l = nameList(sql, toks, i);
    refColumns = l.names;
    i = l.end;
  }
  const fk = { refTable, refColumns, onDelete: "NO ACTION" as ReferentialAction, onUpdate: "NO ACTION" as ReferentialAction, deferrable: false };
  while (i < end) {
    const w = upper(toks[i]);
    if (w === "ON" && (upper(toks[i + 1]) === "DELETE" || upper(toks[i + 1]) === "UPDATE")) {
      const which = upper(toks[i + 1]);
      let action = upper(toks[i + 2]);
      let step = 3;
      if (action === "SET" || action === "NO") {
        action = `${action} ${upper(toks[i + 3])}`;
        step = 4;
      }
      const a = ACTIONS[action] ?? "NO ACTION";
      if (which === "DELETE") fk.onDelete = a;
      else fk.onUpdate = a;
      i += step;
    } else if (w === "MATCH") {
      i += 2;
    } else if (w === "NOT" && upper(toks[i + 1]) === "DEFERRABLE") {
      fk.deferrable = false;
      i += 2;
      if (upper(toks[i]) === "INITIALLY") i += 2;
    } else if (w === "DEFERRABLE") {
      // DEFERRABLE alone or INITIALLY IMMEDIATE is immediate in practice (foreignkeys.html#fk_deferred)
      const init = upper(toks[i + 1]) === "INITIALLY" ? upper(toks[i + 2]) : "";
      fk.deferrable = init === "DEFERRED";
      i += init ? 3 : 1;
    } else break;
  }
  return { fk, next: i };
}

function parseTableConstraint(sql: string, toks: Token[], s: number, e: number, out: ParsedTable): void {
  let i = s;
  let name: string | null = null;
  if (isKeyword(toks[i], "CONSTRAINT")) {
    name = toks[i + 1]?.value ?? null;
    i += 2;
  }
  const kw = upper(toks[i]);
  if (kw === "PRIMARY") {
    const open = toks.findIndex((t, k) => k > i && t.kind === "lparen");
    const l = nameList(sql, toks, open);
    const autoinc = toks.slice(l.end, e).some((t) => isKeyword(t, "AUTOINCREMENT"));
    out.primaryKey = { name, columns: l.names, autoincrement: autoinc };
  } else if (kw === "UNIQUE") {
    out.uniques.push({ name, columns: nameList(sql, toks, i + 1).names });
  } else if (kw === "CHECK") {
    const end = skipGroup(toks, i + 1);
    out.checks.push({ name, expr: sliceText(sql, toks, i + 2, end - 1).trim() });
  } else if (kw === "FOREIGN") {
    const l = nameList(sql, toks, i + 2);
    const { fk } = parseReferences(sql, toks, l.end, e);
    out.foreignKeys.push({ name, columns: l.names, ...fk });
  }
}

function parseColumnDef(sql: string, toks: Token[], s: number, e: number, out: ParsedTable): void {
  const col: ParsedColumn = {
    name: toks[s]!.value, typeText: "", default: null, collate: null, generated: null, primaryKey: false, autoincrement: false,
  };
  let i = s + 1;
  const typeStart = i;
  while (i < e && !COLUMN_CONSTRAINT_START.has(upper(toks[i]))) {
    i = toks[i]!.kind === "lparen" ? skipGroup(toks, i) : i + 1;
  }
  col.typeText = sliceText(sql, toks, typeStart, i);
  let name: string | null = null;
  while (i < e) {
    const w = upper(toks[i]);
    if (w === "CONSTRAINT") {
      name = toks[i + 1]?.value ?? null;
      i += 2;
      continue;
    }
    if (w === "PRIMARY") {
      col.primaryKey = true;
      i += 2;
      while (i < e && !COLUMN_CONSTRAINT_START.has(upper(toks[i]))) {
        if (isKeyword(toks[i], "AUTOINCREMENT")) col.autoincrement = true;
        i++;
      }
      out.primaryKey = { name, columns: [col.name], autoincrement: col.autoincrement };
    } else if (w === "UNIQUE") {
      out.uniques.push({ name, columns: [col.name] });
      i = skipConflict(toks, i + 1, e);
    } else if (w === "CHECK") {
      const end = skipGroup(toks, i + 1);
      out.checks.push({ name, expr: sliceText(sql, toks, i + 2, end - 1).trim() });
      i = end;
    } else if (w === "DEFAULT") {
      i++;
      if (toks[i]?.kind === "lparen") {
        const end = skipGroup(toks, i);
        col.default = sliceText(sql, toks, i, end);
        i = end;
      } else if (toks[i]?.kind === "op" && (toks[i]!.text === "-" || toks[i]!.text === "+")) {
        col.default = sliceText(sql, toks, i, i + 2);
        i += 2;
      } else {
        col.default = toks[i]?.text ?? null;
        i++;
      }
    } else if (w === "COLLATE") {
      col.collate = toks[i + 1]?.value ?? null;
      i += 2;
    } else if (w === "REFERENCES") {
      const { fk, next } = parseReferences(sql, toks, i, e);
      out.foreignKeys.push({ name, columns: [col.name], ...fk });
      i = next;
    } else if (w === "GENERATED" || w === "AS") {
      const open = toks.findIndex((t, k) => k >= i && t.kind === "lparen");
      const end = skipGroup(toks, open);
      const stored = isKeyword(toks[end], "STORED");
      col.generated = { expr: sliceText(sql, toks, open + 1, end - 1).trim(), stored };
      i = isKeyword(toks[end], "STORED") || isKeyword(toks[end], "VIRTUAL") ? end + 1 : end;
    } else {
      // NOT NULL, NULL, ON CONFLICT ... and anything else we don't need
      i++;
      continue;
    }
    name = null;
  }
  out.columns.push(col);
}

function skipConflict(toks: Token[], i: number, e: number): number {
  if (isKeyword(toks[i], "ON") && isKeyword(toks[i + 1], "CONFLICT")) return Math.min(e, i + 3);
  return i;
}

/** Parse one indexed-column / index term list item: `expr [COLLATE name] [ASC|DESC]`. */
export function parseIndexTerm(sql: string, toks: Token[] = tokenize(sql), s = 0, e = toks.length): ParsedIndexTerm {
  let end = e;
  let desc = false;
  let collate: string | null = null;
  if (isKeyword(toks[end - 1], "DESC") || isKeyword(toks[end - 1], "ASC")) {
    desc = isKeyword(toks[end - 1], "DESC");
    end--;
  }
  if (end - 2 > s && isKeyword(toks[end - 2], "COLLATE")) {
    collate = toks[end - 1]!.value;
    end -= 2;
  }
  const text = sliceText(sql, toks, s, end).trim();
  const single = end - s === 1 && (toks[s]!.kind === "ident" || toks[s]!.kind === "quoted");
  return { text, name: single ? toks[s]!.value : null, collate, desc };
}

/** Parse a stored CREATE INDEX statement. */
export function parseCreateIndex(sql: string): ParsedIndex | null {
  const toks = tokenize(sql);
  let i = 0;
  if (!isKeyword(toks[i], "CREATE")) return null;
  i++;
  const unique = isKeyword(toks[i], "UNIQUE");
  if (unique) i++;
  if (!isKeyword(toks[i], "INDEX")) return null;
  i++;
  if (isKeyword(toks[i], "IF")) i += 3;
  if (toks[i + 1]?.kind === "dot") i += 2;
  const name = toks[i]!.value;
  i += 2; // name ON
  const table = toks[i]!.value;
  i++;
  const open = i;
  const end = skipGroup(toks, open);
  const terms = splitTopLevel(toks, open + 1, end - 1).map(([s, e]) => parseIndexTerm(sql, toks, s, e));
  let where: string | null = null;
  if (isKeyword(toks[end], "WHERE")) {
    let stop = toks.length;
    if (toks[stop - 1]?.kind === "semi") stop--;
    where = sliceText(sql, toks, end + 1, stop).trim();
  }
  return { name, table, unique, terms, where };
}
