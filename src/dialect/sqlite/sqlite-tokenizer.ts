// A small tokenizer for the SQL SQLite stores in sqlite_master (CREATE TABLE / INDEX / VIEW /
// TRIGGER). It keeps offsets so callers can slice expressions out of the original text exactly as
// written. Token rules follow https://www.sqlite.org/lang_keywords.html and lang_expr.html.

import { UsageError } from "../../errors";

export type TokenKind =
  | "ident" // bare word: a keyword or an unquoted name
  | "quoted" // "name", `name`, [name]
  | "string" // 'text'
  | "blob" // x'ABCD'
  | "number"
  | "param" // ?, ?1, :name, @name, $name
  | "lparen"
  | "rparen"
  | "comma"
  | "semi"
  | "dot"
  | "op";

export interface Token {
  kind: TokenKind;
  /** the exact source text */
  text: string;
  /** unquoted value for quoted identifiers and strings; the text otherwise */
  value: string;
  start: number;
  end: number;
}

// character classes by code unit (regular expressions per character made long scripts slow)
const isIdentStart = (c: string) => {
  const k = c.charCodeAt(0);
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || k === 95 || k >= 0x80;
};
const isIdentPart = (c: string) => {
  const k = c.charCodeAt(0);
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95 || k === 36 || k >= 0x80;
};
const isSpace = (c: string) => {
  const k = c.charCodeAt(0);
  return k === 32 || (k >= 9 && k <= 13) || (k >= 0x80 && /\s/.test(c));
};
const isDigit = (c: string) => c >= "0" && c <= "9";

const TWO_CHAR_OPS = new Set(["||", "<<", ">>", "<=", ">=", "==", "!=", "<>", "->"]);

/** Tokenize SQL text; comments and whitespace are skipped. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  const push = (kind: TokenKind, start: number, end: number, value?: string) =>
    out.push({ kind, text: sql.slice(start, end), value: value ?? sql.slice(start, end), start, end });

  while (i < n) {
    const c = sql[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === "-" && sql[i + 1] === "-") {
      while (i < n && sql[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      const close = sql.indexOf("*/", i + 2);
      i = close < 0 ? n : close + 2; // an unterminated comment runs to the end, as in SQLite
      continue;
    }
    const start = i;
    if (c === "'" || c === '"' || c === "`") {
      const [end, value] = readQuoted(sql, i, c);
      push(c === "'" ? "string" : "quoted", start, end, value);
      i = end;
      continue;
    }
    if (c === "[") {
      const close = sql.indexOf("]", i + 1);
      if (close < 0) throw syntax(sql, i, "unterminated [identifier]");
      push("quoted", start, close + 1, sql.slice(i + 1, close));
      i = close + 1;
      continue;
    }
    if ((c === "x" || c === "X") && sql[i + 1] === "'") {
      const [end] = readQuoted(sql, i + 1, "'");
      push("blob", start, end);
      i = end;
      continue;
    }
    if (isDigit(c) || (c === "." && isDigit(sql[i + 1] ?? ""))) {
      if (c === "0" && (sql[i + 1] === "x" || sql[i + 1] === "X")) {
        i += 2;
        while (i < n && /[0-9A-Fa-f_]/.test(sql[i]!)) i++;
      } else {
        while (i < n && (isDigit(sql[i]!) || sql[i] === "_")) i++;
        if (sql[i] === ".") {
          i++;
          while (i < n && isDigit(sql[i]!)) i++;
        }
        if (sql[i] === "e" || sql[i] === "E") {
          i++;
          if (sql[i] === "+" || sql[i] === "-") i++;
          while (i < n && isDigit(sql[i]!)) i++;
        }
      }
      push("number", start, i);
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(sql[i]!)) i++;
      push("ident", start, i);
      continue;
    }
    if (c === "?" || c === ":" || c === "@" || c === "$") {
      i++;
      while (i < n && isIdentPart(sql[i]!)) i++;
      push("param", start, i);
      continue;
    }
    if (c === "(") push("lparen", i, ++i);
    else if (c === ")") push("rparen", i, ++i);
    else if (c === ",") push("comma", i, ++i);
    else if (c === ";") push("semi", i, ++i);
    else if (c === ".") push("dot", i, ++i);
    else if (TWO_CHAR_OPS.has(sql.slice(i, i + 2))) {
      if (sql.slice(i, i + 3) === "->>") push("op", i, (i += 3));
      else push("op", i, (i += 2));
    } else push("op", i, ++i);
  }
  return out;
}

function readQuoted(sql: string, at: number, q: string): [number, string] {
  let i = at + 1;
  let value = "";
  for (;;) {
    const close = sql.indexOf(q, i);
    if (close < 0) throw syntax(sql, at, `unterminated ${q === "'" ? "string" : "quoted identifier"}`);
    value += sql.slice(i, close);
    if (sql[close + 1] === q) {
      value += q; // a doubled quote is an escaped quote
      i = close + 2;
      continue;
    }
    return [close + 1, value];
  }
}

function syntax(sql: string, at: number, what: string): UsageError {
  const snippet = sql.slice(Math.max(0, at - 20), at + 20).replace(/\s+/g, " ");
  return new UsageError("sql_syntax", `SQL syntax: ${what} at offset ${at} near "${snippet}"`, {
    hint: "check the quoting in the SQL text",
  });
}

/** True when the token is the keyword `kw` (case-insensitive; bare words only). */
export function isKeyword(t: Token | undefined, kw: string): boolean {
  return !!t && t.kind === "ident" && t.value.toUpperCase() === kw;
}

/** A name token: a bare word or a quoted identifier (SQLite also accepts 'string' names). */
export function isName(t: Token | undefined): boolean {
  return !!t && (t.kind === "ident" || t.kind === "quoted" || t.kind === "string");
}

/** Index just after the parenthesis group that opens at `open` (tokens[open] is "("). */
export function skipGroup(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const k = tokens[i]!.kind;
    if (k === "lparen") depth++;
    else if (k === "rparen" && --depth === 0) return i + 1;
  }
  return tokens.length;
}

/** Split tokens[from, to) at top-level commas. */
export function splitTopLevel(tokens: Token[], from: number, to: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let depth = 0;
  let s = from;
  for (let i = from; i < to; i++) {
    const k = tokens[i]!.kind;
    if (k === "lparen") depth++;
    else if (k === "rparen") depth--;
    else if (k === "comma" && depth === 0) {
      parts.push([s, i]);
      s = i + 1;
    }
  }
  if (s < to) parts.push([s, to]);
  return parts;
}

/** The original text covered by tokens[from, to). */
export function sliceText(sql: string, tokens: Token[], from: number, to: number): string {
  if (to <= from) return "";
  return sql.slice(tokens[from]!.start, tokens[to - 1]!.end);
}

/** Does the SQL text mention `name` as an identifier (bare or quoted, case-insensitive)? */
export function mentionsIdent(sql: string, name: string): boolean {
  const lower = name.toLowerCase();
  return tokenize(sql).some((t) => (t.kind === "ident" || t.kind === "quoted") && t.value.toLowerCase() === lower);
}

/** Rewrite every identifier token equal to `from` into the quoted `to` (used to follow renames). */
export function renameIdent(sql: string, from: string, to: string): string {
  const lower = from.toLowerCase();
  let out = "";
  let last = 0;
  for (const t of tokenize(sql)) {
    if ((t.kind === "ident" || t.kind === "quoted") && t.value.toLowerCase() === lower) {
      out += sql.slice(last, t.start) + `"${to.replace(/"/g, '""')}"`;
      last = t.end;
    }
  }
  return out + sql.slice(last);
}
