// User-facing op specs (ColumnSpec, DefaultValue, ...) → normalized Operation objects, and the
// inverse helpers autogenerate needs to render an Operation back as `op.xxx(...)` arguments.
// Alembic semantics: columns are nullable unless `nullable: false`; a JS default is a literal.

import { UsageError } from "../errors";
import type { Column, ForeignKey, Index, IndexColumn, Table, UniqueConstraint } from "../schema/types";
import { parseIndexTerm, quoteString, sqlLiteral } from "./sql-text";
import type {
  AlterColumnSpec, ColumnChanges, ColumnSpec, CreateTableOptions, DefaultValue, ForeignKeySpec, IndexSpec, Operation,
} from "./types";

/** A DefaultValue as SQL text: JS literals are quoted, `{ sql }` is used verbatim, null means none. */
/** A declared type as the schema spells it: upper case outside double quotes (a PostgreSQL enum
 *  type keeps its exact name: `"Role"`, `"Role"[]`), runs of spaces as one. */
export function typeSpelling(type: string): string {
  const t = type.trim();
  if (!t.includes('"')) return t.toUpperCase();
  return t
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 ? part : part.toUpperCase().replace(/\s+/g, " ")))
    .join("");
}

export function defaultToSql(v: DefaultValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "object") {
    if (typeof v.sql !== "string" || !v.sql.trim()) throw new UsageError("bad_default", "default { sql } needs a non-empty SQL string");
    return v.sql.trim();
  }
  if (typeof v === "string") return quoteString(v);
  try {
    return sqlLiteral(v);
  } catch (e) {
    throw new UsageError("bad_default", `default ${String(v)} cannot be written as a SQL literal`, { cause: e });
  }
}

/** Inverse of defaultToSql: simple literals come back as JS values, anything else as `{ sql }`. */
export function defaultFromSql(sql: string | null): DefaultValue | undefined {
  if (sql === null) return undefined;
  const t = sql.trim();
  if (/^'(?:[^']|'')*'$/.test(t)) return t.slice(1, -1).replace(/''/g, "'");
  if (/^[-+]?\d+$/.test(t)) {
    const n = Number(t);
    return Number.isSafeInteger(n) ? n : BigInt(t);
  }
  if (/^[-+]?(\d+\.\d*|\.\d+|\d+)(e[-+]?\d+)?$/i.test(t)) return Number(t);
  if (/^true$/i.test(t)) return true;
  if (/^false$/i.test(t)) return false;
  return { sql: t };
}

function parseRef(ref: string | Omit<ForeignKeySpec, "columns">, column: string): ForeignKey {
  if (typeof ref === "string") {
    const dot = ref.lastIndexOf(".");
    if (dot <= 0 || dot === ref.length - 1) {
      throw new UsageError("bad_reference", `column "${column}": references "${ref}" must be "table.column"`);
    }
    return { name: null, columns: [column], refTable: ref.slice(0, dot), refColumns: [ref.slice(dot + 1)], onDelete: "NO ACTION", onUpdate: "NO ACTION" };
  }
  return foreignKeyFromSpec({ ...ref, columns: [column] });
}

export function foreignKeyFromSpec(spec: ForeignKeySpec, name?: string | null): ForeignKey {
  if (!spec.columns?.length || !spec.refColumns?.length || !spec.refTable) {
    throw new UsageError("bad_foreign_key", "a foreign key needs columns, refTable and refColumns");
  }
  const fk: ForeignKey = {
    name: name ?? spec.name ?? null,
    columns: [...spec.columns],
    refTable: spec.refTable,
    refColumns: [...spec.refColumns],
    onDelete: spec.onDelete ?? "NO ACTION",
    onUpdate: spec.onUpdate ?? "NO ACTION",
  };
  if (spec.deferrable) fk.deferrable = true;
  return fk;
}

export function columnFromSpec(spec: ColumnSpec): Column {
  if (!spec || typeof spec.name !== "string" || !spec.name) throw new UsageError("bad_column", "a column spec needs a name");
  if (typeof spec.type !== "string") throw new UsageError("bad_column", `column "${spec.name}" needs a type (use "" for none)`);
  const col: Column = {
    name: spec.name,
    type: typeSpelling(spec.type),
    notNull: spec.nullable === false,
    default: defaultToSql(spec.default),
  };
  if (spec.collate) col.collate = spec.collate;
  return col;
}

/** Inverse of columnFromSpec (with the table for key, unique and reference facts). */
export function columnToSpec(col: Column, table?: Table): ColumnSpec {
  const spec: ColumnSpec = { name: col.name, type: col.type };
  if (col.notNull) spec.nullable = false;
  const d = defaultFromSql(col.default);
  if (d !== undefined) spec.default = d;
  if (col.collate) spec.collate = col.collate;
  const pk = table?.primaryKey;
  if (pk && pk.columns.length === 1 && pk.columns[0] === col.name && !pk.name) {
    spec.primaryKey = true;
    if (pk.autoincrement) spec.autoincrement = true;
  }
  return spec;
}

export function opCreateTable(name: string, columns: ColumnSpec[], options: CreateTableOptions = {}): Operation {
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new UsageError("bad_table", `createTable "${name}": a table needs at least one column`);
  }
  const table: Table = {
    name, columns: [], primaryKey: null, indexes: [], foreignKeys: [], checks: [], uniques: [],
  };
  const pkCols: string[] = [];
  let autoincrement = false;
  for (const spec of columns) {
    table.columns.push(columnFromSpec(spec));
    if (spec.primaryKey) pkCols.push(spec.name);
    if (spec.autoincrement) autoincrement = true;
    if (spec.unique) table.uniques.push({ name: null, columns: [spec.name] });
    if (spec.references) table.foreignKeys.push(parseRef(spec.references, spec.name));
  }
  const opt = options.primaryKey;
  if (opt && pkCols.length) throw new UsageError("bad_table", `createTable "${name}": primary key given both on columns and in options`);
  const pk = Array.isArray(opt) ? { name: null, columns: opt } : opt ? { name: opt.name ?? null, columns: opt.columns } : pkCols.length ? { name: null, columns: pkCols } : null;
  if (pk) table.primaryKey = { name: pk.name, columns: [...pk.columns], autoincrement };
  if (autoincrement && (!pk || pk.columns.length !== 1)) {
    // https://www.sqlite.org/autoinc.html: only on a single INTEGER PRIMARY KEY column
    throw new UsageError("bad_autoincrement", `createTable "${name}": autoincrement needs a single-column INTEGER primary key`);
  }
  for (const fk of options.foreignKeys ?? []) table.foreignKeys.push(foreignKeyFromSpec(fk));
  for (const c of options.checks ?? []) table.checks.push(typeof c === "string" ? { name: null, expr: c } : { name: c.name ?? null, expr: c.expr });
  for (const u of options.uniques ?? []) table.uniques.push(Array.isArray(u) ? { name: null, columns: [...u] } : { name: u.name ?? null, columns: [...u.columns] });
  if (options.strict) table.strict = true;
  if (options.withoutRowid) table.withoutRowid = true;
  return options.ifNotExists ? { kind: "createTable", table, ifNotExists: true } : { kind: "createTable", table };
}

export function opAddColumn(table: string, spec: ColumnSpec): Operation {
  if (spec.primaryKey || spec.autoincrement) {
    throw new UsageError("add_pk_column", `addColumn "${table}"."${spec.name}": cannot add a primary-key column to an existing table`,
      { hint: "create a new table with createTable and copy the rows with execute" });
  }
  const op: Operation = { kind: "addColumn", table, column: columnFromSpec(spec) };
  if (spec.references) op.foreignKey = parseRef(spec.references, spec.name);
  if (spec.unique) op.unique = { name: null, columns: [spec.name] } satisfies UniqueConstraint;
  return op;
}

export function columnChangesFromSpec(spec: AlterColumnSpec): ColumnChanges {
  const ch: ColumnChanges = {};
  if (spec.type !== undefined) ch.type = typeSpelling(spec.type);
  if (spec.nullable !== undefined) ch.notNull = !spec.nullable;
  if (spec.default !== undefined) ch.default = defaultToSql(spec.default);
  if (spec.newName !== undefined) ch.newName = spec.newName;
  return ch;
}

export function opAlterColumn(table: string, column: string, spec: AlterColumnSpec): Operation {
  return { kind: "alterColumn", table, name: column, changes: columnChangesFromSpec(spec ?? {}) };
}

/** Index terms: a column name ("email", "\"Full Name\""), optionally with COLLATE / DESC, or an expression. */
export function indexColumnFromTerm(term: string): IndexColumn {
  const p = parseIndexTerm(term);
  if (!p.text) throw new UsageError("bad_index", `index term "${term}" is empty`);
  const c: IndexColumn = p.name !== null ? { name: p.name } : { name: null, expr: p.text };
  if (p.desc) c.desc = true;
  if (p.collate) c.collate = p.collate;
  return c;
}

export function opCreateIndex(name: string, table: string, columns: string[], options: IndexSpec = {}): Operation {
  if (!Array.isArray(columns) || !columns.length) throw new UsageError("bad_index", `createIndex "${name}": needs at least one column`);
  const index: Index = { name, columns: columns.map(indexColumnFromTerm), unique: !!options.unique, where: options.where?.trim() || null };
  return options.ifNotExists ? { kind: "createIndex", table, index, ifNotExists: true } : { kind: "createIndex", table, index };
}
