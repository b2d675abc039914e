// Splits a SQL script into statements so each one can be run, recorded and, on failure, named
// with its line. Built on the SQLite tokenizer (strings, quoted names and comments can hold `;`);
// a CREATE TRIGGER body's inner `;` end at its `END` (https://www.sqlite.org/lang_createtrigger.html).

import { tokenize, type Token } from "./sqlite-tokenizer";

export interface SqlStatement {
  sql: string;
  /** 1-based line of the statement's first token in the script. */
  line: number;
}

export function splitSql(script: string): SqlStatement[] {
  // one statement whose only `;` ends it (the common migration section): nothing to split
  const text = script.trim();
  const semi = text.indexOf(";");
  if (text && (semi === -1 || semi === text.length - 1) && !/^(--|\/\*)/.test(text) && !/--|\/\*/.test(text)) {
    return [{ sql: text, line: 1 + countLines(script, 0, script.indexOf(text[0]!)) }];
  }
  let tokens: Token[];
  try {
    tokens = tokenize(script);
  } catch {
    // text the tokenizer refuses (an unterminated string): let SQLite report it, as one statement
    return text ? [{ sql: text, line: 1 + countLines(script, 0, script.indexOf(text[0]!)) }] : [];
  }
  const out: SqlStatement[] = [];
  let first: Token | null = null;
  let words = 0;
  let trigger = false;
  let depth = 0; // BEGIN ... END (and CASE ... END inside) of a trigger body
  let lineAt = 0;
  let lineCount = 1;
  const line = (offset: number) => {
    lineCount += countLines(script, lineAt, offset);
    lineAt = offset;
    return lineCount;
  };
  for (const t of tokens) {
    if (!first) {
      first = t;
      words = 0;
      trigger = false;
      depth = 0;
    }
    if (t.kind === "ident") {
      const u = t.text.toUpperCase();
      if (words < 4 && u === "TRIGGER" && first.text.toUpperCase() === "CREATE") trigger = true;
      words++;
      if (trigger) {
        if (u === "BEGIN") depth++;
        else if (u === "CASE" && depth > 0) depth++;
        else if (u === "END" && depth > 0) depth--;
      }
    } else if (t.kind === "semi" && !(trigger && depth > 0)) {
      out.push({ sql: script.slice(first.start, t.end), line: line(first.start) });
      first = null;
    }
  }
  if (first) out.push({ sql: script.slice(first.start).trim(), line: line(first.start) });
  return out;
}

/** Newlines in text[from, to). */
function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
