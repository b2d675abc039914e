// Small builders for hand-made Schema values in the autogenerate tests (pure data, no I/O).
import type { CheckConstraint, Column, ForeignKey, Index, Schema, Table, UniqueConstraint } from "../../src/schema/types";

export function col(name: string, type = "TEXT", extra: Partial<Column> = {}): Column {
  return { name, type, notNull: false, default: null, ...extra };
}
export const notNull = (name: string, type = "TEXT", extra: Partial<Column> = {}) => col(name, type, { notNull: true, ...extra });
export const idCol = (name = "id") => col(name, "INTEGER", { notNull: true });

export function table(name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return {
    name,
    columns,
    primaryKey: columns.some((c) => c.name === "id") ? { name: null, columns: ["id"], autoincrement: false } : null,
    indexes: [],
    foreignKeys: [],
    checks: [],
    uniques: [],
    ...extra,
  };
}

export function fk(name: string | null, columns: string[], refTable: string, extra: Partial<ForeignKey> = {}): ForeignKey {
  return { name, columns, refTable, refColumns: ["id"], onDelete: "NO ACTION", onUpdate: "NO ACTION", ...extra };
}
export function index(name: string, columns: string[], extra: Partial<Index> = {}): Index {
  return { name, columns: columns.map((c) => ({ name: c })), unique: false, where: null, ...extra };
}
export const check = (name: string | null, expr: string): CheckConstraint => ({ name, expr });
export const unique = (name: string | null, columns: string[]): UniqueConstraint => ({ name, columns });

export function schema(...tables: Table[]): Schema {
  return { tables, views: [], triggers: [] };
}

/** A Prisma-like two-table base: User and Post with a cascading author foreign key. */
export function blog(): Schema {
  return schema(
    table("User", [idCol(), notNull("email"), col("name")], {
      indexes: [index("User_email_key", ["email"], { unique: true })],
    }),
    table("Post", [idCol(), notNull("title"), col("authorId", "INTEGER"), notNull("status", "TEXT", { default: "'DRAFT'" })], {
      foreignKeys: [fk("Post_authorId_fkey", ["authorId"], "User", { onDelete: "CASCADE", onUpdate: "CASCADE" })],
      checks: [check("Post_status_check", `"status" IN ('DRAFT', 'PUBLISHED')`)],
    }),
  );
}

/** Deep copy, so a test can edit the "to" side freely. */
export const clone = <T>(x: T): T => structuredClone(x);
export const t = (s: Schema, name: string): Table => s.tables.find((x) => x.name === name)!;
