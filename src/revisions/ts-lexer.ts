// A minimal TypeScript tokenizer, just enough to find top-level `export const` declarations
// without executing or fully parsing the file: it skips comments, strings, template literals
// (with nested `${}`) and regular-expression literals, and reports offsets only.

export type TokenKind = "ident" | "string" | "template" | "number" | "punct" | "regex" | "eof";

export interface Token {
  kind: TokenKind;
  /** Identifier text, decoded string value, or punctuator. */
  value: string;
  start: number;
}

export class LexError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

// After these keywords a `/` starts a regular expression, not a division.
const REGEX_AFTER_WORD = new Set([
  "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
  "yield", "await",
]);

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

export class TsLexer {
  pos = 0;
  private prev: Token | null = null;

  constructor(readonly text: string) {}

  next(): Token {
    const tok = this.scan();
    this.prev = tok;
    return tok;
  }

  private scan(): Token {
    const s = this.text;
    const n = s.length;
    for (;;) {
      while (this.pos < n) {
        const c = s.charCodeAt(this.pos);
        if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff || c === 11 || c === 12) this.pos++;
        else break;
      }
      if (this.pos >= n) return { kind: "eof", value: "", start: n };
      const c = s.charCodeAt(this.pos);
      if (c === 47 /* / */) {
        const d = s.charCodeAt(this.pos + 1);
        if (d === 47) {
          const eol = s.indexOf("\n", this.pos);
          this.pos = eol < 0 ? n : eol + 1;
          continue;
        }
        if (d === 42) {
          const end = s.indexOf("*/", this.pos + 2);
          if (end < 0) throw new LexError("unterminated /* comment", this.pos);
          this.pos = end + 2;
          continue;
        }
        if (this.regexAllowed()) return this.scanRegex();
      }
      const start = this.pos;
      if (isIdentStart(c)) {
        let i = this.pos + 1;
        while (i < n && isIdentPart(s.charCodeAt(i))) i++;
        this.pos = i;
        return { kind: "ident", value: s.slice(start, i), start };
      }
      if (c >= 48 && c <= 57) {
        let i = this.pos + 1;
        while (i < n && (isIdentPart(s.charCodeAt(i)) || s.charCodeAt(i) === 46)) i++;
        this.pos = i;
        return { kind: "number", value: s.slice(start, i), start };
      }
      if (c === 34 || c === 39) return this.scanString(c);
      if (c === 96) return this.scanTemplate();
      // Punctuators: only `=` must be told apart from `=>`, `==`, `<=`, ... by our reader.
      const d = s.charCodeAt(this.pos + 1);
      if (d === 61 /* = */ && (c === 61 || c === 33 || c === 60 || c === 62)) {
        this.pos += s.charCodeAt(this.pos + 2) === 61 ? 3 : 2;
      } else if (c === 61 && d === 62) {
        this.pos += 2;
      } else {
        this.pos += 1;
      }
      return { kind: "punct", value: s.slice(start, this.pos), start };
    }
  }

  private regexAllowed(): boolean {
    const p = this.prev;
    if (p === null) return true;
    if (p.kind === "punct") return p.value !== ")" && p.value !== "]" && p.value !== "}";
    if (p.kind === "ident") return REGEX_AFTER_WORD.has(p.value);
    return false;
  }

  private scanRegex(): Token {
    const s = this.text;
    const start = this.pos;
    let i = this.pos + 1;
    let inClass = false;
    for (;;) {
      if (i >= s.length || s.charCodeAt(i) === 10) throw new LexError("unterminated regular expression", start);
      const c = s.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 91) (inClass = true), i++;
      else if (c === 93) (inClass = false), i++;
      else if (c === 47 && !inClass) break;
      else i++;
    }
    i++;
    while (i < s.length && isIdentPart(s.charCodeAt(i))) i++;
    this.pos = i;
    return { kind: "regex", value: s.slice(start, i), start };
  }

  private scanString(quote: number): Token {
    const s = this.text;
    const start = this.pos;
    // Fast path: no escape and no newline before the closing quote (native indexOf scans).
    const close = s.indexOf(quote === 34 ? '"' : "'", start + 1);
    if (close > 0) {
      const value = s.slice(start + 1, close);
      if (!value.includes("\\") && !value.includes("\n")) {
        this.pos = close + 1;
        return { kind: "string", value, start };
      }
    }
    let i = this.pos + 1;
    let out = "";
    let chunk = i;
    for (;;) {
      if (i >= s.length) throw new LexError("unterminated string", start);
      const c = s.charCodeAt(i);
      if (c === quote) break;
      if (c === 10) throw new LexError("unterminated string", start);
      if (c === 92) {
        out += s.slice(chunk, i) + decodeEscape(s[i + 1] ?? "");
        i += 2;
        chunk = i;
        continue;
      }
      i++;
    }
    out += s.slice(chunk, i);
    this.pos = i + 1;
    return { kind: "string", value: out, start };
  }

  /** A template without `${}` is a plain string; one with substitutions is kind "template". */
  private scanTemplate(): Token {
    const s = this.text;
    const start = this.pos;
    let i = this.pos + 1;
    let out = "";
    let chunk = i;
    let substituted = false;
    for (;;) {
      if (i >= s.length) throw new LexError("unterminated template literal", start);
      const c = s.charCodeAt(i);
      if (c === 96) break;
      if (c === 92) {
        out += s.slice(chunk, i) + decodeEscape(s[i + 1] ?? "");
        i += 2;
        chunk = i;
        continue;
      }
      if (c === 36 && s.charCodeAt(i + 1) === 123) {
        substituted = true;
        this.pos = i + 2;
        this.prev = { kind: "punct", value: "{", start: i + 1 };
        this.skipBraced();
        i = this.pos;
        chunk = i;
        continue;
      }
      i++;
    }
    out += s.slice(chunk, i);
    this.pos = i + 1;
    return { kind: substituted ? "template" : "string", value: out, start };
  }

  /** Skips tokens up to and including the `}` that closes an already-consumed `{`. */
  private skipBraced(): void {
    let depth = 0;
    for (;;) {
      const t = this.next();
      if (t.kind === "eof") throw new LexError("unterminated ${ in template literal", t.start);
      if (t.kind !== "punct") continue;
      if (t.value === "{") depth++;
      else if (t.value === "}") {
        if (depth === 0) return;
        depth--;
      }
    }
  }
}

function decodeEscape(ch: string): string {
  switch (ch) {
    case "n":
      return "\n";
    case "t":
      return "\t";
    case "r":
      return "\r";
    case "0":
      return "\0";
    case "\n":
      return "";
    default:
      return ch;
  }
}
