// Schema → SQLite DDL text. The layout follows what Prisma's schema engine writes for SQLite
// (four-space indent, `NOT NULL PRIMARY KEY` inline for a single-column key, named
// `CONSTRAINT ... FOREIGN KEY` lines), so `migrator ddl` reads like the SQL Prisma users know.

import type { Column, ForeignKey, Index, Schema, Table } from "../../schema/types";
import { quoteIdent as q } from "./sqlite-quote";

function inlinePk(table: Table): string | null {
  const pk = table.primaryKey;
  if (pk && pk.columns.length === 1 && !pk.name) return pk.columns[0]!;
  return null;
}

export function renderColumn(col: Column, table: Table): string {
  const parts = [q(col.name)];
  if (col.type) parts.push(col.type);
  if (col.notNull) parts.push("NOT NULL");
  if (inlinePk(table) === col.name) {
    parts.push("PRIMARY KEY");
    if (table.primaryKey!.autoincrement) parts.push("AUTOINCREMENT");
  }
  if (col.default !== null && col.default !== undefined) parts.push(`DEFAULT ${col.default}`);
  if (col.collate) parts.push(`COLLATE ${col.collate}`);
  if (col.generated) {
    parts.push(`GENERATED ALWAYS AS (${col.generated.expr}) ${col.generated.stored ? "STORED" : "VIRTUAL"}`);
  }
  return parts.join(" ");
}

export function renderForeignKey(fk: ForeignKey): string {
  const head = fk.name ? `CONSTRAINT ${q(fk.name)} ` : "";
  let s =
    `${head}FOREIGN KEY (${fk.columns.map(q).join(", ")}) REFERENCES ${q(fk.refTable)} ` +
    `(${fk.refColumns.map(q).join(", ")})`;
  if (fk.onDelete && fk.onDelete !== "NO ACTION") s += ` ON DELETE ${fk.onDelete}`;
  if (fk.onUpdate && fk.onUpdate !== "NO ACTION") s += ` ON UPDATE ${fk.onUpdate}`;
  if (fk.deferrable) s += " DEFERRABLE INITIALLY DEFERRED";
  return s;
}

export function renderCreateTable(table: Table, opts: { ifNotExists?: boolean } = {}): string {
  const lines = table.columns.map((c) => renderColumn(c, table));
  const pk = table.primaryKey;
  if (pk && inlinePk(table) === null) {
    const head = pk.name ? `CONSTRAINT ${q(pk.name)} ` : "";
    lines.push(`${head}PRIMARY KEY (${pk.columns.map(q).join(", ")})`);
  }
  for (const u of table.uniques) {
    const head = u.name ? `CONSTRAINT ${q(u.name)} ` : "";
    lines.push(`${head}UNIQUE (${u.columns.map(q).join(", ")})`);
  }
  for (const c of table.checks) {
    const head = c.name ? `CONSTRAINT ${q(c.name)} ` : "";
    lines.push(`${head}CHECK (${c.expr})`);
  }
  for (const fk of table.foreignKeys) lines.push(renderForeignKey(fk));
  const options: string[] = [];
  if (table.withoutRowid) options.push("WITHOUT ROWID");
  if (table.strict) options.push("STRICT");
  const ine = opts.ifNotExists ? "IF NOT EXISTS " : "";
  return `CREATE TABLE ${ine}${q(table.name)} (\n    ${lines.join(",\n    ")}\n)${options.length ? " " + options.join(", ") : ""};`;
}

export function renderIndexTerm(c: Index["columns"][number]): string {
  let s = c.name !== null ? q(c.name) : `${c.expr}`;
  if (c.collate) s += ` COLLATE ${c.collate}`;
  if (c.desc) s += " DESC";
  return s;
}

export function renderCreateIndex(tableName: string, index: Index, opts: { ifNotExists?: boolean } = {}): string {
  const ine = opts.ifNotExists ? "IF NOT EXISTS " : "";
  const where = index.where ? ` WHERE ${index.where}` : "";
  return (
    `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${ine}${q(index.name)} ON ${q(tableName)}` +
    `(${index.columns.map(renderIndexTerm).join(", ")})${where};`
  );
}

/** Every statement that creates `schema` on an empty database, tables first, then indexes,
 *  then views and triggers (SQLite resolves foreign-key targets lazily, so table order is free). */
export function renderSchema(schema: Schema): string[] {
  const out: string[] = [];
  for (const t of schema.tables) out.push(renderCreateTable(t));
  for (const t of schema.tables) for (const i of t.indexes) out.push(renderCreateIndex(t.name, i));
  for (const v of schema.views) out.push(v.sql.trim().replace(/;?$/, ";"));
  for (const tr of schema.triggers) out.push(tr.sql.trim().replace(/;?$/, ";"));
  return out;
}
