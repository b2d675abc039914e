// The comparison rules of PostgreSQL for autogenerate (schema/target.ts SchemaRules): which
// type spellings are one type (https://www.postgresql.org/docs/current/datatype.html, Table
// 8.1's aliases), which defaults store the same value — the model gives Prisma's spelling, the
// catalog what pg_get_expr prints ('x'::text, '-3'::integer, ARRAY['a'::text]) — and which
// CHECK / WHERE texts are one expression (pg-rules-expr.ts reads both into one tree).

import type { SchemaRules } from "../../schema/target";
import { canonicalNumber, fallbackExpr, parseExpr, printExpr, type Node } from "./pg-rules-expr";

const ALIASES: Record<string, string> = {
  INT: "INTEGER", INT4: "INTEGER", INTEGER: "INTEGER",
  INT2: "SMALLINT", SMALLINT: "SMALLINT",
  INT8: "BIGINT", BIGINT: "BIGINT",
  SERIAL4: "SERIAL", SERIAL2: "SMALLSERIAL", SERIAL8: "BIGSERIAL",
  FLOAT8: "DOUBLE PRECISION", "DOUBLE PRECISION": "DOUBLE PRECISION", FLOAT4: "REAL", REAL: "REAL",
  DECIMAL: "NUMERIC", NUMERIC: "NUMERIC",
  BOOL: "BOOLEAN", BOOLEAN: "BOOLEAN",
  "CHARACTER VARYING": "VARCHAR", VARCHAR: "VARCHAR",
  CHARACTER: "CHAR", CHAR: "CHAR", BPCHAR: "CHAR",
  "BIT VARYING": "VARBIT", VARBIT: "VARBIT",
  TIMESTAMPTZ: "TIMESTAMPTZ", TIMETZ: "TIMETZ",
};

const cache = new Map<string, string>();

/** Canonical spelling: upper case outside quotes, aliases resolved (`int4` → INTEGER, `decimal`
 *  → NUMERIC, `timestamp(3) without time zone` → TIMESTAMP(3), `timestamp with time zone` →
 *  TIMESTAMPTZ), `numeric(10)` → NUMERIC(10,0), `char` → CHAR(1), one `[]` for any array. */
export function normalizeType(declared: string): string {
  let v = cache.get(declared);
  if (v === undefined) {
    if (cache.size > 10_000) cache.clear();
    v = normalizeTypeUncached(declared);
    cache.set(declared, v);
  }
  return v;
}

function normalizeTypeUncached(declared: string): string {
  let t = declared.trim();
  let array = false;
  const arr = /(\s*\[\s*\d*\s*\])+$/.exec(t) ?? /\s+ARRAY(\s*\[\s*\d*\s*\])?$/i.exec(t);
  if (arr) {
    array = true;
    t = t.slice(0, arr.index).trim();
  }
  if (t.startsWith('"')) return t + (array ? "[]" : ""); // a user type (an enum) keeps its exact name
  t = t.toUpperCase().replace(/\s+/g, " ").replace(/^PG_CATALOG\./, "");
  t = t.replace(/\s*\(\s*/g, "(").replace(/\s*,\s*/g, ",").replace(/\s*\)/g, ")");
  const m = /^([A-Z0-9_ ]*?)(\(([^)]*)\))?( (WITH|WITHOUT) TIME ZONE)?$/.exec(t);
  if (!m) return t + (array ? "[]" : "");
  let base = m[1]!.trim();
  let args = m[3] !== undefined ? m[3].split(",") : [];
  const zone = m[5];
  if ((base === "TIMESTAMP" || base === "TIME") && zone === "WITH") base += "TZ";
  base = ALIASES[base] ?? base;
  if (base === "FLOAT") {
    // float(p): p <= 24 is real, else double (datatype-numeric.html#DATATYPE-FLOAT)
    base = args.length && Number(args[0]) <= 24 ? "REAL" : "DOUBLE PRECISION";
    args = [];
  }
  if (base === "NUMERIC" && args.length === 1) args.push("0");
  if (base === "CHAR" && args.length === 0) args = ["1"];
  // no precision is microseconds, the most a timestamp or time keeps
  if (/^(TIMESTAMP|TIME)(TZ)?$/.test(base) && args.length === 1 && args[0] === "6") args = [];
  return base + (args.length ? `(${args.join(",")})` : "") + (array ? "[]" : "");
}

export function typesEquivalent(a: string, b: string): boolean {
  return a === b || normalizeType(a) === normalizeType(b);
}

// ---------------------------------------------------------------------------
// isNarrowing

const INT_RANK: Record<string, number> = { SMALLINT: 1, SMALLSERIAL: 1, INTEGER: 2, SERIAL: 2, BIGINT: 3, BIGSERIAL: 3 };
const INT_DIGITS: Record<number, number> = { 1: 5, 2: 10, 3: 19 };
const TEXTS = new Set(["TEXT", "VARCHAR", "CHAR", "CITEXT", "NAME"]);

function split(t: string): { base: string; args: number[] | null; array: boolean } {
  const array = t.endsWith("[]");
  const body = array ? t.slice(0, -2) : t;
  const m = /^(.*?)(\(([^)]*)\))?$/.exec(body)!;
  return { base: m[1]!, args: m[3] !== undefined ? m[3].split(",").map(Number) : null, array };
}

/** True when changing `fromType` to `toType` can lose, round or refuse stored values. */
export function isNarrowing(fromType: string, toType: string): boolean {
  const f = split(normalizeType(fromType));
  const t = split(normalizeType(toType));
  if (normalizeType(fromType) === normalizeType(toType)) return false;
  if (t.base === "TEXT" && !t.array) return false; // every value has a text form
  if (f.array !== t.array) return true;
  const fi = INT_RANK[f.base];
  const ti = INT_RANK[t.base];
  if (fi && ti) return ti < fi;
  if (fi && t.base === "NUMERIC") return !!t.args && t.args[0]! - t.args[1]! < INT_DIGITS[fi]!;
  if (fi && t.base === "DOUBLE PRECISION") return fi === 3; // 53 bits of mantissa
  if (fi && t.base === "REAL") return fi >= 2; // 24 bits
  if (f.base === "NUMERIC" && t.base === "NUMERIC") {
    if (!t.args) return false;
    if (!f.args) return true;
    return t.args[1]! < f.args[1]! || t.args[0]! - t.args[1]! < f.args[0]! - f.args[1]!;
  }
  if (f.base === "REAL" && t.base === "DOUBLE PRECISION") return false;
  if (TEXTS.has(f.base) && TEXTS.has(t.base)) {
    if (t.base === "TEXT" || t.base === "CITEXT") return false;
    if (!t.args) return false; // unbounded VARCHAR
    if (!f.args) return true;
    return t.args[0]! < f.args[0]!;
  }
  if (f.base.startsWith('"') && TEXTS.has(t.base)) return !!t.args; // enum labels into a bounded text
  if (/^TIMESTAMP/.test(f.base) && /^TIMESTAMP/.test(t.base) || /^TIME(TZ)?$/.test(f.base) && /^TIME(TZ)?$/.test(t.base)) {
    if (f.base !== t.base) return true; // with ↔ without time zone: read in the session's zone
    return (t.args?.[0] ?? 6) < (f.args?.[0] ?? 6);
  }
  if (f.base === "DATE" && /^TIMESTAMP/.test(t.base)) return false;
  if (f.base === "JSONB" && t.base === "JSON") return false;
  if (f.base === "VARCHAR" || f.base === "CHAR") return !TEXTS.has(t.base);
  return true; // any other change may refuse values (text → integer, json → jsonb, enum → enum)
}

// ---------------------------------------------------------------------------
// defaults

const typeName = (t: string) => normalizeType(t);

type Value = { k: "null" } | { k: "num"; v: string } | { k: "str"; v: string } | { k: "bool"; v: boolean } | { k: "arr"; items: Value[] } | { k: "expr"; v: string };

const NOW = new Set(["CURRENT_TIMESTAMP", "now()", "transaction_timestamp()"]);

function arrayLiteral(text: string): string[] | null {
  const m = /^\{(.*)\}$/s.exec(text.trim());
  if (!m) return null;
  if (m[1]!.trim() === "") return [];
  return m[1]!.split(",").map((s) => s.trim().replace(/^"(.*)"$/s, "$1").replace(/\\(.)/g, "$1"));
}

function boolText(s: string): boolean | null {
  const v = s.trim().toLowerCase();
  if (["t", "true", "y", "yes", "on", "1"].includes(v)) return true;
  if (["f", "false", "n", "no", "off", "0"].includes(v)) return false;
  return null;
}

function timestampKey(s: string, withZone: boolean): string | null {
  // Prisma writes '2024-01-01 00:00:00 +00:00' (a space before the zone), which Date.parse refuses
  let v = s.trim().replace(" ", "T").replace(/\s+(?=(Z|[+-]\d{2}(:?\d{2})?)$)/, "");
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) v += "T00:00:00";
  if (!withZone) v = v.replace(/(Z|[+-]\d{2}(:?\d{2})?)$/, "");
  else v = v.replace(/([+-]\d{2})$/, "$1:00");
  const ms = Date.parse(withZone && !/(Z|[+-]\d{2}:\d{2})$/.test(v) ? `${v}Z` : withZone ? v : `${v}Z`);
  return Number.isNaN(ms) ? null : `ts:${ms}`;
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** The value a default stores in a column of `type` (normalized), as a comparable key. */
function valueOf(n: Node, type: string): Value {
  const { base, array } = split(type);
  switch (n.k) {
    case "null": return { k: "null" };
    case "num": return { k: "num", v: n.v };
    case "bool": return { k: "bool", v: n.v };
    case "str": {
      if (array) {
        const items = arrayLiteral(n.v);
        if (items) return { k: "arr", items: items.map((i) => valueOf({ k: "str", v: i }, base)) };
      }
      if (INT_RANK[base] || base === "NUMERIC" || base === "REAL" || base === "DOUBLE PRECISION") {
        if (/^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(n.v)) return { k: "num", v: canonicalNumber(n.v.trim()) };
      }
      if (base === "BOOLEAN") {
        const b = boolText(n.v);
        if (b !== null) return { k: "bool", v: b };
      }
      if (/^TIMESTAMP|^DATE$/.test(base)) {
        const key = timestampKey(n.v, base.startsWith("TIMESTAMPTZ"));
        if (key) return { k: "str", v: key };
      }
      if (base === "JSONB" || base === "JSON") {
        // jsonb stores objects with their keys sorted (the server prints the folded constant)
        try { return { k: "str", v: `json:${stableJson(JSON.parse(n.v))}` }; } catch { /* not JSON: the text */ }
      }
      return { k: "str", v: n.v };
    }
    case "array": return { k: "arr", items: n.items.map((i) => valueOf(i, base)) };
    case "kw": return { k: "expr", v: NOW.has(n.v) ? "now" : n.v };
    case "call": {
      const text = printExpr(n);
      return { k: "expr", v: NOW.has(text) ? "now" : text };
    }
    default:
      return { k: "expr", v: printExpr(n) };
  }
}

function key(v: Value): string {
  switch (v.k) {
    case "null": return "null";
    case "num": return `num:${v.v}`;
    case "str": return `str:${v.v}`;
    case "bool": return `bool:${v.v}`;
    case "arr": return `arr:[${v.items.map(key).join(",")}]`;
    case "expr": return `expr:${v.v}`;
  }
}

function defaultKey(sql: string | null | undefined, type: string): string {
  if (sql === null || sql === undefined || sql.trim() === "") return "null";
  const n = parseExpr(sql, typeName);
  if (!n) return `raw:${fallbackExpr(sql)}`;
  const v = valueOf(n, normalizeType(type));
  // a boolean constant and its text, a number and its text: equal once typed by the column
  return key(v);
}

/** True when two defaults store the same value in a column of `declaredType`: `'x'` =
 *  `'x'::text`, `-3` = `'-3'::integer`, `'{}'` = `'{}'::jsonb`, `ARRAY[]::TEXT[]` =
 *  `ARRAY[]::text[]`, `'USER'` = `'USER'::"Role"`, `now()` = `CURRENT_TIMESTAMP`, `(1 + 2)` = `1+2`. */
export function defaultsEquivalent(a: string | null | undefined, b: string | null | undefined, declaredType = ""): boolean {
  if (a === b) return true;
  return defaultKey(a, declaredType) === defaultKey(b, declaredType);
}

export function isNullDefault(sql: string | null | undefined): boolean {
  return defaultKey(sql, "") === "null";
}

/** One text for every spelling of a CHECK body or index predicate the server treats alike. */
export function normalizeExpr(sql: string): string {
  const n = parseExpr(sql, typeName);
  return n ? printExpr(n) : fallbackExpr(sql);
}

export const pgRules: Omit<SchemaRules, "quoteIdent" | "renderColumnSql" | "renderCreateTableSql" | "tokenizeExpr"> = {
  typesEquivalent,
  defaultsEquivalent,
  isNullDefault,
  normalizeExpr,
  normalizeType,
  isNarrowing,
};
