// Plans a queue of Operations for PostgreSQL: every op compiles to native statements (no table
// re-creation: PostgreSQL alters in place), with the data checks to run before them. Pure:
// schema in, steps out; the simulation of each op (validation, the schema after it) reuses the
// SQLite one for tables, with PostgreSQL's differences (enums, type spellings, primary keys).

import { UsageError } from "../../errors";
import type { Operation, SqlParam } from "../../ops/types";
import { cloneTable, findTable, type Column, type Schema } from "../../schema/types";
import { applyOperation } from "../sqlite/sqlite-apply-operation";
import {
  addNotNullColumnCheck, checkConstraintCheck, foreignKeyCheck, uniqueCheck, type DataCheck,
} from "./pg-alter-checks";
import { compileAlterColumn, serialBase } from "./pg-alter-column";
import { renderAddForeignKey, renderColumnDef, renderCreateEnum, renderCreateIndex, renderCreateTable } from "./pg-ddl";
import { compileAlterEnum, findEnum, simulateAlterEnum, simulateCreateEnum, simulateDropEnum } from "./pg-enum-ops";
import { quoteIdent as q } from "./pg-quote";

export type { DataCheck } from "./pg-alter-checks";
export { dataCheckError } from "./pg-alter-checks";
export { isNonTransactional, nonTransactionalStatement } from "./pg-alter-transaction";

export interface PgStatement {
  sql: string;
  params?: SqlParam[];
}

export interface PgStep {
  op: Operation;
  statements: PgStatement[];
  /** counted before any statement of the step runs; a count above 0 refuses the step */
  checks?: DataCheck[];
}

/** PostgreSQL's limit of bind parameters in one statement (a 16-bit count in the protocol). */
export const PG_MAX_PARAMS = 65535;

const lc = (s: string) => s.toLowerCase();

/** A type as the schema spells it on PostgreSQL: upper case outside double quotes, so an enum
 *  type keeps its exact name (`"Role"[]`), single spaces. */
export function pgTypeSpelling(type: string): string {
  return type
    .trim()
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 ? part : part.toUpperCase().replace(/\s+/g, " ")))
    .join("");
}

function findColumn(schema: Schema, table: string, name: string): Column | undefined {
  return findTable(schema, table)?.columns.find((c) => lc(c.name) === lc(name));
}

/** `schema` with table `name` replaced by a copy changed by `edit`. */
function withTable(schema: Schema, name: string, edit: (t: ReturnType<typeof cloneTable>) => void): Schema {
  const t = findTable(schema, name);
  if (!t) return schema;
  const copy = cloneTable(t);
  edit(copy);
  return { ...schema, tables: schema.tables.map((x) => (x === t ? copy : x)) };
}

/** The primary key's name on PostgreSQL: declared, or the server's `<table>_pkey`. */
function pkName(table: string, name: string | null): string {
  return name ?? `${table}_pkey`;
}

/** The schema after `op` on PostgreSQL, or a UsageError naming what is wrong. Enum checks run
 *  only when the schema carries its enums (`enums` present): a schema loaded without them
 *  cannot tell a missing enum from one it did not read. */
export function applyPgOperation(before: Schema, op: Operation): Schema {
  const enums = before.enums;
  switch (op.kind) {
    case "createEnum":
      return simulateCreateEnum(before, op.enum);
    case "dropEnum":
      if (!enums) return before;
      return simulateDropEnum(before, op.name);
    case "alterEnum": {
      let s = before;
      if (!findEnum(s, op.name) && (!enums || op.existing)) s = { ...s, enums: [...(enums ?? []), { name: op.name, values: op.existing ?? [] }] };
      return simulateAlterEnum(s, op.name, op.values);
    }
    case "dropConstraint": {
      const t = findTable(before, op.table);
      const pk = t?.primaryKey;
      if (t && pk && (op.type === "primaryKey" || (op.type === undefined && lc(pkName(t.name, pk.name)) === lc(op.name)))) {
        if (lc(pkName(t.name, pk.name)) !== lc(op.name)) {
          throw new UsageError("no_such_constraint", `dropConstraint: the primary key of "${t.name}" is named "${pkName(t.name, pk.name)}", not "${op.name}"`);
        }
        return withTable(before, t.name, (c) => (c.primaryKey = null));
      }
      break;
    }
    case "dropColumn": {
      // PostgreSQL drops a primary key with its column (the SQLite simulation refuses it)
      const t = findTable(before, op.table);
      if (t?.primaryKey?.columns.some((c) => lc(c) === lc(op.name))) {
        return keepEnums(applyOperation(withTable(before, t.name, (c) => (c.primaryKey = null)), op), enums);
      }
      break;
    }
    default:
      break;
  }
  let after = keepEnums(applyOperation(before, op), enums);
  if (op.kind === "alterColumn" && op.changes.type !== undefined) {
    const name = op.changes.newName ?? op.name;
    const type = pgTypeSpelling(op.changes.type);
    after = withTable(after, op.table, (t) => {
      const c = t.columns.find((x) => lc(x.name) === lc(name))!;
      c.type = type;
      if (serialBase(type)) c.default = null; // the sequence is the default (schema/types.ts)
    });
  }
  return after;
}

function keepEnums(s: Schema, enums: Schema["enums"]): Schema {
  return enums === undefined ? s : { ...s, enums };
}

const stmt = (sql: string): PgStatement => ({ sql: sql.trimEnd().endsWith(";") ? sql.trimEnd() : `${sql.trimEnd()};` });

/** The steps that run `ops` on a database whose schema is `before`. */
export function planPg(before: Schema, ops: Operation[]): PgStep[] {
  return planPgWithSchema(before, ops).steps;
}

/** planPg, and the schema the steps leave. */
export function planPgWithSchema(before: Schema, ops: Operation[]): { steps: PgStep[]; after: Schema } {
  let cur = before;
  const steps: PgStep[] = [];
  for (const op of ops) {
    const next = applyPgOperation(cur, op); // validates: throws a UsageError naming the op
    const { statements, checks } = compileOperation(cur, op);
    const step: PgStep = { op, statements: statements.map((s) => (typeof s === "string" ? stmt(s) : s)) };
    if (checks.length) step.checks = checks;
    steps.push(step);
    cur = next;
  }
  return { steps, after: cur };
}

function compileOperation(schema: Schema, op: Operation): { statements: (string | PgStatement)[]; checks: DataCheck[] } {
  const none: DataCheck[] = [];
  switch (op.kind) {
    case "createTable": {
      const t = op.table;
      if (op.ifNotExists && findTable(schema, t.name)) return { statements: [], checks: none };
      const ine = (sql: string) => (op.ifNotExists ? sql.replace(/^CREATE (TABLE|UNIQUE INDEX|INDEX) /, "CREATE $1 IF NOT EXISTS ") : sql);
      return {
        statements: [
          ine(renderCreateTable(t)),
          ...t.indexes.map((i) => ine(renderCreateIndex(t.name, i))),
          ...t.foreignKeys.map((fk) => renderAddForeignKey(t.name, fk)),
        ],
        checks: none,
      };
    }
    case "dropTable":
      return { statements: [`DROP TABLE ${q(op.name)};`], checks: none };
    case "renameTable":
      return { statements: [`ALTER TABLE ${q(op.from)} RENAME TO ${q(op.to)};`], checks: none };
    case "addColumn": {
      const c = op.column;
      let sql = `ALTER TABLE ${q(op.table)} ADD COLUMN ${renderColumnDef(c)}`;
      const fk = op.foreignKey;
      if (fk) {
        sql += `${fk.name ? ` CONSTRAINT ${q(fk.name)}` : ""} REFERENCES ${q(fk.refTable)}(${fk.refColumns.map(q).join(", ")})` +
          ` ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}${fk.deferrable ? " DEFERRABLE INITIALLY DEFERRED" : ""}`;
      }
      if (op.unique) sql += `${op.unique.name ? ` CONSTRAINT ${q(op.unique.name)}` : ""} UNIQUE`;
      const needsValue = c.notNull && (c.default === null || c.default === undefined) && !c.generated && !serialBase(c.type);
      return { statements: [`${sql};`], checks: needsValue ? [addNotNullColumnCheck(op.table, c.name)] : none };
    }
    case "dropColumn":
      return { statements: [`ALTER TABLE ${q(op.table)} DROP COLUMN ${q(op.name)};`], checks: none };
    case "alterColumn": {
      const col = findColumn(schema, op.table, op.name)!;
      const { newName, ...rest } = op.changes;
      const { statements, checks } = compileAlterColumn(op.table, col, rest);
      // the rename last: the changes and their checks all speak of the column by its old name
      if (newName !== undefined && newName !== col.name) {
        statements.push(`ALTER TABLE ${q(op.table)} RENAME COLUMN ${q(col.name)} TO ${q(newName)};`);
      }
      return { statements, checks };
    }
    case "renameColumn":
      return { statements: [`ALTER TABLE ${q(op.table)} RENAME COLUMN ${q(op.from)} TO ${q(op.to)};`], checks: none };
    case "createIndex": {
      const t = findTable(schema, op.table);
      if (op.ifNotExists && t?.indexes.some((i) => lc(i.name) === lc(op.index.name))) return { statements: [], checks: none };
      let sql = renderCreateIndex(op.table, op.index);
      if (op.ifNotExists) sql = sql.replace(/^CREATE (UNIQUE )?INDEX /, "CREATE $1INDEX IF NOT EXISTS ");
      const checks = op.index.unique ? [uniqueCheck(op.table, `unique index "${op.index.name}"`, op.index.columns, op.index.where)] : none;
      return { statements: [sql], checks };
    }
    case "dropIndex":
      return { statements: [`DROP INDEX ${q(op.name)};`], checks: none };
    case "createForeignKey":
      return { statements: [renderAddForeignKey(op.table, op.foreignKey)], checks: [foreignKeyCheck(op.table, op.foreignKey)] };
    case "createCheckConstraint": {
      const head = op.check.name ? `CONSTRAINT ${q(op.check.name)} ` : "";
      return {
        statements: [`ALTER TABLE ${q(op.table)} ADD ${head}CHECK (${op.check.expr});`],
        checks: [checkConstraintCheck(op.table, op.check)],
      };
    }
    case "createUniqueConstraint": {
      const u = op.unique;
      const head = u.name ? `CONSTRAINT ${q(u.name)} ` : "";
      return {
        statements: [`ALTER TABLE ${q(op.table)} ADD ${head}UNIQUE (${u.columns.map(q).join(", ")});`],
        checks: [uniqueCheck(op.table, `unique constraint ${u.name ? `"${u.name}"` : ""}`.trimEnd(), u.columns.map((name) => ({ name })), null)],
      };
    }
    case "dropConstraint":
      return { statements: [`ALTER TABLE ${q(op.table)} DROP CONSTRAINT ${q(op.name)};`], checks: none };
    case "createEnum":
      return { statements: [renderCreateEnum(op.enum)], checks: none };
    case "dropEnum":
      return { statements: [`DROP TYPE ${q(op.name)};`], checks: none };
    case "alterEnum": {
      const old = findEnum(schema, op.name)?.values ?? op.existing;
      if (!old) {
        throw new UsageError("enum_values_unknown", `alterEnum: the values of enum "${op.name}" before the change are not known`,
          { hint: "read the schema with its enums, or pass the existing values" });
      }
      return compileAlterEnum(schema, op.name, old, op.values);
    }
    case "execute":
      return { statements: [op.params?.length ? { sql: op.sql, params: op.params } : { sql: op.sql }], checks: none };
    case "bulkInsert":
      return { statements: compileBulkInsertPg(op.table, op.rows), checks: none };
    default: {
      const never: never = op;
      throw new Error(`unknown operation ${(never as { kind: string }).kind}`);
    }
  }
}

/** Rows → INSERTs with $n parameters; rows with the same keys share a multi-row VALUES list of
 *  at most PG_MAX_PARAMS parameters. */
export function compileBulkInsertPg(table: string, rows: Record<string, SqlParam>[], maxParams = PG_MAX_PARAMS): PgStatement[] {
  const out: PgStatement[] = [];
  let keys: string[] | null = null;
  let tuples: string[] = [];
  let params: SqlParam[] = [];
  const flush = () => {
    if (keys && tuples.length) {
      out.push({ sql: `INSERT INTO ${q(table)} (${keys.map(q).join(", ")}) VALUES ${tuples.join(", ")};`, params });
    }
    tuples = [];
    params = [];
  };
  for (const row of rows) {
    const k = Object.keys(row);
    if (!k.length) {
      flush();
      keys = null;
      out.push({ sql: `INSERT INTO ${q(table)} DEFAULT VALUES;` });
      continue;
    }
    if (!keys || k.join("\0") !== keys.join("\0") || params.length + k.length > maxParams) {
      flush();
      keys = k;
    }
    const start = params.length;
    tuples.push(`(${k.map((_, i) => `$${start + i + 1}`).join(", ")})`);
    for (const key of k) params.push(row[key] ?? null);
  }
  flush();
  return out;
}
