// Plans a queue of Operations for SQLite: each op becomes native SQL where ALTER TABLE allows
// (sqlite-alter-rules.ts), otherwise a table re-creation step. Several ops on one table are
// coalesced into one re-creation (DESIGN.md §6). Pure: schema in, steps out.

import type { Index, Schema, Table } from "../../schema/types";
import { UsageError } from "../../errors";
import { findTable } from "../../schema/types";
import { applyOperation } from "./sqlite-apply-operation";
import type { Operation, SqlParam } from "../../ops/types";
import { canAddColumnNatively, canDropColumnNatively } from "./sqlite-alter-rules";
import { renderColumn, renderCreateIndex, renderCreateTable } from "./sqlite-ddl";
import { quoteIdent as q, sqlLiteral } from "./sqlite-quote";

export interface Statement {
  sql: string;
  params?: SqlParam[];
}

export type PlanStep =
  | {
      kind: "sql";
      op: Operation;
      statements: Statement[];
      uniqueIndex?: { table: string; index: Index };
      /** a native SET NOT NULL: its rows are checked first, for a message that names them */
      notNull?: { table: string; column: string };
    }
  | {
      kind: "recreate";
      from: Table;
      to: Table;
      ops: Operation[];
      /** new column (lower-cased) → the old column it copies from, or null for a new column */
      sources: Map<string, string | null>;
    };

/** Ops that can join an open re-creation of their table. Renames stay native so SQLite
 *  rewrites views and triggers for us (lang_altertable.html#altertabmvcol). */
const FOLDABLE = new Set<Operation["kind"]>([
  "addColumn", "dropColumn", "alterColumn", "createIndex", "dropIndex",
  "createForeignKey", "createCheckConstraint", "createUniqueConstraint", "dropConstraint",
]);

const lc = (s: string) => s.toLowerCase();
const BULK_BATCH = 200;

/** The table an op changes, if it changes exactly one existing table. */
function targetTable(op: Operation): string | null {
  switch (op.kind) {
    case "createTable": case "dropTable": case "renameTable": case "execute":
    case "createEnum": case "dropEnum": case "alterEnum":
      return null;
    default:
      return op.table;
  }
}

/** alterColumn with a new name and other changes → a native rename, then the other changes. */
function expand(ops: Operation[]): Operation[] {
  const out: Operation[] = [];
  for (const op of ops) {
    if (op.kind === "alterColumn" && op.changes.newName !== undefined && op.changes.newName !== op.name) {
      const { newName, ...rest } = op.changes;
      out.push({ kind: "renameColumn", table: op.table, from: op.name, to: newName });
      if (Object.keys(rest).length) out.push({ ...op, name: newName, changes: rest });
    } else out.push(op);
  }
  return out;
}

/** What the SQLite library in use can do natively (see sqlite-alter-rules.ts). */
export interface Capabilities {
  alterConstraints?: boolean;
}

export function planOperations(before: Schema, ops: Operation[], caps: Capabilities = {}): { steps: PlanStep[]; after: Schema } {
  let cur = before;
  const steps: PlanStep[] = [];
  type Recreate = Extract<PlanStep, { kind: "recreate" }>;
  const open = new Map<string, Recreate>();
  // native steps on a table since the last barrier: pulled into a later re-creation of that
  // table, so its data checks run before any of the table's changes (and it is one rebuild)
  const pending = new Map<string, { step: PlanStep; before: Schema }[]>();
  for (const op of expand(ops)) {
    const t = targetTable(op);
    if (op.kind === "renameTable" || op.kind === "dropTable" || op.kind === "execute") {
      open.clear();
      pending.clear();
    }
    const group = t ? open.get(lc(t)) : undefined;
    if (group && FOLDABLE.has(op.kind)) {
      cur = applyOperation(cur, op);
      group.to = findTable(cur, group.from.name)!;
      group.ops.push(op);
      trackSources(group.sources, op);
      continue;
    }
    if (t) open.delete(lc(t));
    if (t && !FOLDABLE.has(op.kind)) pending.delete(lc(t));
    const next = applyOperation(cur, op); // validates: throws a UsageError naming the op
    const native = compileNative(op, cur, caps);
    if (native) {
      const step: PlanStep = { kind: "sql", op, statements: native };
      if (op.kind === "createIndex" && op.index.unique) step.uniqueIndex = { table: op.table, index: op.index };
      if (op.kind === "alterColumn" && op.changes.notNull === true) step.notNull = { table: op.table, column: op.name };
      steps.push(step);
      if (t && FOLDABLE.has(op.kind)) pending.set(lc(t), [...(pending.get(lc(t)) ?? []), { step, before: cur }]);
    } else {
      const earlier = pending.get(lc(t!)) ?? [];
      pending.delete(lc(t!));
      const start = earlier[0]?.before ?? cur;
      const from = findTable(start, t!)!;
      const g: Recreate = {
        kind: "recreate", from, to: findTable(next, t!)!, ops: [],
        sources: new Map(from.columns.filter((c) => !c.generated).map((c) => [lc(c.name), c.name])),
      };
      for (const e of earlier) {
        const o = (e.step as Extract<PlanStep, { kind: "sql" }>).op;
        g.ops.push(o);
        trackSources(g.sources, o);
      }
      g.ops.push(op);
      trackSources(g.sources, op);
      const at = earlier.length ? steps.indexOf(earlier[0]!.step) : steps.length;
      const removed = new Set(earlier.map((e) => e.step));
      steps.splice(at, 0, g);
      for (let i = steps.length - 1; i >= 0; i--) if (removed.has(steps[i]!)) steps.splice(i, 1);
      open.set(lc(t!), g);
    }
    cur = next;
  }
  return { steps, after: cur };
}

function trackSources(sources: Map<string, string | null>, op: Operation): void {
  if (op.kind === "addColumn") sources.set(lc(op.column.name), null);
  if (op.kind === "dropColumn") sources.delete(lc(op.name));
}

function inlineReference(op: Extract<Operation, { kind: "addColumn" }>): string {
  const fk = op.foreignKey;
  if (!fk) return "";
  let s = ` REFERENCES ${q(fk.refTable)} (${fk.refColumns.map(q).join(", ")})`;
  if (fk.onDelete !== "NO ACTION") s += ` ON DELETE ${fk.onDelete}`;
  if (fk.onUpdate !== "NO ACTION") s += ` ON UPDATE ${fk.onUpdate}`;
  if (fk.deferrable) s += " DEFERRABLE INITIALLY DEFERRED";
  return fk.name ? ` CONSTRAINT ${q(fk.name)}${s}` : s;
}

/** Native SQL for `op` against `schema`, or null when the table must be re-created. */
export function compileNative(op: Operation, schema: Schema, caps: Capabilities = {}): Statement[] | null {
  switch (op.kind) {
    case "createTable": {
      const t = op.table;
      return [
        { sql: renderCreateTable(t, { ifNotExists: op.ifNotExists }) },
        ...t.indexes.map((i) => ({ sql: renderCreateIndex(t.name, i, { ifNotExists: op.ifNotExists }) })),
      ];
    }
    case "dropTable":
      return [{ sql: `DROP TABLE ${q(op.name)};` }];
    case "renameTable":
      return [{ sql: `ALTER TABLE ${q(op.from)} RENAME TO ${q(op.to)};` }];
    case "addColumn": {
      if (!canAddColumnNatively(op.column, op)) return null;
      const bare: Table = { ...findTable(schema, op.table)!, primaryKey: null };
      return [{ sql: `ALTER TABLE ${q(op.table)} ADD COLUMN ${renderColumn(op.column, bare)}${inlineReference(op)};` }];
    }
    case "dropColumn": {
      const t = findTable(schema, op.table)!;
      if (!canDropColumnNatively(schema, t, op.name)) return null;
      return [{ sql: `ALTER TABLE ${q(op.table)} DROP COLUMN ${q(op.name)};` }];
    }
    case "alterColumn": {
      const keys = Object.keys(op.changes);
      if (keys.length === 0) return [];
      // only the NOT NULL flag changes: one ALTER instead of copying the table (SQLite >= 3.53)
      if (caps.alterConstraints && keys.length === 1 && op.changes.notNull !== undefined) {
        const col = findTable(schema, op.table)?.columns.find((c) => lc(c.name) === lc(op.name));
        if (col && !col.generated && col.notNull !== op.changes.notNull) {
          return [{ sql: `ALTER TABLE ${q(op.table)} ALTER COLUMN ${q(col.name)} ${op.changes.notNull ? "SET" : "DROP"} NOT NULL;` }];
        }
        if (col && col.notNull === op.changes.notNull) return [];
      }
      return null;
    }
    case "renameColumn":
      return [{ sql: `ALTER TABLE ${q(op.table)} RENAME COLUMN ${q(op.from)} TO ${q(op.to)};` }];
    case "createIndex":
      return [{ sql: renderCreateIndex(op.table, op.index, { ifNotExists: op.ifNotExists }) }];
    case "dropIndex":
      return [{ sql: `DROP INDEX ${q(op.name)};` }];
    // a named CHECK can be dropped in place on SQLite >= 3.53. Adding one stays a re-creation:
    // 3.53's ADD CONSTRAINT refuses rows where the expression is NULL, which a CHECK in a
    // CREATE TABLE accepts (a nullable enum column holding NULL would be refused). Everything
    // else about constraints needs a re-creation (lang_altertable.html#otheralter).
    case "createCheckConstraint":
      return null;
    case "dropConstraint": {
      const t = findTable(schema, op.table);
      const isCheck = t?.checks.some((c) => c.name !== null && lc(c.name) === lc(op.name));
      return caps.alterConstraints && isCheck && (op.type === undefined || op.type === "check")
        ? [{ sql: `ALTER TABLE ${q(op.table)} DROP CONSTRAINT ${q(op.name)};` }]
        : null;
    }
    case "createForeignKey":
    case "createUniqueConstraint":
      return null;
    case "execute":
      return [op.params?.length ? { sql: op.sql, params: op.params } : { sql: op.sql }];
    case "bulkInsert":
      return compileBulkInsert(op.table, op.rows);
    case "createEnum":
    case "dropEnum":
    case "alterEnum":
      throw new UsageError("enum_type_unsupported", `${op.kind}: SQLite has no enum types`, {
        hint: "on SQLite an enum is a TEXT column with a CHECK (col IN (...))",
      });
    default: {
      const never: never = op;
      throw new Error(`unknown operation ${(never as { kind: string }).kind}`);
    }
  }
}

/** Rows → INSERT statements with inline literals (what runs is what onStatement reports, so an
 *  offline SQL script is exact); rows with the same keys share a multi-row VALUES list. */
export function compileBulkInsert(table: string, rows: Record<string, SqlParam>[]): Statement[] {
  const out: Statement[] = [];
  let batch: string[] = [];
  let keys: string[] | null = null;
  const flush = () => {
    if (keys && batch.length) out.push({ sql: `INSERT INTO ${q(table)} (${keys.map(q).join(", ")}) VALUES ${batch.join(", ")};` });
    batch = [];
  };
  for (const row of rows) {
    const k = Object.keys(row);
    if (!keys || k.join("\0") !== keys.join("\0") || batch.length >= BULK_BATCH) {
      flush();
      keys = k;
    }
    if (!k.length) {
      out.push({ sql: `INSERT INTO ${q(table)} DEFAULT VALUES;` });
      keys = null;
      continue;
    }
    batch.push(`(${k.map((key) => sqlLiteral(row[key])).join(", ")})`);
  }
  flush();
  return out;
}
