// The `op` object a migration file receives (DESIGN.md §4). Schema ops are synchronous calls that
// validate against the current schema and queue; execute / query / bulkInsert / flush first apply
// everything queued, so `addColumn` → `await execute(UPDATE ...)` → `alterColumn` works in order.
// The runner never begins or commits a transaction: the engine does.

import { UsageError } from "../errors";
import type { Schema } from "../schema/types";
import type { Connection } from "../dialect/sqlite/sqlite-connection";
import { introspect } from "../dialect/sqlite/sqlite-introspect";
import { planOperations } from "../dialect/sqlite/sqlite-planner";
import { executePlan } from "../dialect/sqlite/sqlite-executor";
import { applyOperation, findConstraint, requireTable } from "../dialect/sqlite/sqlite-apply-operation";
import { foreignKeyFromSpec, opAddColumn, opAlterColumn, opCreateIndex, opCreateTable } from "./op-builders";
import type { Op, Operation, SqlParam } from "./types";

export interface OpRunnerOptions {
  /** every statement that changed the database, in order, after it ran */
  onStatement?: (sql: string) => void;
  /** progress of row copies during table re-creation */
  onProgress?: (info: { table: string; copied: number; total: number }) => void;
  /** rows per INSERT while copying a re-created table (default 5000) */
  copyChunkRows?: number;
}

export interface OpRunner {
  op: Op;
  /** apply every queued schema op */
  flush(): Promise<void>;
  /** SQL statements run so far */
  statements: string[];
  /** operations applied so far, in order (execute and bulkInsert included) */
  operations: Operation[];
  /** queue a normalized Operation (as produced by autogenerate or reverseOperation) */
  enqueue(op: Operation): void;
}

function bindable(params?: SqlParam[]): SqlParam[] | undefined {
  return params?.map((p) => (typeof p === "boolean" ? (p ? 1 : 0) : p));
}

export function createOpRunner(conn: Connection, opts: OpRunnerOptions = {}): OpRunner {
  const queue: Operation[] = [];
  const statements: string[] = [];
  const operations: Operation[] = [];
  let simulated: Schema | null = null;
  const ctx = {
    conn,
    chunkRows: opts.copyChunkRows ?? 5000,
    onProgress: opts.onProgress,
    run(sql: string, params?: SqlParam[]) {
      conn.exec(sql, bindable(params));
      statements.push(sql);
      opts.onStatement?.(sql);
    },
  };

  const current = (): Schema => (simulated ??= introspect(conn));
  /** Validate now, so a mistake is reported at the call that made it; run at the next flush. */
  const enqueue = (op: Operation) => {
    simulated = applyOperation(current(), op);
    queue.push(op);
  };

  async function flush(): Promise<void> {
    if (!queue.length) return;
    const ops = queue.splice(0);
    simulated = null;
    // raw SQL changes the schema in ways only the database knows: plan up to each execute
    while (ops.length) {
      const k = ops.findIndex((o) => o.kind === "execute");
      const segment = ops.splice(0, k < 0 ? ops.length : k + 1);
      executePlan(ctx, planOperations(introspect(conn), segment).steps);
      operations.push(...segment);
    }
  }

  const op: Op = {
    async execute(sql, params) {
      if (typeof sql !== "string" || !sql.trim()) throw new UsageError("bad_execute", "op.execute needs a SQL string");
      await flush();
      simulated = null;
      ctx.run(sql, params);
      operations.push(params?.length ? { kind: "execute", sql, params } : { kind: "execute", sql });
    },
    async query<T = Record<string, unknown>>(sql: string, params?: SqlParam[]): Promise<T[]> {
      await flush();
      return conn.all<T>(sql, bindable(params));
    },
    async bulkInsert(table, rows) {
      if (!Array.isArray(rows)) throw new UsageError("bad_bulk_insert", `bulkInsert "${table}": rows must be an array of objects`);
      enqueue({ kind: "bulkInsert", table, rows });
      await flush();
    },
    createTable(name, columns, options) {
      enqueue(opCreateTable(name, columns, options));
    },
    dropTable(name) {
      const table = requireTable(current(), name, "dropTable");
      enqueue({ kind: "dropTable", name, table: structuredClone(table) });
    },
    renameTable(from, to) {
      enqueue({ kind: "renameTable", from, to });
    },
    addColumn(table, column) {
      enqueue(opAddColumn(table, column));
    },
    dropColumn(table, column) {
      const existing = requireTable(current(), table, "dropColumn").columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
      enqueue(existing ? { kind: "dropColumn", table, name: column, column: structuredClone(existing) } : { kind: "dropColumn", table, name: column });
    },
    alterColumn(table, column, changes) {
      const o = opAlterColumn(table, column, changes);
      const existing = requireTable(current(), table, "alterColumn").columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
      enqueue(existing && o.kind === "alterColumn" ? { ...o, existing: structuredClone(existing) } : o);
    },
    renameColumn(table, from, to) {
      enqueue({ kind: "renameColumn", table, from, to });
    },
    createIndex(name, table, columns, options) {
      enqueue(opCreateIndex(name, table, columns, options));
    },
    dropIndex(name, table) {
      const s = current();
      const owner = table
        ? requireTable(s, table, "dropIndex")
        : s.tables.find((t) => t.indexes.some((i) => i.name.toLowerCase() === name.toLowerCase()));
      if (!owner) throw new UsageError("no_such_index", `dropIndex: index "${name}" does not exist`, { hint: "check the index name" });
      const index = owner.indexes.find((i) => i.name.toLowerCase() === name.toLowerCase());
      enqueue(index ? { kind: "dropIndex", table: owner.name, name, index: structuredClone(index) } : { kind: "dropIndex", table: owner.name, name });
    },
    createForeignKey(name, table, fk) {
      enqueue({ kind: "createForeignKey", table, foreignKey: foreignKeyFromSpec({ ...fk, name: name ?? undefined }, name) });
    },
    createCheckConstraint(name, table, expr) {
      if (typeof expr !== "string" || !expr.trim()) throw new UsageError("bad_check", `createCheckConstraint on "${table}": needs an expression`);
      enqueue({ kind: "createCheckConstraint", table, check: { name, expr: expr.trim() } });
    },
    createUniqueConstraint(name, table, columns) {
      if (!Array.isArray(columns) || !columns.length) throw new UsageError("bad_unique", `createUniqueConstraint on "${table}": needs columns`);
      enqueue({ kind: "createUniqueConstraint", table, unique: { name, columns: [...columns] } });
    },
    dropConstraint(name, table, type) {
      const t = requireTable(current(), table, "dropConstraint");
      const found = findConstraint(t, name, type);
      const o: Operation = { kind: "dropConstraint", table, name };
      if (found) {
        o.type = found.type;
        o.definition = structuredClone(found.def);
      } else if (type) o.type = type;
      enqueue(o);
    },
  };

  return {
    op,
    flush,
    statements,
    operations,
    enqueue(o: Operation) {
      if (o.kind === "execute") {
        simulated = null;
        queue.push(o);
      } else enqueue(o);
    },
  };
}
