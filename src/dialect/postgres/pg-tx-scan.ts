// Finds the transaction-control statements in PostgreSQL text (BEGIN, START TRANSACTION,
// COMMIT, END, ROLLBACK, ABORT, PREPARE TRANSACTION) so that a session knows whether it is
// inside a transaction block without asking the server. Skips quotes, dollar quotes and
// comments (sql-syntax-lexical.html) and the bodies of `BEGIN ATOMIC ... END` functions.

export type TxEffect = "begin" | "end" | null;

export interface ScannedStatement {
  /** offset of the statement's first token in the text */
  start: number;
  /** offset just past its terminating ';' (or the text's end) */
  end: number;
  effect: TxEffect;
}

const WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y;

/** The top-level statements of `sql` with what each does to the transaction block. */
export function scanStatements(sql: string): ScannedStatement[] {
  const out: ScannedStatement[] = [];
  let words: string[] = [];
  let start = -1;
  let atomicDepth = 0;
  let i = 0;
  const n = sql.length;
  const finish = (end: number) => {
    if (start >= 0) out.push({ start, end, effect: effectOf(words) });
    words = [];
    start = -1;
  };
  while (i < n) {
    const c = sql[i]!;
    if (c === "-" && sql[i + 1] === "-") {
      const nl = sql.indexOf("\n", i);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      // block comments nest in PostgreSQL
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === "/" && sql[i + 1] === "*") { depth++; i += 2; }
        else if (sql[i] === "*" && sql[i + 1] === "/") { depth--; i += 2; }
        else i++;
      }
      continue;
    }
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f") { i++; continue; }
    if (start < 0 && c !== ";") start = i;
    if (c === ";") {
      i++;
      if (atomicDepth === 0) finish(i);
      continue;
    }
    if (c === "'" || c === '"') {
      // E'...' strings take backslash escapes; others double the quote
      const escapes = c === "'" && i > 0 && /[eE]/.test(sql[i - 1]!) && !/[A-Za-z0-9_]/.test(sql[i - 2] ?? " ");
      i++;
      while (i < n) {
        if (escapes && sql[i] === "\\") { i += 2; continue; }
        if (sql[i] === c) {
          if (sql[i + 1] === c) { i += 2; continue; }
          break;
        }
        i++;
      }
      i++;
      continue;
    }
    if (c === "$") {
      const m = /\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;
      m.lastIndex = i;
      const tag = m.exec(sql);
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? n : close + tag[0].length;
        continue;
      }
      i++;
      continue;
    }
    WORD.lastIndex = i;
    const w = WORD.exec(sql);
    if (w) {
      const up = w[0].toUpperCase();
      if (words.length < 3) words.push(up);
      // SQL-standard function bodies: semicolons inside BEGIN ATOMIC ... END end no statement
      if (up === "ATOMIC" && lastWordBefore(sql, i) === "BEGIN") atomicDepth++;
      else if (up === "CASE" && atomicDepth > 0) atomicDepth++; // its END is not the body's
      else if (up === "END" && atomicDepth > 0) atomicDepth--;
      i += w[0].length;
      continue;
    }
    if (words.length < 3) words.push(c);
    i++;
  }
  finish(n);
  return out;
}

function lastWordBefore(sql: string, i: number): string {
  const m = /([A-Za-z_]+)\s*$/.exec(sql.slice(Math.max(0, i - 40), i));
  return m ? m[1]!.toUpperCase() : "";
}

// sql-begin.html, sql-start-transaction.html, sql-commit.html, sql-end.html, sql-rollback.html,
// sql-abort.html, sql-prepare-transaction.html; ROLLBACK TO / COMMIT PREPARED leave the block as is
function effectOf(words: string[]): TxEffect {
  const [a, b] = words;
  if (a === "BEGIN" || (a === "START" && b === "TRANSACTION")) return "begin";
  if (a === "COMMIT" || a === "END" || a === "ABORT") return b === "PREPARED" ? null : "end";
  if (a === "ROLLBACK") return b === "TO" || b === "PREPARED" ? null : "end";
  if (a === "PREPARE" && b === "TRANSACTION") return "end";
  return null;
}

/** Whether a transaction block is open after `sql` ran successfully, starting from `open`. */
export function inTransactionAfter(sql: string, open: boolean): boolean {
  for (const s of scanStatements(sql)) if (s.effect) open = s.effect === "begin";
  return open;
}

/** 1-based line and column of a 1-based character `position` (the server's error cursor) in `sql`. */
export function lineColumn(sql: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const upto = Math.min(Math.max(position - 1, 0), sql.length);
  for (let i = 0; i < upto; i++) if (sql[i] === "\n") { line++; lineStart = i + 1; }
  return { line, column: upto - lineStart + 1 };
}
