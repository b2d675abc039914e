// A small PostgreSQL expression reader for comparisons: the server stores CHECK bodies, index
// predicates and defaults as parse trees and prints them back its own way (pg_get_expr:
// every operator in parentheses, casts on literals, IN as `= ANY (ARRAY[...])`, BETWEEN as two
// comparisons, LIKE as `~~`). Reading both spellings into one tree and printing it one way makes
// the model's text and the catalog's text compare equal. Operator precedence follows
// https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-PRECEDENCE.

export type Node =
  | { k: "str"; v: string }
  | { k: "num"; v: string }
  | { k: "bool"; v: boolean }
  | { k: "null" }
  | { k: "id"; v: string } // folded and quoted: "name" or "t"."name"
  | { k: "kw"; v: string } // CURRENT_TIMESTAMP and the other value keywords
  | { k: "call"; name: string; args: Node[]; star?: boolean }
  | { k: "cast"; e: Node; type: string }
  | { k: "un"; op: string; e: Node }
  | { k: "bin"; op: string; l: Node; r: Node }
  | { k: "post"; op: string; e: Node } // IS NULL, IS NOT NULL, IS TRUE ...
  | { k: "quant"; op: string; q: "ANY" | "ALL"; l: Node; r: Node }
  | { k: "array"; items: Node[] }
  | { k: "case"; arg: Node | null; whens: [Node, Node][]; else: Node | null };

type Tok = { t: "str" | "num" | "word" | "qid" | "op"; v: string };

const VALUE_KEYWORDS = new Set(["CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIMESTAMP", "LOCALTIME", "CURRENT_USER", "SESSION_USER", "CURRENT_ROLE", "USER", "CURRENT_SCHEMA", "CURRENT_CATALOG"]);
const TYPE_WORDS = new Set(["PRECISION", "VARYING", "WITH", "WITHOUT", "TIME", "ZONE"]);
const OPS = ["::", "<=", ">=", "<>", "!=", "||", "!~~*", "!~~", "~~*", "~~", "!~*", "!~", "~*", "@>", "<@", "&&", "->>", "->", "#>>", "#>", "?|", "?&"];

export function tokenize(sql: string): Tok[] | null {
  const out: Tok[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === "'" || ((c === "E" || c === "e") && sql[i + 1] === "'" && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? ""))) {
      const escaped = c !== "'";
      let j = escaped ? i + 2 : i + 1;
      let v = "";
      for (;;) {
        if (j >= sql.length) return null;
        const d = sql[j]!;
        if (escaped && d === "\\") { v += sql[j + 1] ?? ""; j += 2; continue; }
        if (d === "'") { if (sql[j + 1] === "'") { v += "'"; j += 2; continue; } j++; break; }
        v += d; j++;
      }
      out.push({ t: "str", v });
      i = j;
    } else if (c === '"') {
      const m = /^"((?:[^"]|"")*)"/.exec(sql.slice(i));
      if (!m) return null;
      out.push({ t: "qid", v: m[1]!.replaceAll('""', '"') });
      i += m[0].length;
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(sql[i + 1] ?? ""))) {
      const m = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(sql.slice(i))!;
      out.push({ t: "num", v: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      const m = /^[A-Za-z_0-9$\u0080-\uffff]+/.exec(sql.slice(i))!;
      out.push({ t: "word", v: m[0] });
      i += m[0].length;
    } else {
      const op = OPS.find((o) => sql.startsWith(o, i)) ?? c;
      out.push({ t: "op", v: op });
      i += op.length;
    }
  }
  return out;
}

/** Canonical decimal text of a number literal ("01.50" → "1.5", "1e3" → "1000"). */
export function canonicalNumber(text: string): string {
  const neg = text.startsWith("-");
  let s = text.replace(/^[+-]/, "");
  if (/e/i.test(s)) s = String(Number(s));
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  s = s.replace(/^0+(?=\d)/, "");
  if (s.startsWith(".")) s = `0${s}`;
  return neg && s !== "0" ? `-${s}` : s;
}

const NUMERIC_TYPES = /^(SMALLINT|INTEGER|BIGINT|NUMERIC|REAL|DOUBLE PRECISION|INT[248]?|FLOAT[48]?|DECIMAL)(\(|$)/;
// the targets of the implicit numeric promotions the server writes out ((qty + 1))::numeric)
const WIDENING = /^(BIGINT|NUMERIC|REAL|DOUBLE PRECISION)(\(|$)/;
const TEXT_TYPES = /^(TEXT|VARCHAR|CHARACTER VARYING|BPCHAR|CHAR|CHARACTER|NAME)(\(|$)/;

function quant(op: string, q: "ANY" | "ALL", l: Node, r: Node): Node {
  if (r.k === "array" && r.items.length === 1) return { k: "bin", op, l, r: r.items[0]! };
  return { k: "quant", op, q, l, r };
}

class Parser {
  i = 0;
  constructor(private toks: Tok[], private typeName: (t: string) => string) {}
  peek(o = 0): Tok | undefined { return this.toks[this.i + o]; }
  word(o = 0): string { const t = this.peek(o); return t?.t === "word" ? t.v.toUpperCase() : ""; }
  isOp(v: string, o = 0): boolean { const t = this.peek(o); return t?.t === "op" && t.v === v; }
  expect(v: string): void { if (!this.isOp(v)) throw new Error(`expected ${v}`); this.i++; }
  expectWord(v: string): void { if (this.word() !== v) throw new Error(`expected ${v}`); this.i++; }
  done(): boolean { return this.i >= this.toks.length; }

  expr(): Node { return this.or(); }
  or(): Node { let l = this.and(); while (this.word() === "OR") { this.i++; l = { k: "bin", op: "OR", l, r: this.and() }; } return l; }
  and(): Node { let l = this.not(); while (this.word() === "AND") { this.i++; l = { k: "bin", op: "AND", l, r: this.not() }; } return l; }
  not(): Node { if (this.word() === "NOT") { this.i++; return { k: "un", op: "NOT", e: this.not() }; } return this.is(); }
  is(): Node {
    let e = this.cmp();
    for (;;) {
      const w = this.word();
      if (w === "ISNULL") { this.i++; e = { k: "post", op: "IS NULL", e }; continue; }
      if (w === "NOTNULL") { this.i++; e = { k: "post", op: "IS NOT NULL", e }; continue; }
      if (w !== "IS") return e;
      this.i++;
      let neg = false;
      if (this.word() === "NOT") { neg = true; this.i++; }
      const what = this.word();
      if (what === "DISTINCT") {
        this.i++; this.expectWord("FROM");
        e = { k: "bin", op: neg ? "IS NOT DISTINCT FROM" : "IS DISTINCT FROM", l: e, r: this.cmp() };
        continue;
      }
      if (!["NULL", "TRUE", "FALSE", "UNKNOWN"].includes(what)) throw new Error("IS what");
      this.i++;
      e = { k: "post", op: `IS ${neg ? "NOT " : ""}${what}`, e };
    }
  }
  cmp(): Node {
    const l = this.like();
    const t = this.peek();
    if (t?.t === "op" && ["=", "<>", "!=", "<", ">", "<=", ">="].includes(t.v)) {
      this.i++;
      const op = t.v === "!=" ? "<>" : t.v;
      const q = this.word();
      if ((q === "ANY" || q === "SOME" || q === "ALL") && this.isOp("(", 1)) {
        this.i += 2;
        const r = this.expr();
        this.expect(")");
        return quant(op, q === "ALL" ? "ALL" : "ANY", l, r);
      }
      return { k: "bin", op, l, r: this.like() };
    }
    return l;
  }
  like(): Node {
    const l = this.other();
    let neg = false;
    let o = 0;
    if (this.word() === "NOT" && ["IN", "LIKE", "ILIKE", "BETWEEN"].includes(this.word(1))) { neg = true; o = 1; }
    const w = this.word(o);
    if (w === "IN") {
      this.i += o + 1;
      this.expect("(");
      const items = [this.expr()];
      while (this.isOp(",")) { this.i++; items.push(this.expr()); }
      this.expect(")");
      // what the server stores for IN (...): `= ANY (ARRAY[...])`, NOT IN: `<> ALL (...)`; a
      // list of one is a plain comparison
      return quant(neg ? "<>" : "=", neg ? "ALL" : "ANY", l, { k: "array", items });
    }
    if (w === "LIKE" || w === "ILIKE") {
      this.i += o + 1;
      const op = (neg ? "!" : "") + (w === "LIKE" ? "~~" : "~~*");
      return { k: "bin", op, l, r: this.other() };
    }
    if (w === "BETWEEN") {
      this.i += o + 1;
      const lo = this.other();
      this.expectWord("AND");
      const hi = this.other();
      return neg
        ? { k: "bin", op: "OR", l: { k: "bin", op: "<", l, r: lo }, r: { k: "bin", op: ">", l, r: hi } }
        : { k: "bin", op: "AND", l: { k: "bin", op: ">=", l, r: lo }, r: { k: "bin", op: "<=", l, r: hi } };
    }
    return l;
  }
  other(): Node {
    let l = this.add();
    for (;;) {
      const t = this.peek();
      if (t?.t !== "op" || ["+", "-", "*", "/", "%", "(", ")", ",", "[", "]", "=", "<", ">", "<=", ">=", "<>", "!=", "::", "."].includes(t.v)) return l;
      this.i++;
      l = { k: "bin", op: t.v, l, r: this.add() };
    }
  }
  add(): Node {
    let l = this.mul();
    while (this.isOp("+") || this.isOp("-")) { const op = this.peek()!.v; this.i++; l = { k: "bin", op, l, r: this.mul() }; }
    return l;
  }
  mul(): Node {
    let l = this.unary();
    while (this.isOp("*") || this.isOp("/") || this.isOp("%")) { const op = this.peek()!.v; this.i++; l = { k: "bin", op, l, r: this.unary() }; }
    return l;
  }
  unary(): Node {
    if (this.isOp("-") || this.isOp("+")) {
      const op = this.peek()!.v;
      this.i++;
      const e = this.unary();
      if (e.k === "num") return op === "-" ? { k: "num", v: canonicalNumber(`-${e.v}`) } : e;
      return op === "-" ? { k: "un", op: "-", e } : e;
    }
    return this.postfix();
  }
  postfix(): Node {
    let e = this.primary();
    while (this.isOp("::")) { this.i++; e = castOf(e, this.type(), this.typeName); }
    return e;
  }
  type(): string {
    const t = this.peek();
    if (!t) throw new Error("type expected");
    let s: string;
    if (t.t === "qid") { s = `"${t.v.replaceAll('"', '""')}"`; this.i++; }
    else if (t.t === "word") {
      s = t.v; this.i++;
      while (this.peek()?.t === "op" && this.peek()!.v === "." && this.peek(1)) { this.i++; const n = this.peek()!; this.i++; s = n.t === "qid" ? `"${n.v}"` : n.v; }
      for (;;) {
        if (TYPE_WORDS.has(this.word())) { s += ` ${this.word()}`; this.i++; continue; }
        if (this.isOp("(")) {
          const args: string[] = [];
          this.i++;
          while (!this.isOp(")")) { const a = this.peek(); if (!a) throw new Error("type args"); if (a.t !== "op") args.push(a.v); this.i++; }
          this.i++;
          s += `(${args.join(",")})`;
          continue;
        }
        break;
      }
    } else throw new Error("type expected");
    while (this.isOp("[")) { this.i++; while (this.peek()?.t === "num") this.i++; this.expect("]"); s += "[]"; }
    return this.typeName(s);
  }
  primary(): Node {
    const t = this.peek();
    if (!t) throw new Error("unexpected end");
    this.i++;
    if (t.t === "str") return { k: "str", v: t.v };
    if (t.t === "num") return { k: "num", v: canonicalNumber(t.v) };
    if (t.t === "op" && t.v === "(") { const e = this.expr(); this.expect(")"); return e; }
    if (t.t === "qid" || t.t === "word") {
      const w = t.t === "word" ? t.v.toUpperCase() : "";
      if (w === "NULL") return { k: "null" };
      if (w === "TRUE" || w === "FALSE") return { k: "bool", v: w === "TRUE" };
      if (w === "ARRAY" && this.isOp("[")) {
        this.i++;
        const items: Node[] = [];
        while (!this.isOp("]")) { items.push(this.expr()); if (this.isOp(",")) this.i++; else break; }
        this.expect("]");
        return { k: "array", items };
      }
      if (w === "CASE") return this.caseExpr();
      if (VALUE_KEYWORDS.has(w) && !this.isOp("(")) return { k: "kw", v: w };
      if (VALUE_KEYWORDS.has(w) && this.isOp("(") && this.peek(1)?.t === "num" && this.isOp(")", 2)) {
        const p = this.peek(1)!.v;
        this.i += 3;
        return { k: "kw", v: `${w}(${p})` };
      }
      let name = t.t === "qid" ? `"${t.v.replaceAll('"', '""')}"` : `"${t.v.toLowerCase()}"`;
      while (this.isOp(".")) {
        this.i++;
        const n = this.peek();
        if (!n || (n.t !== "word" && n.t !== "qid")) throw new Error("name expected");
        this.i++;
        name += `."${n.t === "qid" ? n.v.replaceAll('"', '""') : n.v.toLowerCase()}"`;
      }
      if (this.isOp("(")) {
        this.i++;
        if (this.isOp("*")) { this.i++; this.expect(")"); return { k: "call", name: name.replaceAll('"', ""), args: [], star: true }; }
        const args: Node[] = [];
        while (!this.isOp(")")) { args.push(this.expr()); if (this.isOp(",")) this.i++; else break; }
        this.expect(")");
        return { k: "call", name: name.replaceAll('"', ""), args };
      }
      return { k: "id", v: name };
    }
    throw new Error(`unexpected ${t.v}`);
  }
  caseExpr(): Node {
    const arg = this.word() === "WHEN" ? null : this.expr();
    const whens: [Node, Node][] = [];
    while (this.word() === "WHEN") { this.i++; const w = this.expr(); this.expectWord("THEN"); whens.push([w, this.expr()]); }
    let els: Node | null = null;
    if (this.word() === "ELSE") { this.i++; els = this.expr(); }
    this.expectWord("END");
    return { k: "case", arg, whens, else: els };
  }
}

/** A cast as the comparison sees it: casts on literals, to text types and to the wider number
 *  types are the server's additions (it types every constant and writes implicit promotions
 *  out), so they are dropped; a numeric string cast to a
 *  number type is that number ('-3'::integer is how -3 comes back). */
function castOf(e: Node, type: string, typeName: (t: string) => string): Node {
  const up = typeName(type);
  if (e.k === "str" && NUMERIC_TYPES.test(up) && /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(e.v)) return { k: "num", v: canonicalNumber(e.v.trim()) };
  if (e.k === "str" || e.k === "num" || e.k === "null" || e.k === "bool") return e;
  if (e.k === "array" && e.items.every((x) => x.k === "str" || x.k === "num" || x.k === "null" || x.k === "bool")) return e;
  if (TEXT_TYPES.test(up) || WIDENING.test(up)) return e;
  return { k: "cast", e, type: up };
}

export function parseExpr(sql: string, typeName: (t: string) => string): Node | null {
  const toks = tokenize(sql);
  if (!toks || toks.length === 0) return null;
  try {
    const p = new Parser(toks, typeName);
    const e = p.expr();
    return p.done() ? e : null;
  } catch {
    return null;
  }
}

export function printExpr(n: Node): string {
  switch (n.k) {
    case "str": return `'${n.v.replaceAll("'", "''")}'`;
    case "num": return n.v;
    case "bool": return n.v ? "TRUE" : "FALSE";
    case "null": return "NULL";
    case "id": return n.v;
    case "kw": return n.v;
    case "call": return `${n.name}(${n.star ? "*" : n.args.map(printExpr).join(", ")})`;
    case "cast": return `(${printExpr(n.e)})::${n.type}`;
    case "un": return `(${n.op}${n.op === "NOT" ? " " : ""}${printExpr(n.e)})`;
    case "bin": return `(${printExpr(n.l)} ${n.op} ${printExpr(n.r)})`;
    case "post": return `(${printExpr(n.e)} ${n.op})`;
    case "quant": return `(${printExpr(n.l)} ${n.op} ${n.q} (${printExpr(n.r)}))`;
    case "array": return `ARRAY[${n.items.map(printExpr).join(", ")}]`;
    case "case":
      return `CASE${n.arg ? ` ${printExpr(n.arg)}` : ""}${n.whens.map(([w, t]) => ` WHEN ${printExpr(w)} THEN ${printExpr(t)}`).join("")}` +
        `${n.else ? ` ELSE ${printExpr(n.else)}` : ""} END`;
  }
}

/** The tokens of an expression the reader cannot read, upper-cased outside quotes, with its
 *  outer parentheses removed: a last resort that still ignores case and spacing. */
export function fallbackExpr(sql: string): string {
  const toks = tokenize(sql);
  if (!toks) return sql.trim();
  let parts = toks.map((t) => (t.t === "str" ? `'${t.v.replaceAll("'", "''")}'` : t.t === "qid" ? `"${t.v}"` : t.v.toUpperCase()));
  while (parts.length >= 2 && parts[0] === "(" && parts[parts.length - 1] === ")") {
    let depth = 0;
    let wraps = true;
    for (let i = 0; i < parts.length - 1; i++) {
      if (parts[i] === "(") depth++;
      if (parts[i] === ")") depth--;
      if (depth === 0) { wraps = false; break; }
    }
    if (!wraps) break;
    parts = parts.slice(1, -1);
  }
  return parts.join(" ");
}
