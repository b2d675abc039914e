// A minimal TypeScript tokenizer, just enough to find top-level `export const` declarations
// without executing or fully parsing the file: it skips comments, strings, template literals
// (with nested `${}`) and regular-expression literals, and reports offsets only.
// A cursor, not a token stream: `next()` returns the kind and leaves the token in fields, so a
// graph command over 10,000 files allocates nothing per identifier or punctuator.

export const enum Tok {
  Eof,
  Ident,
  String,
  Template,
  Number,
  Punct,
  Regex,
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
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c > 127;
}

export class TsLexer {
  pos = 0;
  /** The current token: kind, offsets, and for Punct the char code of a one-character punctuator (0 for `==`, `=>`, `<=`, …). */
  kind: Tok = Tok.Eof;
  start = 0;
  end = 0;
  punct = 0;
  /** Decoded value of a String or Template token (empty for other kinds). */
  value = "";
  // What came before, for telling a regular expression from a division.
  private prevKind: Tok | -1 = -1;
  private prevPunct = 0;
  private prevStart = 0;
  private prevEnd = 0;

  constructor(readonly text: string) {}

  next(): Tok {
    this.prevKind = this.kind;
    this.prevPunct = this.punct;
    this.prevStart = this.start;
    this.prevEnd = this.end;
    this.kind = this.scan();
    return this.kind;
  }

  /** The current token's one-character punctuator code (a call, so TypeScript doesn't narrow it across next()). */
  punctuator(): number {
    return this.punct;
  }

  /** True when the current token is the identifier `word`. */
  isWord(word: string): boolean {
    return this.kind === Tok.Ident && this.end - this.start === word.length && this.text.startsWith(word, this.start);
  }

  /** The current token's source text. */
  tokenText(): string {
    return this.text.slice(this.start, this.end);
  }

  private scan(): Tok {
    const s = this.text;
    const n = s.length;
    this.value = "";
    this.punct = 0;
    for (;;) {
      let p = this.pos;
      let c = s.charCodeAt(p);
      while (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff || c === 11 || c === 12) c = s.charCodeAt(++p);
      this.pos = p;
      if (p >= n) {
        this.start = this.end = n;
        return Tok.Eof;
      }
      this.start = p;
      if (c === 47 /* / */) {
        const d = s.charCodeAt(p + 1);
        if (d === 47) {
          const eol = s.indexOf("\n", p);
          this.pos = eol < 0 ? n : eol + 1;
          continue;
        }
        if (d === 42) {
          const end = s.indexOf("*/", p + 2);
          if (end < 0) throw new LexError("unterminated /* comment", p);
          this.pos = end + 2;
          continue;
        }
        if (this.regexAllowed()) return this.scanRegex();
      }
      if (isIdentStart(c)) {
        let i = p + 1;
        while (i < n && isIdentPart(s.charCodeAt(i))) i++;
        this.pos = this.end = i;
        return Tok.Ident;
      }
      if (c >= 48 && c <= 57) {
        let i = p + 1;
        while (i < n && (isIdentPart(s.charCodeAt(i)) || s.charCodeAt(i) === 46)) i++;
        this.pos = this.end = i;
        return Tok.Number;
      }
      if (c === 34 || c === 39) return this.scanString(c);
      if (c === 96) return this.scanTemplate();
      // Punctuators: only `=` must be told apart from `=>`, `==`, `<=`, ... by our reader.
      const d = s.charCodeAt(p + 1);
      if (d === 61 /* = */ && (c === 61 || c === 33 || c === 60 || c === 62)) {
        this.pos = p + (s.charCodeAt(p + 2) === 61 ? 3 : 2);
      } else if (c === 61 && d === 62) {
        this.pos = p + 2;
      } else {
        this.pos = p + 1;
        this.punct = c;
      }
      this.end = this.pos;
      return Tok.Punct;
    }
  }

  private regexAllowed(): boolean {
    const k = this.prevKind;
    if (k === -1 || k === Tok.Eof) return true;
    if (k === Tok.Punct) return this.prevPunct !== 41 && this.prevPunct !== 93 && this.prevPunct !== 125; // ) ] }
    if (k === Tok.Ident) return REGEX_AFTER_WORD.has(this.text.slice(this.prevStart, this.prevEnd));
    return false;
  }

  private scanRegex(): Tok {
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
    this.pos = this.end = i;
    return Tok.Regex;
  }

  private scanString(quote: number): Tok {
    const s = this.text;
    const start = this.pos;
    // Fast path: no escape and no newline before the closing quote (native indexOf scans).
    const close = s.indexOf(quote === 34 ? '"' : "'", start + 1);
    if (close > 0) {
      const value = s.slice(start + 1, close);
      if (!value.includes("\\") && !value.includes("\n")) {
        this.pos = this.end = close + 1;
        this.value = value;
        return Tok.String;
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
    this.pos = this.end = i + 1;
    this.value = out;
    return Tok.String;
  }

  /** A template without `${}` is a plain string; one with substitutions is kind Template. */
  private scanTemplate(): Tok {
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
        // The `${` acts as an opening brace for what follows it.
        this.kind = Tok.Punct;
        this.punct = 123;
        this.start = i + 1;
        this.end = i + 2;
        this.skipBraced();
        i = this.pos;
        chunk = i;
        continue;
      }
      i++;
    }
    out += s.slice(chunk, i);
    this.pos = i + 1;
    this.start = start;
    this.end = this.pos;
    this.punct = 0;
    this.value = out;
    return substituted ? Tok.Template : Tok.String;
  }

  /** Skips tokens up to and including the `}` that closes an already-consumed `{`. */
  private skipBraced(): void {
    let depth = 0;
    for (;;) {
      const k = this.next();
      if (k === Tok.Eof) throw new LexError("unterminated ${ in template literal", this.start);
      if (k !== Tok.Punct) continue;
      if (this.punct === 123) depth++;
      else if (this.punct === 125) {
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
