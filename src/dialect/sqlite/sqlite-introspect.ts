// SQLite → neutral schema (DESIGN.md §3): PRAGMA table_xinfo / index_list / index_info /
// foreign_key_list (https://www.sqlite.org/pragma.html) for structure, and the stored CREATE text
// (sqlite-sql-parser.ts) for what no PRAGMA reports: constraint names, CHECKs, COLLATE,
// AUTOINCREMENT, generated expressions, DEFAULT text with parentheses, partial-index WHERE.

import type {
  CheckConstraint, Column, ForeignKey, Index, IndexColumn, PrimaryKey, Schema, Table, UniqueConstraint,
} from "../../schema/types";
import type { Connection } from "./sqlite-connection";
import { parseCreateIndex, parseCreateTable, type ParsedForeignKey, type ParsedTable } from "./sqlite-sql-parser";

export interface IntrospectOptions {
  /** table names to leave out (the version and history tables), compared case-insensitively */
  exclude?: string[];
  /** Read only these tables (and with `referrers`, tables whose CREATE text mentions them);
   *  views and triggers are always read. Keeps per-migration work independent of database size. */
  only?: string[];
  referrers?: boolean;
  /** With `only`: skip views and triggers (default: read them). */
  skipViews?: boolean;
}

interface MasterRow { type: string; name: string; tbl_name: string; sql: string | null }
interface XInfoRow { cid: number; name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden: number }
interface IndexListRow { seq: number; name: string; unique: number; origin: string; partial: number }
interface FkRow { id: number; seq: number; table: string; from: string; to: string | null; on_update: string; on_delete: string }

const lc = (s: string) => s.toLowerCase();

/** Read the whole main schema of `conn` as a neutral Schema, `sqlite_*` objects left out. */
export function introspect(conn: Connection, opts: IntrospectOptions = {}): Schema {
  const excluded = new Set((opts.exclude ?? []).map(lc));
  let rows: MasterRow[];
  if (opts.only) {
    // scoped: the filtering happens inside SQLite (LIKE is case-insensitive for ASCII)
    // pragma_table_list(name) is a hash lookup; sqlite_master has no index, so scanning it for
    // every migration would make a long run quadratic. Tables that don't exist yet cost nothing.
    const names = [...new Set(opts.only.map(lc))].filter(
      (n) => opts.referrers || conn.get("SELECT 1 AS x FROM main.pragma_table_info(?) LIMIT 1", [n]) !== undefined,
    );
    if (!names.length && opts.skipViews) return { tables: [], views: [], triggers: [] };
    const params: string[] = [...names];
    let where = `lower(name) IN (${names.map(() => "?").join(", ") || "NULL"})`;
    if (opts.referrers) {
      for (const n of names) {
        where += ` OR sql LIKE ? ESCAPE '\\'`;
        params.push(`%${n.replace(/[\\%_]/g, (c) => "\\" + c)}%`);
      }
    }
    const picked = conn
      .all<{ name: string }>(`SELECT name FROM main.sqlite_master WHERE type = 'table' AND (${where})`, params)
      .map((r) => lc(r.name));
    const marks = picked.map(() => "?").join(", ") || "NULL";
    rows = conn.all<MasterRow>(
      `SELECT type, name, tbl_name, sql FROM main.sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND ` +
        `(${opts.skipViews ? "0" : "type IN ('view', 'trigger')"} OR (type = 'table' AND lower(name) IN (${marks})) OR (type = 'index' AND lower(tbl_name) IN (${marks}))) ORDER BY rowid`,
      [...picked, ...picked],
    );
  } else {
    rows = conn.all<MasterRow>(
      "SELECT type, name, tbl_name, sql FROM main.sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
    );
  }
  const schema: Schema = { tables: [], views: [], triggers: [] };
  // virtual tables and their shadow tables (fts5 data etc.) are not ours to diff (pragma.html#pragma_table_list)
  if (!opts.only) {
    for (const r of conn.all<{ name: string; type: string }>("SELECT name, type FROM pragma_table_list WHERE schema = 'main'")) {
      if (r.type === "shadow" || r.type === "virtual") excluded.add(lc(r.name));
    }
  }
  let mi: MasterIndex | undefined;
  const tableSql = new Map<string, string>();
  for (const r of rows) if (r.type === "table" && r.sql) tableSql.set(lc(r.name), r.sql);
  for (const r of rows) {
    if (r.type === "table" && !excluded.has(lc(r.name)) && r.sql && !/^\s*CREATE\s+VIRTUAL\b/i.test(r.sql)) {
      schema.tables.push(readTable(conn, r.name, r.sql, (mi ??= masterIndex(rows)), tableSql));
    } else if (r.type === "view" && r.sql) {
      schema.views.push({ name: r.name, sql: r.sql });
    } else if (r.type === "trigger" && r.sql && !excluded.has(lc(r.tbl_name))) {
      schema.triggers.push({ name: r.name, table: r.tbl_name, sql: r.sql });
    }
  }
  // sorted by name: the order of sqlite_master reflects history (a re-created table moves to
  // the end), and two databases with the same schema must introspect equal
  const byName = (a: { name: string }, b: { name: string }) => (lc(a.name) < lc(b.name) ? -1 : lc(a.name) > lc(b.name) ? 1 : 0);
  schema.tables.sort(byName);
  for (const t of schema.tables) t.indexes.sort(byName);
  schema.views.sort(byName);
  schema.triggers.sort(byName);
  return schema;
}

/** Lookups over sqlite_master built once per introspection (per table they made it quadratic). */
interface MasterIndex {
  indexSql: Map<string, string>;
  order: Map<string, number>;
}

function masterIndex(master: MasterRow[]): MasterIndex {
  return {
    indexSql: new Map(master.filter((m) => m.type === "index" && m.sql).map((m) => [lc(m.name), m.sql!])),
    order: new Map(master.map((m, k) => [lc(m.name), k])),
  };
}

function readTable(conn: Connection, name: string, sql: string, mi: MasterIndex, tableSql: Map<string, string>): Table {
  const parsed: ParsedTable = parseCreateTable(sql) ?? {
    columns: [], primaryKey: null, uniques: [], checks: [], foreignKeys: [], withoutRowid: false, strict: false,
  };
  const pcol = new Map(parsed.columns.map((c) => [lc(c.name), c]));
  const xinfo = conn.all<XInfoRow>("SELECT * FROM pragma_table_xinfo(?)", [name]);
  const columns: Column[] = [];
  const pkCols: { name: string; pk: number }[] = [];
  for (const x of xinfo) {
    if (x.hidden === 1) continue; // hidden columns of virtual tables
    const p = pcol.get(lc(x.name));
    const col: Column = {
      name: x.name,
      type: (x.type ?? "").toUpperCase(),
      notNull: x.notnull === 1,
      default: p?.default ?? defaultFromPragma(x.dflt_value),
    };
    if (p?.collate) col.collate = p.collate;
    // table_xinfo: hidden 2 = VIRTUAL generated column, 3 = STORED (https://www.sqlite.org/gencol.html)
    if (x.hidden === 2 || x.hidden === 3) col.generated = { expr: p?.generated?.expr ?? "", stored: x.hidden === 3 };
    columns.push(col);
    if (x.pk > 0) pkCols.push({ name: x.name, pk: x.pk });
  }
  let primaryKey: PrimaryKey | null = null;
  if (pkCols.length) {
    pkCols.sort((a, b) => a.pk - b.pk);
    primaryKey = {
      name: parsed.primaryKey?.name ?? null,
      columns: pkCols.map((c) => c.name),
      autoincrement: parsed.primaryKey?.autoincrement ?? false,
    };
  }

  const indexes: Index[] = [];
  const uniques: UniqueConstraint[] = [];
  const { indexSql, order } = mi;
  const list = conn.all<IndexListRow>("SELECT * FROM pragma_index_list(?)", [name]);
  const parsedUniques = [...parsed.uniques];
  // index_list is newest-first; sort by creation order so constraints keep their declared order
  list.sort((a, b) => (order.get(lc(a.name)) ?? -1) - (order.get(lc(b.name)) ?? -1) || b.seq - a.seq);
  for (const ix of list) {
    if (ix.origin === "pk") continue; // the PRIMARY KEY's own index
    if (ix.origin === "u") {
      const cols = conn.all<{ name: string | null }>("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [ix.name]).map((r) => r.name ?? "");
      const k = parsedUniques.findIndex((u) => sameNames(u.columns, cols));
      const nm = k >= 0 ? parsedUniques[k]!.name : null;
      if (k >= 0) parsedUniques.splice(k, 1);
      uniques.push({ name: nm, columns: cols });
      continue;
    }
    const text = indexSql.get(lc(ix.name));
    const p = text ? parseCreateIndex(text) : null;
    if (!p) continue;
    const colNames = new Set(columns.map((c) => lc(c.name)));
    indexes.push({
      name: ix.name,
      unique: ix.unique === 1,
      where: p.where,
      columns: p.terms.map((t): IndexColumn => {
        const isCol = t.name !== null && colNames.has(lc(t.name));
        const c: IndexColumn = isCol ? { name: columns.find((x) => lc(x.name) === lc(t.name!))!.name } : { name: null, expr: t.text };
        if (t.desc) c.desc = true;
        if (t.collate) c.collate = t.collate;
        return c;
      }),
    });
  }
  // index_list lists uniques newest-first among equals; keep the CREATE TABLE order instead
  const declared = parsed.uniques.map((u) => u.columns.map(lc).join("\0"));
  uniques.sort((a, b) => declared.indexOf(a.columns.map(lc).join("\0")) - declared.indexOf(b.columns.map(lc).join("\0")));

  const foreignKeys = readForeignKeys(conn, name, parsed.foreignKeys, tableSql);
  const checks: CheckConstraint[] = parsed.checks.map((c) => ({ name: c.name, expr: c.expr }));
  const t: Table = { name, columns, primaryKey, indexes, foreignKeys, checks, uniques };
  if (parsed.strict) t.strict = true;
  if (parsed.withoutRowid) t.withoutRowid = true;
  return t;
}

/** PRAGMA table_info drops the parentheses of `DEFAULT (expr)`; put them back for expressions. */
function defaultFromPragma(d: string | null): string | null {
  if (d === null) return null;
  if (/^([-+]?[0-9.]+|'.*'|NULL|TRUE|FALSE|CURRENT_\w+|X'[0-9A-F]*')$/is.test(d)) return d;
  return `(${d})`;
}

function sameNames(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => lc(x) === lc(b[i]!));
}

function readForeignKeys(conn: Connection, name: string, parsed: ParsedForeignKey[], tableSql: Map<string, string>): ForeignKey[] {
  const rows = conn.all<FkRow>("SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq", [name]);
  const byId = new Map<number, FkRow[]>();
  for (const r of rows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  const pending = [...parsed];
  // foreign_key_list numbers constraints last-declared first; walk ids descending for declared order
  const ids = [...byId.keys()].sort((a, b) => b - a);
  return ids.map((id) => {
    const rs = byId.get(id)!;
    const columns = rs.map((r) => r.from);
    const refTable = rs[0]!.table;
    let refColumns = rs.map((r) => r.to);
    if (refColumns.some((c) => c === null)) {
      // `REFERENCES parent` without columns means the parent's primary key (foreignkeys.html#fk_indexes)
      refColumns = parentPrimaryKey(conn, refTable, tableSql) ?? [];
    }
    const k = pending.findIndex((p) => sameNames(p.columns, columns) && lc(p.refTable) === lc(refTable));
    const p = k >= 0 ? pending.splice(k, 1)[0]! : null;
    const fk: ForeignKey = {
      name: p?.name ?? null,
      columns,
      refTable,
      refColumns: refColumns as string[],
      onDelete: rs[0]!.on_delete as ForeignKey["onDelete"],
      onUpdate: rs[0]!.on_update as ForeignKey["onUpdate"],
    };
    if (p?.deferrable) fk.deferrable = true;
    return fk;
  });
}

function parentPrimaryKey(conn: Connection, table: string, tableSql: Map<string, string>): string[] | null {
  if (!tableSql.has(lc(table))) {
    // a scoped read may not have the parent: look its CREATE text up on its own
    const row = conn.get<{ sql: string | null }>("SELECT sql FROM main.sqlite_master WHERE type = 'table' AND lower(name) = ?", [lc(table)]);
    if (!row?.sql) return null;
    tableSql.set(lc(table), row.sql);
  }
  const cols = conn.all<XInfoRow>("SELECT * FROM pragma_table_xinfo(?)", [table]).filter((c) => c.pk > 0);
  return cols.length ? cols.sort((a, b) => a.pk - b.pk).map((c) => c.name) : null;
}
