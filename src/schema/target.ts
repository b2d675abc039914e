// What the pure layers need to know of a database dialect, as plain interfaces (DESIGN.md §3):
// the model DSL builds a Schema through a ModelTarget (Prisma's type and naming conventions of
// one provider), and autogenerate compares two Schemas with SchemaRules. Dialects implement
// both (dialect/sqlite, dialect/postgres); dsl/ and autogen/ never import a dialect.


import type { Column, Table } from "./types";

/** `@db.VarChar(255)` → { name: "VarChar", args: ["255"] } */
export interface NativeType {
  name: string;
  args: string[];
}

/** A literal default as the model wrote it (already validated against the field's type). */
export type LiteralDefault =
  | { kind: "String"; value: string }
  | { kind: "Number"; value: string }
  | { kind: "Constant"; value: string } // true, false
  | { kind: "Array"; items: LiteralDefault[] };

export interface ModelTarget {
  /** the datasource providers this target serves ("sqlite"; "postgresql" and "postgres") */
  readonly providers: readonly string[];
  /** enums as a CHECK on a text column (SQLite) or as a type of their own (PostgreSQL) */
  readonly enumStyle: "check" | "type";
  /** scalar lists (`String[]`) are columns of array type (PostgreSQL); else an error */
  readonly scalarLists: boolean;
  /** the `@db.*` names this provider knows (for validation and suggestions) */
  readonly nativeTypes: readonly string[];
  quoteIdent(name: string): string;
  quoteString(value: string): string;
  /**
   * The column type Prisma's schema engine writes for a scalar field of this provider:
   * `scalar` is Int, String, ...; `native` the field's `@db.*` attribute; `autoincrement` an
   * `@default(autoincrement())` (PostgreSQL: SERIAL / BIGSERIAL); `list` a `String[]` field.
   */
  columnType(scalar: string, native: NativeType | null, opts: { autoincrement: boolean; list: boolean }): string;
  /** The column type of a field whose type is an enum (`dbName`: the enum's @@map or name). */
  enumColumnType(dbName: string, opts: { list: boolean }): string;
  /** The SQL after DEFAULT for a literal default (`scalar` as above; `enumValue` set when
   *  the field is an enum and the literal names a value: its database name). The DSL hands
   *  values over in Prisma's printed form: a DateTime string as "2024-01-01 10:00:00.500 +00:00",
   *  a Bytes string as lower-case hex, an enum (or enum list item) as a String of its database
   *  name with `scalar` "String". `columnType` is the column's type (for casts of list defaults). */
  literalDefault(scalar: string, value: LiteralDefault, native: NativeType | null, enumValue?: string, columnType?: string): string;
  /** `@default(now())` */
  nowDefault(native: NativeType | null): string;
  /** AUTOINCREMENT on a single-column Int primary key (SQLite); PostgreSQL uses SERIAL types */
  readonly autoincrementKeyword: boolean;
  /** Prisma's naming rules of this provider; absent: SQLite's (see ModelNaming) */
  readonly naming?: ModelNaming;
  /** why `native` does not fit a `scalar` field on this provider (unknown name, wrong scalar,
   *  wrong arguments), or null when it does; absent: native types are accepted and ignored */
  checkNative?(scalar: string, native: NativeType): string | null;
  /** the access method of `@@index(type: Gin)` (`"gin"`), null for the default B-tree;
   *  absent: index types are ignored */
  indexMethod?(type: string): string | null;
  /** the operator class of an index term's `ops:` (`JsonbPathOps` → `jsonb_path_ops`; `raw`
   *  is the text of `raw("...")`); absent: operator classes are ignored */
  operatorClass?(ops: string, raw: boolean): string;
}

/** Differences in how Prisma names things per provider. Absent (SQLite): no length limit,
 *  unnamed primary keys, `_AB_unique` index on join tables, names compared without case. */
export interface ModelNaming {
  /** default names longer than this are cut before their suffix (`_idx`), as Prisma does (63) */
  maxIdentifierLength: number;
  /** primary keys are named constraints `Table_pkey` */
  primaryKeyNames: boolean;
  /** implicit m-n tables: a primary key `_AToB_AB_pkey` (Prisma 5+ on PostgreSQL) or a unique index `_AToB_AB_unique` */
  joinTableKey: "primaryKey" | "unique";
  /** unnamed @check/@@check get names (`T_col_check`, `T_check`), as the database would */
  checkNames: boolean;
  /** the database compares table and index names without regard to case */
  foldCase: boolean;
}

/** A token of a SQL expression, as the differ reads CHECK bodies (`status IN ('A', 'B')`). */
export type ExprToken =
  | { t: "str"; v: string } // '...' literal, value unescaped
  | { t: "dq"; v: string } // "..." identifier
  | { t: "num"; v: string }
  | { t: "word"; v: string }
  | { t: "punct"; v: string };

/** What autogenerate (compare and render) needs of a dialect: its comparison rules, its
 *  quoting, and the SQL of a column or a table where a rendered migration runs raw SQL. */
export interface SchemaRules {
  quoteIdent(name: string): string;
  /** `"name" TYPE NOT NULL DEFAULT x` of a column of `table` */
  renderColumnSql(col: Column, table: Table): string;
  /** CREATE TABLE of `table` */
  renderCreateTableSql(table: Table): string;
  tokenizeExpr(sql: string): ExprToken[];
  /** two declared column types that the database treats alike (`INT` = `INTEGER` on SQLite) */
  typesEquivalent(a: string, b: string, opts?: { rowidAlias?: boolean }): boolean;
  /** two DEFAULT expressions that store the same value in a column of `declaredType`
   *  (`fromType`: the type the column had, when the comparison spans a type change) */
  defaultsEquivalent(a: string | null | undefined, b: string | null | undefined, declaredType?: string, opts?: { fromType?: string }): boolean;
  isNullDefault(sql: string | null | undefined): boolean;
  /** a canonical form of a SQL expression (CHECK bodies, index WHERE, defaults) */
  normalizeExpr(sql: string): string;
  /** a canonical spelling of a declared type */
  normalizeType(declaredType: string): string;
  /** true when changing `fromType` to `toType` can lose or refuse data */
  isNarrowing(fromType: string, toType: string): boolean;
}
