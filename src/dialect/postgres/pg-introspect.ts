// PostgreSQL → neutral schema (DESIGN.md §3) from pg_catalog (catalogs.html), one query per
// catalog kind for the whole schema (relations, columns, constraints, indexes, enums, triggers),
// never one per table. Expressions are the server's own unprettified text (as pg_dump and
// information_schema print them), less the one pair of parentheses that wraps a whole CHECK or
// partial-index predicate.

import type { IntrospectOptions, Session } from "../dialect";
import type {
  CheckConstraint, Column, EnumType, ForeignKey, Index, IndexColumn, PrimaryKey, ReferentialAction, Schema, Table,
  Trigger, UniqueConstraint, View,
} from "../../schema/types";
import { quoteIdent } from "./pg-quote";
import { prismaTypeName, serialType } from "./pg-format-type";

export interface PgIntrospectOptions extends IntrospectOptions {
  /** the schema to read (default: current_schema(), the first of the search_path that exists) */
  schema?: string;
}

interface RelRow { oid: number; name: string; kind: string; viewdef: string | null; refs: number[] }
interface ColRow {
  rel: number; name: string; formatted: string; notnull: boolean; dflt: string | null; genexpr: string | null;
  identity: string; typtype: string; typname: string; typschema: string; isarray: boolean; collate: string | null; serial: boolean;
}
interface ConRow {
  rel: number; name: string; type: string; cols: string[]; reftable: string | null; refschema: string | null;
  refcols: string[]; ondelete: string; onupdate: string; deferrable: boolean; expr: string | null;
}
interface IdxRow {
  rel: number; name: string; unique: boolean; method: string; keys: number[]; options: number[]; terms: string[]; colnames: (string | null)[];
  opclasses: (string | null)[]; collations: (string | null)[]; pred: string | null;
}
interface EnumRow { name: string; labels: string[] }
interface TrigRow { rel: number; name: string; def: string }

// pg_constraint.confdeltype / confupdtype (catalog-pg-constraint.html)
const ACTIONS: Record<string, ReferentialAction> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

const NS = "(SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = coalesce($1::text, current_schema()))";

const REL_SQL = `SELECT c.oid, c.relname AS name, c.relkind AS kind,
  CASE WHEN c.relkind = 'v' THEN pg_catalog.pg_get_viewdef(c.oid) END AS viewdef,
  ARRAY(SELECT DISTINCT f.confrelid FROM pg_catalog.pg_constraint f WHERE f.conrelid = c.oid AND f.contype = 'f') AS refs
FROM pg_catalog.pg_class c
WHERE c.relnamespace = ${NS} AND c.relkind IN ('r', 'p', 'v') AND NOT c.relispartition`;

// a column owning a sequence that its default draws from is SERIAL (deptype 'a'); an identity
// column owns one too (deptype 'i') and is read as the same SERIAL family: the model has one
// notion of autoincrement, and Prisma writes SERIAL
const COL_SQL = `SELECT a.attrelid AS rel, a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS formatted,
  a.attnotnull AS notnull,
  CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END AS dflt,
  CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END AS genexpr,
  a.attidentity AS identity,
  coalesce(et.typtype, t.typtype) AS typtype, coalesce(et.typname, t.typname) AS typname,
  (SELECT nspname FROM pg_catalog.pg_namespace WHERE oid = coalesce(et.typnamespace, t.typnamespace)) AS typschema,
  et.oid IS NOT NULL AS isarray,
  CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collate,
  EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep JOIN pg_catalog.pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
    WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.refclassid = 'pg_catalog.pg_class'::regclass
      AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum
      AND (dep.deptype = 'i' OR (dep.deptype = 'a' AND
        pg_catalog.pg_get_expr(d.adbin, d.adrelid) = 'nextval(' || pg_catalog.quote_literal(s.oid::regclass::text) || '::regclass)'))) AS serial
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_type et ON t.typcategory = 'A' AND et.oid = t.typelem
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;

const attnames = (rel: string, keys: string) => `ARRAY(SELECT a.attname FROM unnest(${keys}) WITH ORDINALITY k(num, i)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.num ORDER BY k.i)`;

const CON_SQL = `SELECT con.conrelid AS rel, con.conname AS name, con.contype AS type,
  ${attnames("con.conrelid", "con.conkey")} AS cols,
  ft.relname AS reftable, fn.nspname AS refschema,
  ${attnames("con.confrelid", "con.confkey")} AS refcols,
  con.confdeltype AS ondelete, con.confupdtype AS onupdate, con.condeferrable AS deferrable,
  CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_expr(con.conbin, con.conrelid) END AS expr
FROM pg_catalog.pg_constraint con
LEFT JOIN pg_catalog.pg_class ft ON ft.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = ft.relnamespace
WHERE con.conrelid = ANY($1::oid[]) AND con.contype IN ('p', 'u', 'f', 'c')`;

// indexes that back a PRIMARY KEY, UNIQUE or EXCLUDE constraint are the constraints' business
const IDX_SQL = `SELECT i.indrelid AS rel, ic.relname AS name, i.indisunique AS unique, am.amname AS method,
  i.indkey::int2[] AS keys, i.indoption::int2[] AS options,
  ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, false) FROM generate_series(1, i.indnkeyatts) k ORDER BY k) AS terms,
  ARRAY(SELECT a.attname FROM generate_series(0, i.indnkeyatts - 1) k
    LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k] AND a.attnum > 0 ORDER BY k) AS colnames,
  ARRAY(SELECT CASE WHEN oc.opcdefault THEN NULL ELSE oc.opcname END
    FROM unnest(i.indclass::oid[]) WITH ORDINALITY x(o, n) JOIN pg_catalog.pg_opclass oc ON oc.oid = x.o ORDER BY x.n) AS opclasses,
  ARRAY(SELECT CASE WHEN a.attnum IS NOT NULL AND x.coll <> 0 AND x.coll <> a.attcollation THEN co.collname END
    FROM unnest(i.indcollation::oid[]) WITH ORDINALITY x(coll, n)
    LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[x.n - 1] AND a.attnum > 0
    LEFT JOIN pg_catalog.pg_collation co ON co.oid = x.coll ORDER BY x.n) AS collations,
  pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS pred
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
WHERE i.indrelid = ANY($1::oid[])
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))`;

const ENUM_SQL = `SELECT t.typname AS name,
  ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
FROM pg_catalog.pg_type t WHERE t.typnamespace = ${NS} AND t.typtype = 'e'`;

const TRIG_SQL = `SELECT tg.tgrelid AS rel, tg.tgname AS name, pg_catalog.pg_get_triggerdef(tg.oid) AS def
FROM pg_catalog.pg_trigger tg WHERE tg.tgrelid = ANY($1::oid[]) AND NOT tg.tgisinternal`;

const lc = (s: string) => s.toLowerCase();
const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Read one schema of the database behind `session` as a neutral Schema: tables (not views'
 * or partitions' rows) sorted by name, their columns in attnum order, enums sorted by name,
 * views and triggers (left out with `only` + `skipViews`). `exclude` drops tables by name,
 * `only` keeps just those tables, plus with `referrers` the tables whose foreign keys point at
 * them; all compared case-insensitively.
 *
 * @example const schema = await introspectPg(session, { exclude: ["migrator_version"] });
 */
export async function introspectPg(session: Session, opts: PgIntrospectOptions = {}): Promise<Schema> {
  const nsParam = opts.schema ?? null;
  const rels = await session.all<RelRow>(REL_SQL, [nsParam]);
  const excluded = new Set((opts.exclude ?? []).map(lc));
  const withViews = !(opts.only && opts.skipViews);
  let tables = rels.filter((r) => r.kind !== "v" && !excluded.has(lc(r.name)));
  if (opts.only) {
    const wanted = new Set(opts.only.map(lc));
    const picked = new Set(tables.filter((r) => wanted.has(lc(r.name))).map((r) => r.oid));
    tables = tables.filter((r) => picked.has(r.oid) || (opts.referrers && r.refs.some((o) => picked.has(o))));
  }
  tables.sort(byName);
  const oids = `{${tables.map((t) => t.oid).join(",")}}`;
  const schemaName = opts.schema ?? (await session.get<{ s: string }>("SELECT current_schema() AS s"))?.s ?? "public";

  const schema: Schema = { tables: [], views: [], triggers: [], enums: [] };
  const enums = await session.all<EnumRow>(ENUM_SQL, [nsParam]);
  schema.enums = enums.map((e): EnumType => ({ name: e.name, values: [...e.labels] })).sort(byName);
  if (withViews) {
    schema.views = rels
      .filter((r) => r.kind === "v" && !excluded.has(lc(r.name)))
      .map((r): View => ({ name: r.name, sql: `CREATE VIEW ${quoteIdent(r.name)} AS\n${(r.viewdef ?? "").trim()}` }))
      .sort(byName);
  }
  if (!tables.length) return schema;

  const [cols, cons, idxs] = [
    await session.all<ColRow>(COL_SQL, [oids]),
    await session.all<ConRow>(CON_SQL, [oids]),
    await session.all<IdxRow>(IDX_SQL, [oids]),
  ];
  const trigs = withViews ? await session.all<TrigRow>(TRIG_SQL, [oids]) : [];

  const byRel = new Map<number, Table>();
  for (const r of tables) {
    const t: Table = { name: r.name, columns: [], primaryKey: null, indexes: [], foreignKeys: [], checks: [], uniques: [] };
    byRel.set(r.oid, t);
    schema.tables.push(t);
  }
  for (const c of cols) byRel.get(c.rel)?.columns.push(readColumn(c, schemaName));
  for (const c of cons) {
    const t = byRel.get(c.rel);
    if (t) readConstraint(t, c, schemaName);
  }
  for (const t of schema.tables) {
    t.foreignKeys.sort(byName as (a: ForeignKey, b: ForeignKey) => number);
    t.checks.sort(byName as (a: CheckConstraint, b: CheckConstraint) => number);
    t.uniques.sort(byName as (a: UniqueConstraint, b: UniqueConstraint) => number);
  }
  for (const i of idxs) byRel.get(i.rel)?.indexes.push(readIndex(i));
  for (const t of schema.tables) t.indexes.sort(byName);
  const relName = new Map(tables.map((t) => [t.oid, t.name]));
  schema.triggers = trigs
    .map((g): Trigger => ({ name: g.name, table: relName.get(g.rel)!, sql: g.def }))
    .sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : byName(a, b)));
  return schema;
}

function readColumn(c: ColRow, schemaName: string): Column {
  let type: string;
  if (c.typtype === "e" || c.typtype === "d" || c.typtype === "c" || c.typtype === "r") {
    // a type of the user: its quoted name ("Role"), qualified when it lives in another schema
    type = (c.typschema === schemaName ? "" : quoteIdent(c.typschema) + ".") + quoteIdent(c.typname) + (c.isarray ? "[]" : "");
  } else if (c.typschema !== "pg_catalog") {
    // an extension's base type (citext): format_type would qualify it when off the search_path
    type = c.typname.toUpperCase() + (c.isarray ? "[]" : "");
  } else {
    type = prismaTypeName(c.formatted);
  }
  let dflt = c.dflt;
  const serial = c.serial && !c.isarray ? serialType(type) : null;
  if (serial) {
    type = serial;
    dflt = null;
  }
  const col: Column = { name: c.name, type, notNull: c.notnull, default: dflt };
  if (c.collate) col.collate = c.collate;
  if (c.genexpr !== null) col.generated = { expr: c.genexpr, stored: true }; // PostgreSQL has only STORED (≤ 17)
  return col;
}

function readConstraint(t: Table, c: ConRow, schemaName: string): void {
  if (c.type === "p") {
    const pk: PrimaryKey = { name: c.name, columns: [...c.cols], autoincrement: false };
    t.primaryKey = pk;
  } else if (c.type === "u") {
    t.uniques.push({ name: c.name, columns: [...c.cols] });
  } else if (c.type === "c") {
    t.checks.push({ name: c.name, expr: unwrap(c.expr ?? "") });
  } else if (c.type === "f") {
    const fk: ForeignKey = {
      name: c.name,
      columns: [...c.cols],
      refTable: c.refschema === schemaName || c.refschema === null ? c.reftable ?? "" : `${c.refschema}.${c.reftable}`,
      refColumns: [...c.refcols],
      onDelete: ACTIONS[c.ondelete] ?? "NO ACTION",
      onUpdate: ACTIONS[c.onupdate] ?? "NO ACTION",
    };
    if (c.deferrable) fk.deferrable = true;
    t.foreignKeys.push(fk);
  }
}

function readIndex(i: IdxRow): Index {
  const columns: IndexColumn[] = i.terms.map((term, k) => {
    const name = (i.keys[k] ?? 0) > 0 ? i.colnames[k] : null;
    const col: IndexColumn = name ? { name } : { name: null, expr: term };
    if ((i.options[k] ?? 0) & 1) col.desc = true; // INDOPTION_DESC
    if (i.collations[k]) col.collate = i.collations[k];
    if (i.opclasses[k]) col.opclass = i.opclasses[k];
    return col;
  });
  const idx: Index = { name: i.name, columns, unique: i.unique, where: i.pred === null ? null : unwrap(i.pred) };
  if (i.method !== "btree") idx.using = i.method;
  return idx;
}

/** `(a > 0)` → `a > 0` when the outer parentheses wrap the whole text (quotes respected). */
export function unwrap(expr: string): string {
  const s = expr.trim();
  if (!s.startsWith("(") || !s.endsWith(")")) return s;
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0 && i < s.length - 1) return s; // closed before the end
  }
  return s.slice(1, -1).trim();
}
