// SQLite type affinity and the equivalence rules the differ needs: when two declared types,
// two DEFAULT expressions or two CHECK expressions mean the same thing to SQLite, autogenerate
// must not report a change. Rules from https://www.sqlite.org/datatype3.html (§3.1, §4.2).

export type Affinity = "INTEGER" | "TEXT" | "BLOB" | "REAL" | "NUMERIC";

/** The affinity SQLite gives a column declared with `declaredType` (datatype3.html §3.1: the
 *  five rules are tried in order on the upper-cased type, so "FLOATING POINT" is INTEGER). */
export function affinityOf(declaredType: string): Affinity {
  const t = declaredType.toUpperCase();
  if (t.includes("INT")) return "INTEGER";
  if (t.includes("CHAR") || t.includes("CLOB") || t.includes("TEXT")) return "TEXT";
  if (t.includes("BLOB") || t.trim() === "") return "BLOB";
  if (t.includes("REAL") || t.includes("FLOA") || t.includes("DOUB")) return "REAL";
  return "NUMERIC";
}

// Spellings of one declared type that every SQL reader treats as the same type. Deliberately
// small: DATETIME vs TEXT or REAL vs DOUBLE keep their affinity but are a real change of the
// declared type (a model going from DateTime to String expects a migration), so they differ.
const TYPE_ALIASES: Record<string, string> = {
  INT: "INTEGER",
  BOOL: "BOOLEAN",
  "DOUBLE PRECISION": "DOUBLE",
  "CHARACTER VARYING": "VARCHAR",
};

/** Canonical spelling of a declared type: upper case, single spaces, no spaces around the
 *  parentheses and commas of its size arguments, aliases above resolved. */
export function normalizeType(declaredType: string): string {
  return memo(typeCache, declaredType, normalizeTypeUncached);
}

// The differ normalises the same few spellings thousands of times on a large schema.
const typeCache = new Map<string, string>();
const exprCache = new Map<string, string>();
function memo(cache: Map<string, string>, key: string, fn: (k: string) => string): string {
  let v = cache.get(key);
  if (v === undefined) {
    if (cache.size > 10_000) cache.clear();
    v = fn(key);
    cache.set(key, v);
  }
  return v;
}

function normalizeTypeUncached(declaredType: string): string {
  let t = declaredType.toUpperCase().replace(/\s+/g, " ").trim();
  t = t.replace(/\s*\(\s*/g, "(").replace(/\s*,\s*/g, ",").replace(/\s*\)/g, ")");
  const m = /^([A-Z_ ]*?)(\(.*\))?$/.exec(t);
  if (!m) return t;
  const base = m[1]!.trim();
  return (TYPE_ALIASES[base] ?? base) + (m[2] ?? "");
}

/** True when `a` and `b` are spellings of the same declared type (`int` = `INTEGER`,
 *  `varchar( 10 )` = `VARCHAR(10)`). With `rowidAlias`, the column is the table's single-column
 *  primary key: there only the exact word INTEGER makes it an alias of the rowid
 *  (https://www.sqlite.org/lang_createtable.html#rowid), so INT and INTEGER differ. */
export function typesEquivalent(a: string, b: string, opts: { rowidAlias?: boolean } = {}): boolean {
  if (a === b) return true;
  if (opts.rowidAlias) {
    const bareA = a.toUpperCase().replace(/\s+/g, " ").trim();
    const bareB = b.toUpperCase().replace(/\s+/g, " ").trim();
    if ((bareA === "INTEGER") !== (bareB === "INTEGER")) return false;
  }
  return normalizeType(a) === normalizeType(b);
}

function sizeArgs(normalized: string): number[] | null {
  const m = /\(([^)]*)\)$/.exec(normalized);
  if (!m) return null;
  const nums = m[1]!.split(",").map((s) => Number(s));
  return nums.every((n) => Number.isFinite(n)) ? nums : null;
}

/** True when changing a column from `fromType` to `toType` can lose or alter stored values:
 *  text or blob into a numeric affinity, REAL/NUMERIC into INTEGER, or a smaller size
 *  (`VARCHAR(50)` → `VARCHAR(10)`, `TEXT` → `VARCHAR(10)`, `DECIMAL(10,2)` → `DECIMAL(8,2)`).
 *  SQLite itself does not enforce sizes, but the model states an intent and other engines do. */
export function isNarrowing(fromType: string, toType: string): boolean {
  const from = normalizeType(fromType);
  const to = normalizeType(toType);
  if (from === to) return false;
  const fa = affinityOf(from);
  const ta = affinityOf(to);
  if (fa !== ta) {
    if (ta === "TEXT" || ta === "BLOB") return fa === "BLOB" && ta === "TEXT";
    if (ta === "INTEGER") return true; // from TEXT, BLOB, REAL or NUMERIC
    if (ta === "REAL") return fa === "TEXT" || fa === "BLOB";
    return fa === "TEXT" || fa === "BLOB"; // to NUMERIC
  }
  const fs = sizeArgs(from);
  const ts = sizeArgs(to);
  if (ts && !fs) return true; // unbounded → bounded
  if (ts && fs) return ts.some((n, i) => fs[i] !== undefined && n < fs[i]!);
  return false;
}

// ---------------------------------------------------------------------------
// Expressions: a small tokenizer following https://www.sqlite.org/lang_expr.html literals.

export type ExprToken =
  | { t: "str"; v: string } // '...' literal, value unescaped
  | { t: "dq"; v: string } // "..." identifier (or string, by SQLite's DQS fallback)
  | { t: "num"; v: string }
  | { t: "word"; v: string }
  | { t: "punct"; v: string };

export function tokenizeExpr(sql: string): ExprToken[] {
  const out: ExprToken[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      let v = "";
      i++;
      while (i < sql.length) {
        if (sql[i] === close) {
          if (close !== "]" && sql[i + 1] === close) {
            v += close;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += sql[i++];
      }
      out.push(c === "'" ? { t: "str", v } : { t: "dq", v });
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(sql[i + 1] ?? ""))) {
      const m = /^(0x[0-9a-f]+|(\d+\.?\d*|\.\d+)(e[+-]?\d+)?)/i.exec(sql.slice(i))!;
      out.push({ t: "num", v: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      const m = /^[A-Za-z_0-9$\u0080-\uffff]+/.exec(sql.slice(i))!;
      out.push({ t: "word", v: m[0] });
      i += m[0].length;
    } else {
      const two = sql.slice(i, i + 2);
      const p = ["<=", ">=", "<>", "!=", "==", "||", "<<", ">>", "->"].includes(two) ? two : c;
      out.push({ t: "punct", v: p });
      i += p.length;
    }
  }
  return out;
}

function stripOuterParens(tokens: ExprToken[]): ExprToken[] {
  let toks = tokens;
  for (;;) {
    if (toks.length < 2 || toks[0]!.v !== "(" || toks[0]!.t !== "punct") return toks;
    const last = toks[toks.length - 1]!;
    if (last.t !== "punct" || last.v !== ")") return toks;
    let depth = 0;
    for (let i = 0; i < toks.length; i++) {
      const tk = toks[i]!;
      if (tk.t !== "punct") continue;
      if (tk.v === "(") depth++;
      if (tk.v === ")") depth--;
      if (depth === 0 && i < toks.length - 1) return toks; // "(a) + (b)"
    }
    toks = toks.slice(1, -1);
  }
}

function renderTokens(tokens: ExprToken[], dqAs: "ident" | "string"): string {
  return tokens
    .map((tk) => {
      switch (tk.t) {
        case "str":
          return `'${tk.v.replace(/'/g, "''")}'`;
        case "dq":
          return dqAs === "string" ? `'${tk.v.replace(/'/g, "''")}'` : tk.v.toUpperCase();
        case "num":
          return tk.v.toUpperCase();
        case "word":
          return tk.v.toUpperCase();
        case "punct":
          return tk.v === "==" ? "=" : tk.v === "!=" ? "<>" : tk.v;
      }
    })
    .join(" ");
}

/** Canonical text of a CHECK or index expression: keywords and identifiers upper-cased
 *  (SQLite names are case-insensitive), quoted identifiers unquoted, spacing and redundant
 *  outer parentheses removed; string literals kept exactly. */
export function normalizeExpr(sql: string): string {
  return memo(exprCache, sql, (k) => renderTokens(stripOuterParens(tokenizeExpr(k)), "ident"));
}

type DefaultValue =
  | { k: "null" }
  | { k: "num"; int: boolean; value: number; text: string }
  | { k: "str"; v: string }
  | { k: "expr"; v: string };

function numberValue(text: string): number {
  const neg = text.startsWith("-");
  const body = text.replace(/^[+-]/, "");
  const v = /^0x/i.test(body) ? Number.parseInt(body.slice(2), 16) : Number(body);
  return neg ? -v : v;
}

function parseDefault(sql: string | null | undefined): DefaultValue {
  if (sql === null || sql === undefined) return { k: "null" };
  let toks = stripOuterParens(tokenizeExpr(sql));
  let sign = "";
  if (toks.length === 2 && toks[0]!.t === "punct" && (toks[0]!.v === "-" || toks[0]!.v === "+")) {
    if (toks[1]!.t === "num") {
      sign = toks[0]!.v === "-" ? "-" : "";
      toks = toks.slice(1);
    }
  }
  if (toks.length === 1) {
    const tk = toks[0]!;
    const word = tk.t === "word" ? tk.v.toUpperCase() : "";
    if (word === "NULL") return { k: "null" };
    // TRUE and FALSE are the integers 1 and 0 in SQLite (lang_expr.html#booleanexpr).
    if (word === "TRUE" || word === "FALSE") {
      const value = word === "TRUE" ? 1 : 0;
      return { k: "num", int: true, value, text: word }; // the literal keeps its spelling
    }
    if (tk.t === "num") {
      const text = sign + tk.v;
      const int = /^[+-]?(0x[0-9a-f]+|\d+)$/i.test(text);
      return { k: "num", int, value: numberValue(text), text };
    }
    // A DEFAULT has no columns in scope, so "x" can only be SQLite's double-quoted-string
    // fallback (https://www.sqlite.org/quirks.html#dblquote): it stores the text x.
    if (tk.t === "str" || tk.t === "dq") return { k: "str", v: tk.v };
  }
  return { k: "expr", v: renderTokens(toks, "string") };
}

/** A well-formed numeric text, as SQLite's NUMERIC/INTEGER/REAL affinity would convert it. */
function textAsNumber(v: string): { int: boolean; value: number } | null {
  const s = v.trim();
  if (/^[+-]?\d+$/.test(s)) return { int: true, value: Number(s) };
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return { int: false, value: Number(s) };
  return null;
}

/** How SQLite writes a REAL as text (its "%!.15g" format: 100.0, 0.5, 1e+20 roughly). */
function realAsText(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toFixed(1);
  return String(Number(v.toPrecision(15)));
}

/** The value SQLite stores for a default in a column of this affinity (datatype3.html §3),
 *  as a comparable key. */
function storedKey(d: DefaultValue, aff: Affinity): string {
  switch (d.k) {
    case "null":
      return "null";
    case "expr":
      return `expr:${d.v}`;
    case "str": {
      const n = aff === "TEXT" || aff === "BLOB" ? null : textAsNumber(d.v);
      return n ? storedKey({ k: "num", ...n, text: d.v }, aff) : `str:${d.v}`;
    }
    case "num":
      if (aff === "REAL") return `real:${d.value}`;
      if (aff === "INTEGER" || aff === "NUMERIC") {
        // a real that is exactly an integer is stored as that integer
        return Number.isInteger(d.value) ? `int:${d.value}` : `real:${d.value}`;
      }
      if (aff === "TEXT") return `str:${d.int ? String(d.value) : realAsText(d.value)}`;
      return `${d.int ? "int" : "real"}:${d.value}`; // BLOB: stored as written
  }
}

/** The literal as written, spelling aside: `(0)` = `0`, `"a"` = `'a'`, `current_timestamp` =
 *  `CURRENT_TIMESTAMP`, NULL = no default; but `7` ≠ `'7'` and `1` ≠ `TRUE`. */
function literalKey(d: DefaultValue): string {
  switch (d.k) {
    case "null":
      return "null";
    case "expr":
      return `expr:${d.v}`;
    case "str":
      return `str:${d.v}`;
    case "num":
      return `num:${d.text.toUpperCase()}`;
  }
}

/** True when two DEFAULT expressions make SQLite store the same value in a column of
 *  `declaredType`: `(0)` = `0`, `NULL` = no default, `true` = `1`, `"a"` = `'a'`,
 *  `current_timestamp` = `CURRENT_TIMESTAMP`; `0.0` = `0` in REAL, INTEGER and NUMERIC
 *  columns (stored alike) but not in TEXT ones, where they are the texts '0.0' and '0'.
 *
 *  With `fromType` (the declared type `a` belongs to) different from `declaredType`, the
 *  column is re-declared by the change anyway, so `b` must be carried unless it is the same
 *  literal as `a`: `7` (INTEGER) → `'7'` (TEXT) is a change although TEXT stores both as '7'. */
export function defaultsEquivalent(
  a: string | null | undefined,
  b: string | null | undefined,
  declaredType = "",
  opts: { fromType?: string } = {},
): boolean {
  if (a === b) return true;
  const da = parseDefault(a);
  const db = parseDefault(b);
  if (opts.fromType !== undefined && !typesEquivalent(opts.fromType, declaredType)) {
    return literalKey(da) === literalKey(db);
  }
  const aff = affinityOf(declaredType);
  return storedKey(da, aff) === storedKey(db, aff);
}

/** True when the default is absent or NULL. */
export function isNullDefault(sql: string | null | undefined): boolean {
  return parseDefault(sql).k === "null";
}
