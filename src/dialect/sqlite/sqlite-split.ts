// Splits a SQL script into statements so each one can be run, recorded and, on failure, named.
// Follows SQLite's tokenizer rules (https://www.sqlite.org/lang_keywords.html,
// https://www.sqlite.org/lang_comment.html): '...' strings, "..." `...` [...] identifiers,
// -- and /* */ comments, and CREATE TRIGGER bodies whose inner `;` end at `END`.

export interface SqlStatement {
  sql: string;
  /** 1-based line of the statement's first character in the script. */
  line: number;
}

export function splitSql(script: string): SqlStatement[] {
  const out: SqlStatement[] = [];
  let start = 0;
  let line = 1;
  let startLine = 1;
  let inTrigger = false;
  let depthBeginEnd = 0;
  let words: string[] = []; // leading words of the current statement
  let started = false; // seen a token of the current statement (comments don't count)
  let i = 0;
  const n = script.length;
  const pushWord = (w: string) => {
    const u = w.toUpperCase();
    if (words.length < 4) {
      words.push(u);
      if (words[0] === "CREATE" && (u === "TRIGGER")) inTrigger = true;
    }
    if (inTrigger) {
      if (u === "BEGIN") depthBeginEnd++;
      else if (u === "END" && depthBeginEnd > 0) depthBeginEnd--;
      // CASE ... END inside a trigger body also ends with END; count CASE as an opener
      else if (u === "CASE" && depthBeginEnd > 0) depthBeginEnd++;
    }
  };
  const flush = (end: number) => {
    const text = script.slice(start, end).trim();
    if (text && !/^(?:\s|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*$/.test(text)) {
      out.push({ sql: text, line: startLine });
    }
  };
  while (i < n) {
    const c = script[i]!;
    if (c === "\n") {
      line++;
      i++;
      continue;
    }
    if (c === "-" && script[i + 1] === "-") {
      while (i < n && script[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && script[i + 1] === "*") {
      const end = script.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = i; k < stop; k++) if (script[k] === "\n") line++;
      i = stop;
      continue;
    }
    if (!started && !/\s/.test(c)) {
      started = true;
      startLine = line;
    }
    if (c === "'" || c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      i++;
      while (i < n) {
        if (script[i] === "\n") line++;
        if (script[i] === close) {
          if (close !== "]" && script[i + 1] === close) {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$]/.test(script[j]!)) j++;
      pushWord(script.slice(i, j));
      i = j;
      continue;
    }
    if (c === ";" && !(inTrigger && depthBeginEnd > 0)) {
      flush(i + 1);
      start = i + 1;
      words = [];
      inTrigger = false;
      depthBeginEnd = 0;
      started = false;
      i++;
      continue;
    }
    i++;
  }
  flush(n);
  return out;
}
