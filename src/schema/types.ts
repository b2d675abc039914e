// The neutral schema model (DESIGN.md §3): what the model DSL produces and what SQLite
// introspection produces, so that the differ compares two plain values and never touches a
// database. Plain, JSON-serialisable data; no behaviour here.

export type ReferentialAction = "CASCADE" | "RESTRICT" | "NO ACTION" | "SET NULL" | "SET DEFAULT";

export interface Column {
  name: string;
  /** Declared type as written in DDL, upper-cased: "INTEGER", "TEXT", "DECIMAL", "" (none).
   *  PostgreSQL spells types as Prisma's DDL does: "TEXT", "INTEGER", "TIMESTAMP(3)",
   *  "VARCHAR(255)", "DECIMAL(65,30)", "DOUBLE PRECISION", "JSONB", "TEXT[]", "SERIAL" /
   *  "BIGSERIAL" / "SMALLSERIAL" (a column owning its sequence, default left null) and an enum
   *  type as its quoted name: "\"Role\"". */
  type: string;
  notNull: boolean;
  /** Default as a SQL expression exactly as it appears after DEFAULT ("'a'", "0",
   *  "CURRENT_TIMESTAMP", "(lower('x'))"), or null for none. */
  default: string | null;
  /** COLLATE name if declared on the column. */
  collate?: string | null;
  /** `GENERATED ALWAYS AS (expr) [STORED|VIRTUAL]` columns keep their clause here. */
  generated?: { expr: string; stored: boolean } | null;
  /** Doc comment carried from the model (not compared). */
  comment?: string | null;
  /** Rename hint from the model (`@was("old")`); not part of the database. */
  was?: string[] | null;
}

export interface IndexColumn {
  /** Column name, or null when `expr` is set. */
  name: string | null;
  /** An expression index term, SQL text. */
  expr?: string | null;
  desc?: boolean;
  collate?: string | null;
  /** PostgreSQL operator class of the term (`jsonb_path_ops`, `gin_trgm_ops`), or null for the default. */
  opclass?: string | null;
}

export interface Index {
  name: string;
  columns: IndexColumn[];
  unique: boolean;
  /** Partial index predicate (SQL text after WHERE), or null. */
  where: string | null;
  /** PostgreSQL access method (`gin`, `gist`, `hash`, `brin`, `spgist`); absent or null: btree. */
  using?: string | null;
}

export interface PrimaryKey {
  /** Constraint name if declared (`CONSTRAINT "x" PRIMARY KEY`), else null. */
  name: string | null;
  columns: string[];
  /** INTEGER PRIMARY KEY AUTOINCREMENT (single-column only). */
  autoincrement: boolean;
}

export interface ForeignKey {
  /** Constraint name (`CONSTRAINT "Post_authorId_fkey"`), or null if unnamed. */
  name: string | null;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  deferrable?: boolean;
}

export interface CheckConstraint {
  name: string | null;
  /** SQL expression text inside CHECK (...). */
  expr: string;
}

/** A UNIQUE table constraint written inside CREATE TABLE (as opposed to a unique index). */
export interface UniqueConstraint {
  name: string | null;
  columns: string[];
}

export interface Table {
  name: string;
  columns: Column[];
  primaryKey: PrimaryKey | null;
  indexes: Index[];
  foreignKeys: ForeignKey[];
  checks: CheckConstraint[];
  uniques: UniqueConstraint[];
  strict?: boolean;
  withoutRowid?: boolean;
  comment?: string | null;
  /** Rename hint from the model (`@@was("Old")`); not part of the database. */
  was?: string[] | null;
}

export interface View {
  name: string;
  /** The full CREATE VIEW statement as stored. */
  sql: string;
}

export interface Trigger {
  name: string;
  table: string;
  /** The full CREATE TRIGGER statement as stored. */
  sql: string;
}

/** A named enum type (PostgreSQL's `CREATE TYPE "Role" AS ENUM (...)`). SQLite has none: its
 *  enums are CHECKs on text columns, and its schemas leave `enums` out. */
export interface EnumType {
  name: string;
  /** the values in their declared order (the order matters to PostgreSQL's comparisons) */
  values: string[];
}

export interface Schema {
  tables: Table[];
  views: View[];
  triggers: Trigger[];
  /** enum types, sorted by name; absent or empty on SQLite */
  enums?: EnumType[];
}

export function emptySchema(): Schema {
  return { tables: [], views: [], triggers: [] };
}

// lower-cased names, cached per table object: schemas share unchanged tables between versions,
// so lookups in long runs of operations don't lower-case every name again
const lowerNames = new WeakMap<Table, { name: string; lower: string }>();
export function lowerName(t: Table): string {
  let e = lowerNames.get(t);
  if (e === undefined || e.name !== t.name) lowerNames.set(t, (e = { name: t.name, lower: t.name.toLowerCase() }));
  return e.lower;
}

export function findTable(schema: Schema, name: string): Table | undefined {
  const lower = name.toLowerCase();
  // a loop, not find(): called for every op, mostly while the code is still interpreted, where
  // a builtin calling back into a closure costs several times more
  for (const t of schema.tables) if (lowerName(t) === lower) return t;
  return undefined;
}

/** A deep copy of a table (several times faster than structuredClone for these small objects). */
export function cloneTable(t: Table): Table {
  const copy: Table = {
    ...t,
    columns: t.columns.map((c) => ({ ...c, ...(c.was ? { was: [...c.was] } : {}), ...(c.generated ? { generated: { ...c.generated } } : {}) })),
    primaryKey: t.primaryKey ? { ...t.primaryKey, columns: [...t.primaryKey.columns] } : null,
    indexes: t.indexes.map((i) => ({ ...i, columns: i.columns.map((c) => ({ ...c })) })),
    foreignKeys: t.foreignKeys.map((f) => ({ ...f, columns: [...f.columns], refColumns: [...f.refColumns] })),
    checks: t.checks.map((c) => ({ ...c })),
    uniques: t.uniques.map((u) => ({ ...u, columns: [...u.columns] })),
  };
  if (t.was) copy.was = [...t.was];
  return copy;
}
