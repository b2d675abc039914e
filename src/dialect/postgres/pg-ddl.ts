// Schema → PostgreSQL DDL text, laid out as Prisma's schema engine writes it for PostgreSQL
// (enums as types, four-space indent, a blank line before the table constraints,
// `CONSTRAINT "T_pkey" PRIMARY KEY ("a","b")`, indexes after the tables, foreign keys last as
// `ALTER TABLE ... ADD CONSTRAINT`, so tables may reference each other in any order). Pure.

import type { Column, EnumType, ForeignKey, Index, Schema, Table } from "../../schema/types";
import { quoteIdent as q, quoteString } from "./pg-quote";

/** `"name" TYPE [COLLATE c] [NOT NULL] [DEFAULT x]`; a generated column gets its clause. */
export function renderColumnDef(col: Column): string {
  let s = q(col.name);
  if (col.type) s += ` ${col.type}`;
  if (col.collate) s += ` COLLATE ${col.collate.startsWith('"') ? col.collate : q(col.collate)}`;
  if (col.notNull) s += " NOT NULL";
  if (col.generated) s += ` GENERATED ALWAYS AS (${col.generated.expr}) STORED`;
  else if (col.default !== null && col.default !== undefined) s += ` DEFAULT ${col.default}`;
  return s;
}

export function renderCreateEnum(e: EnumType): string {
  return `CREATE TYPE ${q(e.name)} AS ENUM (${e.values.map(quoteString).join(", ")});`;
}

function constraintHead(name: string | null): string {
  return name ? `CONSTRAINT ${q(name)} ` : "";
}

/** CREATE TABLE with the primary key, UNIQUE and CHECK constraints inside; foreign keys are
 *  added afterwards (renderAddForeignKey), as Prisma does. */
export function renderCreateTable(t: Table): string {
  const cols = t.columns.map(renderColumnDef);
  const constraints: string[] = [];
  if (t.primaryKey) constraints.push(`${constraintHead(t.primaryKey.name)}PRIMARY KEY (${t.primaryKey.columns.map(q).join(",")})`);
  for (const u of t.uniques) constraints.push(`${constraintHead(u.name)}UNIQUE (${u.columns.map(q).join(", ")})`);
  for (const c of t.checks) constraints.push(`${constraintHead(c.name)}CHECK (${c.expr})`);
  const body = constraints.length ? `${cols.join(",\n    ")},\n\n    ${constraints.join(",\n    ")}` : cols.join(",\n    ");
  return `CREATE TABLE ${q(t.name)} (\n    ${body}\n);`;
}

function indexTerm(c: Index["columns"][number]): string {
  let s = c.name !== null ? q(c.name) : `(${c.expr})`;
  if (c.collate) s += ` COLLATE ${c.collate.startsWith('"') ? c.collate : q(c.collate)}`;
  if (c.opclass) s += ` ${c.opclass}`;
  if (c.desc) s += " DESC";
  return s;
}

/** `CREATE [UNIQUE] INDEX "n" ON "t"("a", "b" DESC)`, or `ON "t" USING GIN ("a" jsonb_ops)`. */
export function renderCreateIndex(table: string, idx: Index): string {
  const terms = idx.columns.map(indexTerm).join(", ");
  const on = idx.using ? `${q(table)} USING ${idx.using.toUpperCase()} (${terms})` : `${q(table)}(${terms})`;
  const where = idx.where ? ` WHERE ${idx.where}` : "";
  return `CREATE ${idx.unique ? "UNIQUE " : ""}INDEX ${q(idx.name)} ON ${on}${where};`;
}

/** Prisma writes both actions, NO ACTION included. */
export function renderAddForeignKey(table: string, fk: ForeignKey): string {
  let s =
    `ALTER TABLE ${q(table)} ADD ${constraintHead(fk.name)}FOREIGN KEY (${fk.columns.map(q).join(", ")}) ` +
    `REFERENCES ${q(fk.refTable)}(${fk.refColumns.map(q).join(", ")}) ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`;
  if (fk.deferrable) s += " DEFERRABLE INITIALLY DEFERRED";
  return s + ";";
}

/** Every statement that creates `s` on an empty database, in Prisma's order: enums, tables,
 *  indexes, foreign keys; then views and triggers as stored. */
export function renderSchema(s: Schema): string[] {
  const out: string[] = [];
  for (const e of s.enums ?? []) out.push(renderCreateEnum(e));
  for (const t of s.tables) out.push(renderCreateTable(t));
  for (const t of s.tables) for (const i of t.indexes) out.push(renderCreateIndex(t.name, i));
  for (const t of s.tables) for (const fk of t.foreignKeys) out.push(renderAddForeignKey(t.name, fk));
  for (const v of s.views) out.push(v.sql.trim().replace(/;?$/, ";"));
  for (const tr of s.triggers) out.push(tr.sql.trim().replace(/;?$/, ";"));
  return out;
}
