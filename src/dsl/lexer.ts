// Hand-written lexer for the model language. Newlines are tokens (a field is one line);
// `//` and `///` comments are tokens the parser keeps. Bad input becomes an Invalid token with
// a message, never an exception; every step consumes at least one character, so it cannot hang.

export type TokenKind =
  | "Name"
  | "String"
  | "Number"
  | "{"
  | "}"
  | "("
  | ")"
  | "["
  | "]"
  | ","
  | ":"
  | "="
  | "?"
  | "."
  | "@"
  | "@@"
  | "Newline"
  | "Comment"
  | "Invalid"
  | "EOF";

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** Name: the identifier; String: the decoded text; Number/Comment: as written; Invalid: the message */
  value: string;
}

const PUNCT_CODES = new Uint8Array(128);
for (const ch of "{}()[],:=?.") PUNCT_CODES[ch.charCodeAt(0)] = 1;

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isNamePart(c: number): boolean {
  return isNameStart(c) || isDigit(c) || c === 45; // Prisma identifiers may contain `-`
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A character that starts no token and is no blank. */
function isStray(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 10 || c === 32 || c === 9 || c === 13 || c === 0xfeff || c === 34 || c === 64) return false;
  if (isNameStart(c) || isDigit(c) || PUNCT_CODES[c] === 1) return false;
  if (c === 47 && text.charCodeAt(i + 1) === 47) return false;
  if (c === 45 && isDigit(text.charCodeAt(i + 1))) return false;
  return true;
}

const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", "0": "\0", '"': '"', "'": "'", "\\": "\\", "/": "/", b: "\b", f: "\f" };

export function describeToken(t: Token): string {
  switch (t.kind) {
    case "EOF":
      return "end of file";
    case "Newline":
      return "end of line";
    case "Name":
      return `"${t.value}"`;
    case "String":
      return "a string";
    case "Number":
      return `number ${t.value}`;
    case "Comment":
      return "a comment";
    case "Invalid":
      return "an invalid character";
    default:
      return `"${t.kind}"`;
  }
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const start = i;
    if (c === 10) {
      out.push({ kind: "Newline", start, end: i + 1, value: "\n" });
      i++;
    } else if (c === 32 || c === 9 || c === 13 || c === 0xfeff) {
      i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
      // trailing blanks are not part of the comment (the formatter drops them)
      const value = text.slice(start, i).trimEnd();
      out.push({ kind: "Comment", start, end: start + value.length, value });
    } else if (isNameStart(c)) {
      while (i < n && isNamePart(text.charCodeAt(i))) i++;
      out.push({ kind: "Name", start, end: i, value: text.slice(start, i) });
    } else if (isDigit(c) || (c === 45 && isDigit(text.charCodeAt(i + 1)))) {
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const e = text.charCodeAt(i);
      if (e === 101 || e === 69) {
        let j = i + 1;
        if (text.charCodeAt(j) === 43 || text.charCodeAt(j) === 45) j++;
        if (isDigit(text.charCodeAt(j))) {
          i = j;
          while (i < n && isDigit(text.charCodeAt(i))) i++;
        }
      }
      if (i < n && isNameStart(text.charCodeAt(i))) {
        while (i < n && isNamePart(text.charCodeAt(i))) i++;
        out.push({ kind: "Invalid", start, end: i, value: `invalid number "${text.slice(start, i)}"` });
      } else out.push({ kind: "Number", start, end: i, value: text.slice(start, i) });
    } else if (c === 34) {
      out.push(readString(text, i));
      i = out[out.length - 1]!.end;
    } else if (c === 64) {
      if (text.charCodeAt(i + 1) === 64) {
        out.push({ kind: "@@", start, end: i + 2, value: "@@" });
        i += 2;
      } else {
        out.push({ kind: "@", start, end: i + 1, value: "@" });
        i++;
      }
    } else if (PUNCT_CODES[c] === 1) {
      out.push({ kind: text[i] as TokenKind, start, end: i + 1, value: text[i]! });
      i++;
    } else {
      // a run of characters the language has no use for is one error
      let shown = "";
      let count = 0;
      while (i < n && isStray(text, i)) {
        const cp = text.codePointAt(i)!;
        if (count < 20) shown += cp < 32 || cp === 127 ? `\\u{${cp.toString(16)}}` : String.fromCodePoint(cp);
        count++;
        i += cp > 0xffff ? 2 : 1;
      }
      out.push({ kind: "Invalid", start, end: i, value: `unexpected character${count > 1 ? "s" : ""} "${shown}${count > 20 ? "..." : ""}"` });
    }
  }
  out.push({ kind: "EOF", start: n, end: n, value: "" });
  return out;
}

/** A double-quoted string with backslash escapes; a string may not span lines. */
function readString(text: string, start: number): Token {
  let i = start + 1;
  let value = "";
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"') {
      // SQLite cuts SQL text at a NUL, so a name or default containing one would be mangled
      if (value.includes("\0")) return { kind: "Invalid", start, end: i + 1, value: "a string may not contain a NUL character" };
      return { kind: "String", start, end: i + 1, value };
    }
    if (ch === "\n") break;
    if (ch === "\\") {
      const next = text[i + 1];
      if (next === undefined || next === "\n") break;
      if (next === "u") {
        const hex = /^[0-9a-fA-F]{4}/.exec(text.slice(i + 2, i + 6));
        if (hex) {
          value += String.fromCharCode(parseInt(hex[0], 16));
          i += 6;
          continue;
        }
      }
      value += ESCAPES[next] ?? next;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  const end = text.charCodeAt(i - 1) === 13 ? i - 1 : i;
  return { kind: "Invalid", start, end: Math.max(end, start + 1), value: "unterminated string: add the closing quote" };
}
