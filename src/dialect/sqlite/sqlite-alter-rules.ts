// When can a change be a plain ALTER TABLE, and when must the table be re-created?
// One predicate per ALTER form, each following https://www.sqlite.org/lang_altertable.html.

import type { Column, ForeignKey, Schema, Table, UniqueConstraint } from "../../schema/types";
import { columnUsedBy } from "./sqlite-apply-operation";

/** ADD COLUMN limits (lang_altertable.html#altertabaddcol): no PRIMARY KEY or UNIQUE; no
 *  CURRENT_TIME/DATE/TIMESTAMP or parenthesized default; NOT NULL needs a non-NULL default;
 *  a REFERENCES column must default to NULL; no STORED generated column. */
export function canAddColumnNatively(col: Column, extra: { unique?: UniqueConstraint; foreignKey?: ForeignKey } = {}): boolean {
  if (extra.unique) return false;
  if (col.generated?.stored) return false;
  const d = col.default?.trim() ?? null;
  const isNull = d === null || /^null$/i.test(d);
  if (d !== null && (d.startsWith("(") || /^CURRENT_(TIME|DATE|TIMESTAMP)$/i.test(d))) return false;
  if (col.notNull && isNull) return false;
  if (extra.foreignKey && !isNull) return false;
  return true;
}

/** DROP COLUMN limits (lang_altertable.html#altertabdropcol): the column may not be a PRIMARY
 *  KEY, have UNIQUE, be indexed, be named in a partial-index WHERE, a CHECK, a foreign key, a
 *  generated column, a trigger or a view. Any of those → re-create the table instead. */
export function canDropColumnNatively(schema: Schema, table: Table, column: string): boolean {
  const u = columnUsedBy(schema, table, column);
  return (
    !u.primaryKey &&
    u.indexes.length === 0 &&
    u.uniques.length === 0 &&
    u.foreignKeys.length === 0 &&
    u.checks.length === 0 &&
    u.generated.length === 0 &&
    u.referencedBy.length === 0 &&
    u.views.length === 0 &&
    u.triggers.length === 0
  );
}

/** An INTEGER PRIMARY KEY column is an alias for the rowid (lang_createtable.html#rowid). */
export function rowidAlias(table: Table): string | null {
  if (table.withoutRowid) return null;
  const pk = table.primaryKey;
  if (!pk || pk.columns.length !== 1) return null;
  const col = table.columns.find((c) => c.name.toLowerCase() === pk.columns[0]!.toLowerCase());
  return col && col.type.toUpperCase() === "INTEGER" ? col.name : null;
}

/** A name for the rowid that no column shadows (rowid, _rowid_ or oid), or null if all are taken. */
export function rowidName(table: Table): string | null {
  if (table.withoutRowid) return null;
  const names = new Set(table.columns.map((c) => c.name.toLowerCase()));
  return ["rowid", "_rowid_", "oid"].find((n) => !names.has(n)) ?? null;
}

/**
 * SQLite 3.53.0 added `ALTER TABLE ... ALTER COLUMN ... SET/DROP NOT NULL` (and ADD/DROP
 * CONSTRAINT for CHECKs): https://www.sqlite.org/releaselog/3_53_0.html. Older libraries (macOS's
 * system SQLite, which Bun uses there) re-create the table instead.
 */
export function supportsAlterConstraints(sqliteVersion: string): boolean {
  const [a = 0, b = 0] = sqliteVersion.split(".").map(Number);
  return a > 3 || (a === 3 && b >= 53);
}
