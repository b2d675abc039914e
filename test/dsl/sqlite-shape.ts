// Test helper: the shape of a database as SQLite itself reports it (PRAGMA table_xinfo,
// index_list, index_xinfo, foreign_key_list), so DDL from two sources can be compared by what it
// creates rather than by its text.

import { Database } from "bun:sqlite";

export interface ColumnShape {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
  pk: number;
}
export interface IndexShape {
  name: string;
  unique: boolean;
  origin: string;
  columns: { name: string | null; desc: boolean }[];
}
export interface ForeignKeyShape {
  table: string;
  from: string[];
  to: string[];
  onUpdate: string;
  onDelete: string;
}
export interface TableShape {
  columns: ColumnShape[];
  autoincrement: boolean;
  indexes: IndexShape[];
  foreignKeys: ForeignKeyShape[];
  /** names from `CONSTRAINT "x" FOREIGN KEY`, which no PRAGMA reports */
  foreignKeyNames: string[];
}
export type DbShape = Record<string, TableShape>;

type Row = Record<string, unknown>;
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Apply `sql` (one or more statements) to an empty in-memory database and describe the result. */
export function shapeOfSql(sql: string): DbShape {
  const db = new Database(":memory:");
  try {
    db.run(sql);
    return shapeOf(db);
  } finally {
    db.close();
  }
}

export function shapeOf(db: Database): DbShape {
  const out: DbShape = {};
  const tables = db.query("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Row[];
  for (const t of tables) {
    const name = t.name as string;
    const sql = String(t.sql);
    const columns = (db.query(`PRAGMA table_xinfo(${q(name)})`).all() as Row[]).map((c) => ({
      name: c.name as string,
      type: c.type as string,
      notNull: c.notnull === 1,
      default: (c.dflt_value as string | null) ?? null,
      pk: c.pk as number,
    }));
    const indexes = (db.query(`PRAGMA index_list(${q(name)})`).all() as Row[]).map((i) => ({
      name: i.name as string,
      unique: i.unique === 1,
      origin: i.origin as string,
      columns: (db.query(`PRAGMA index_xinfo(${q(i.name as string)})`).all() as Row[])
        .filter((c) => c.key === 1)
        .map((c) => ({ name: (c.name as string | null) ?? null, desc: c.desc === 1 })),
    }));
    const fkRows = db.query(`PRAGMA foreign_key_list(${q(name)})`).all() as Row[];
    const fks = new Map<number, ForeignKeyShape>();
    for (const r of fkRows) {
      const id = r.id as number;
      let fk = fks.get(id);
      if (!fk) fks.set(id, (fk = { table: r.table as string, from: [], to: [], onUpdate: r.on_update as string, onDelete: r.on_delete as string }));
      fk.from.push(r.from as string);
      fk.to.push(r.to as string);
    }
    const foreignKeys = [...fks.values()].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const foreignKeyNames = [...sql.matchAll(/CONSTRAINT\s+"((?:[^"]|"")*)"\s+FOREIGN KEY/gi)].map((m) => m[1]!.replace(/""/g, '"')).sort();
    out[name] = { columns, autoincrement: /\bAUTOINCREMENT\b/i.test(sql), indexes: indexes.sort(byName), foreignKeys, foreignKeyNames };
  }
  return out;
}
