// Operations: the one form of a schema change (STYLE.md habit 3). Frozen data with a `kind`;
// consumers (the SQL compiler in dialect/, the renderer in autogen/, the reverser) are each a
// `switch (op.kind)` with a `never` check. `Op` below is the object a migration file receives.

import type {
  CheckConstraint,
  Column,
  EnumType,
  ForeignKey,
  Index,
  ReferentialAction,
  Table,
  UniqueConstraint,
} from "../schema/types";

export type Operation =
  | { kind: "createTable"; table: Table; ifNotExists?: boolean }
  | { kind: "dropTable"; name: string; /** the definition, for reversing */ table?: Table }
  | { kind: "renameTable"; from: string; to: string }
  | {
      kind: "addColumn";
      table: string;
      column: Column;
      /** an inline `references` of the column spec */
      foreignKey?: ForeignKey;
      /** `unique: true` of the column spec */
      unique?: UniqueConstraint;
    }
  | { kind: "dropColumn"; table: string; name: string; column?: Column }
  | { kind: "alterColumn"; table: string; name: string; changes: ColumnChanges; existing?: Column }
  | { kind: "renameColumn"; table: string; from: string; to: string }
  | { kind: "createIndex"; table: string; index: Index; ifNotExists?: boolean }
  | { kind: "dropIndex"; table: string; name: string; index?: Index }
  | { kind: "createForeignKey"; table: string; foreignKey: ForeignKey }
  | { kind: "createCheckConstraint"; table: string; check: CheckConstraint }
  | { kind: "createUniqueConstraint"; table: string; unique: UniqueConstraint }
  | {
      kind: "dropConstraint";
      table: string;
      name: string;
      type?: "foreignKey" | "check" | "unique" | "primaryKey";
      /** the dropped definition, for reversing */
      definition?: ForeignKey | CheckConstraint | UniqueConstraint;
    }
  /** enum types (PostgreSQL); SQLite has none and refuses these */
  | { kind: "createEnum"; enum: EnumType }
  | { kind: "dropEnum"; name: string; /** the definition, for reversing */ enum?: EnumType }
  /** set an enum's value list: new values are added in place (`ALTER TYPE ... ADD VALUE`); a
   *  removed value makes a new type that the columns are cast to, refused while rows use it */
  | { kind: "alterEnum"; name: string; values: string[]; /** the values before */ existing?: string[] }
  | { kind: "execute"; sql: string; params?: SqlParam[] }
  | { kind: "bulkInsert"; table: string; rows: Record<string, SqlParam>[] };

export type OperationKind = Operation["kind"];

export interface ColumnChanges {
  type?: string;
  notNull?: boolean;
  /** New default SQL expression; null removes the default. */
  default?: string | null;
  newName?: string;
  /** PostgreSQL: the USING expression of a type change (default: `"col"::newtype`) */
  using?: string;
}

export type SqlParam = string | number | bigint | boolean | null | Uint8Array;

// ---------------------------------------------------------------------------
// The public `op` API a migration file receives (user-facing spellings).

/** A default value: a JS literal is quoted as a SQL literal; `{ sql }` is used verbatim. */
export type DefaultValue = string | number | bigint | boolean | null | { sql: string };

export interface ForeignKeySpec {
  name?: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  deferrable?: boolean;
}

export interface ColumnSpec {
  name: string;
  type: string;
  /** default true, as in Alembic */
  nullable?: boolean;
  default?: DefaultValue;
  primaryKey?: boolean;
  autoincrement?: boolean;
  unique?: boolean;
  collate?: string;
  /** inline foreign key: "table.column" or a full spec without `columns` */
  references?: string | Omit<ForeignKeySpec, "columns">;
}

export interface CreateTableOptions {
  primaryKey?: string[] | { name?: string; columns: string[] };
  foreignKeys?: ForeignKeySpec[];
  checks?: ({ name?: string; expr: string } | string)[];
  uniques?: ({ name?: string; columns: string[] } | string[])[];
  strict?: boolean;
  withoutRowid?: boolean;
  ifNotExists?: boolean;
}

export interface AlterColumnSpec {
  type?: string;
  nullable?: boolean;
  default?: DefaultValue;
  newName?: string;
  /** PostgreSQL: `USING expr` for a type change */
  using?: string;
}

export interface IndexSpec {
  unique?: boolean;
  where?: string;
  ifNotExists?: boolean;
}

/** The object passed to `upgrade(op)` / `downgrade(op)` in a migration file. */
export interface Op {
  execute(sql: string, params?: SqlParam[]): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: SqlParam[]): Promise<T[]>;
  createTable(name: string, columns: ColumnSpec[], options?: CreateTableOptions): void;
  dropTable(name: string): void;
  renameTable(from: string, to: string): void;
  addColumn(table: string, column: ColumnSpec): void;
  dropColumn(table: string, column: string): void;
  alterColumn(table: string, column: string, changes: AlterColumnSpec): void;
  renameColumn(table: string, from: string, to: string): void;
  /** columns: names, or SQL expressions / "name DESC" terms */
  createIndex(name: string, table: string, columns: string[], options?: IndexSpec): void;
  dropIndex(name: string, table?: string): void;
  createForeignKey(name: string | null, table: string, fk: Omit<ForeignKeySpec, "name">): void;
  createCheckConstraint(name: string | null, table: string, expr: string): void;
  createUniqueConstraint(name: string | null, table: string, columns: string[]): void;
  dropConstraint(name: string, table: string, type?: "foreignKey" | "check" | "unique"): void;
  bulkInsert(table: string, rows: Record<string, SqlParam>[]): Promise<void>;
  /** PostgreSQL enum types */
  createEnum(name: string, values: string[]): void;
  dropEnum(name: string): void;
  /** set the enum's values (add, reorder-free insert, or remove: see Operation alterEnum) */
  alterEnum(name: string, values: string[]): void;
}
