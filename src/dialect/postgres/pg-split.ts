// Splits a SQL script into statements for PostgreSQL, each with its 1-based line, so a failing
// statement of a SQL migration is named by its line. String constants (also E'...'), quoted
// identifiers, dollar-quoted bodies and nested block comments can hold a `;`
// (sql-syntax-lexical.html); a statement is kept as written.

export interface PgScriptStatement {
  sql: string;
  line: number;
}

const DOLLAR = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

export function splitPgScript(script: string): PgScriptStatement[] {
  const out: PgScriptStatement[] = [];
  const n = script.length;
  let start = 0; // where the current statement's text begins
  let first = -1; // offset of its first character that is not space or comment
  let i = 0;
  const push = (end: number) => {
    if (first >= 0) {
      const sql = script.slice(first, end).trim();
      if (sql) out.push({ sql, line: lineAt(script, first) });
    }
    first = -1;
    start = end + 1;
  };
  while (i < n) {
    const c = script[i]!;
    if (c === "-" && script[i + 1] === "-") {
      while (i < n && script[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && script[i + 1] === "*") {
      let depth = 0;
      do {
        if (script[i] === "/" && script[i + 1] === "*") (depth++, (i += 2));
        else if (script[i] === "*" && script[i + 1] === "/") (depth--, (i += 2));
        else i++;
      } while (i < n && depth > 0);
      continue;
    }
    if (c === ";") {
      push(i);
      i++;
      continue;
    }
    if (first < 0 && !/\s/.test(c)) first = i;
    if (c === "'" || c === '"') {
      // E'...' strings take backslash escapes
      const escapes = c === "'" && /[eE]/.test(script[i - 1] ?? "") && !/[A-Za-z0-9_]/.test(script[i - 2] ?? "");
      let j = i + 1;
      for (; j < n; j++) {
        if (escapes && script[j] === "\\") {
          j++;
          continue;
        }
        if (script[j] === c) {
          if (script[j + 1] === c) j++;
          else break;
        }
      }
      i = j + 1;
      continue;
    }
    if (c === "$" && !/[A-Za-z0-9_]/.test(script[i - 1] ?? "")) {
      const m = DOLLAR.exec(script.slice(i, i + 64));
      if (m) {
        const end = script.indexOf(m[0], i + m[0].length);
        i = end < 0 ? n : end + m[0].length;
        continue;
      }
    }
    i++;
  }
  push(n);
  void start;
  return out;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let k = 0; k < offset; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}
