// The `op` object a migration file receives (DESIGN.md §4). Schema ops are synchronous calls that
// validate against the current schema and queue; execute / query / bulkInsert / flush first apply
// everything queued, so `addColumn` → `await execute(UPDATE ...)` → `alterColumn` works in order.
// The runner never begins or commits a transaction: the engine does.

import { UsageError } from "../errors";
import type { Schema } from "../schema/types";
import type { Connection } from "../dialect/sqlite/sqlite-connection";
import { introspect } from "../dialect/sqlite/sqlite-introspect";
import { compileNative, planOperations, type Capabilities, type PlanStep } from "../dialect/sqlite/sqlite-planner";
import { supportsAlterConstraints } from "../dialect/sqlite/sqlite-alter-rules";
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
  /** use ALTER COLUMN SET/DROP NOT NULL; default: when the SQLite library has it (>= 3.53) */
  nativeAlterConstraints?: boolean;
  /** keep `statements` and `operations` (default true); the engine, which runs whole histories
   *  through one runner and reads neither, turns it off */
  record?: boolean;
}

export interface OpRunner {
  op: Op;
  /** apply every queued schema op */
  flush(): Promise<void>;
  /** the same, synchronously (the engine's runner: a SQL migration's step needs no promise) */
  flushNow(): void;
  /** SQL statements run so far */
  statements: string[];
  /** operations applied so far, in order (execute and bulkInsert included) */
  operations: Operation[];
  /** queue a normalized Operation (as produced by autogenerate or reverseOperation) */
  enqueue(op: Operation): void;
  /** run one statement now, after whatever is queued (what op.execute does, without a promise
   *  per statement: SQL migrations run many) */
  executeNow(sql: string): void;
}

function bindable(params?: SqlParam[]): SqlParam[] | undefined {
  return params?.map((p) => (typeof p === "boolean" ? (p ? 1 : 0) : p));
}

const lc = (s: string) => s.toLowerCase();

/** Every table an operation names: the ones whose definition it needs to validate and plan. */
function tablesNamed(op: Operation): string[] {
  switch (op.kind) {
    case "createTable":
      return [op.table.name, ...op.table.foreignKeys.map((f) => f.refTable)];
    case "dropTable":
      return [op.name];
    case "renameTable":
      return [op.from, op.to];
    case "createForeignKey":
      return [op.table, op.foreignKey.refTable];
    case "addColumn":
      return op.foreignKey ? [op.table, op.foreignKey.refTable] : [op.table];
    case "execute":
      return [];
    case "dropColumn":
    case "alterColumn":
    case "renameColumn":
    case "createIndex":
    case "dropIndex":
    case "createCheckConstraint":
    case "createUniqueConstraint":
    case "dropConstraint":
    case "bulkInsert":
      return [op.table];
    default: {
      const never: never = op;
      return never;
    }
  }
}

/** Ops whose planning must see the tables that reference theirs (inbound foreign keys: a
 *  re-creation or a drop must know its children). Creating things needs no such look. */
function needsReferrers(op: Operation): boolean {
  return !(op.kind === "createTable" || op.kind === "createIndex" || op.kind === "bulkInsert" || op.kind === "execute" ||
    (op.kind === "addColumn" && !op.column.notNull));
}

const NO_SCHEMA: Schema = { tables: [], views: [], triggers: [] };

/**
 * The steps of a segment that only creates tables absent when queued (the usual migration), or
 * null. Each op was validated against everything queued before it (enqueue), which the planner
 * would repeat against an empty schema, and a new table's DDL depends on nothing in the
 * database: the plan is each table's CREATE statements. 1,000 such migrations: ~3 ms less.
 */
function newTablesOnly(segment: Operation[], wereAbsent: Set<string>): PlanStep[] | null {
  const steps: PlanStep[] = [];
  for (const op of segment) {
    if (op.kind !== "createTable" || op.ifNotExists || !wereAbsent.has(lc(op.table.name))) return null;
    steps.push({ kind: "sql", op, statements: compileNative(op, NO_SCHEMA)! });
  }
  return steps;
}

export function createOpRunner(conn: Connection, opts: OpRunnerOptions = {}): OpRunner {
  const record = opts.record ?? true;
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
      if (record) statements.push(sql);
      opts.onStatement?.(sql);
    },
  };

  // The simulated schema holds only the tables migration code has named so far (plus every
  // view and trigger): reading the whole database for each migration would make a run of N
  // migrations O(N²). `known` lists the names whose state in `simulated` is authoritative.
  const known = new Set<string>();
  const absent = new Set<string>();
  let viewsLoaded = false;
  const load = (names: string[], referrers: boolean) => {
    const missing: string[] = [];
    for (const name of names) {
      const n = lc(name);
      if (!known.has(n) && !missing.includes(n)) missing.push(n);
    }
    if (simulated && !missing.length && (!referrers || viewsLoaded)) return simulated;
    // views and triggers matter only to ops that change existing tables
    const part = introspect(conn, { only: missing, referrers, skipViews: !referrers });
    if (!simulated) simulated = { tables: [], views: [], triggers: [] };
    if (referrers && !viewsLoaded) {
      simulated.views = part.views;
      simulated.triggers = part.triggers;
      viewsLoaded = true;
    }
    for (const t of part.tables) if (!known.has(lc(t.name))) simulated.tables.push(t);
    for (const n of missing) known.add(n);
    for (const n of missing) if (!part.tables.some((t) => lc(t.name) === n)) absent.add(n);
    for (const t of part.tables) known.add(lc(t.name));
    return simulated;
  };
  const forget = () => {
    simulated = null;
    viewsLoaded = false;
    known.clear();
  };
  const current = (...names: string[]): Schema => load(names, true);
  /** Validate now, so a mistake is reported at the call that made it; run at the next flush. */
  const enqueue = (op: Operation) => {
    // A new table is taken to be absent without asking the database (one query per created
    // table, ~10% of a long run of createTable migrations): if it does exist after all, its
    // CREATE TABLE fails at the flush with SQLite's own message, naming the statement. With
    // ifNotExists the existing definition matters to later ops, so it is read as usual.
    if (op.kind === "createTable" && !op.ifNotExists && !known.has(lc(op.table.name))) {
      simulated ??= { tables: [], views: [], triggers: [] };
      known.add(lc(op.table.name));
      absent.add(lc(op.table.name));
    }
    simulated = applyOperation(load(tablesNamed(op), needsReferrers(op)), op);
    queue.push(op);
  };

  async function flush(): Promise<void> {
    flushNow();
  }

  function flushNow(): void {
    if (!queue.length) return;
    const ops = queue.splice(0);
    forget();
    const wereAbsent = new Set(absent);
    absent.clear();
    // raw SQL changes the schema in ways only the database knows: plan up to each execute
    while (ops.length) {
      const k = ops.findIndex((o) => o.kind === "execute");
      const segment = ops.splice(0, k < 0 ? ops.length : k + 1);
      // tables seen absent when the ops were queued are still absent: nothing has run since
      executePlan(ctx, newTablesOnly(segment, wereAbsent) ?? plan(segment, wereAbsent));
      if (record) operations.push(...segment);
    }
  }

  const plan = (segment: Operation[], wereAbsent: Set<string>): PlanStep[] => {
    const names = segment.flatMap(tablesNamed).filter((n) => !wereAbsent.has(lc(n)));
    const referrers = segment.some(needsReferrers);
    const before = introspect(conn, { only: names, referrers, skipViews: !referrers });
    return planOperations(before, segment, caps()).steps;
  };

  let capabilities: Capabilities | null = null;
  const caps = (): Capabilities =>
    (capabilities ??= {
      alterConstraints:
        opts.nativeAlterConstraints ?? supportsAlterConstraints(conn.get<{ v: string }>("SELECT sqlite_version() AS v")?.v ?? "0"),
    });

  const indexOwner = (name: string): string | null => {
    const queued = simulated?.tables.find((t) => t.indexes.some((i) => lc(i.name) === lc(name)));
    if (queued) return queued.name;
    const row = conn.get<{ tbl_name: string }>("SELECT tbl_name FROM main.sqlite_master WHERE type = 'index' AND lower(name) = ?", [lc(name)]);
    return row?.tbl_name ?? null;
  };

  const op: Op = {
    async execute(sql, params) {
      if (typeof sql !== "string" || !sql.trim()) throw new UsageError("bad_execute", "op.execute needs a SQL string");
      if (queue.length) await flush();
      forget();
      ctx.run(sql, params);
      if (record) operations.push(params?.length ? { kind: "execute", sql, params } : { kind: "execute", sql });
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
      const table = requireTable(current(name), name, "dropTable");
      enqueue({ kind: "dropTable", name, table: structuredClone(table) });
    },
    renameTable(from, to) {
      enqueue({ kind: "renameTable", from, to });
    },
    addColumn(table, column) {
      enqueue(opAddColumn(table, column));
    },
    dropColumn(table, column) {
      const existing = requireTable(current(table), table, "dropColumn").columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
      enqueue(existing ? { kind: "dropColumn", table, name: column, column: structuredClone(existing) } : { kind: "dropColumn", table, name: column });
    },
    alterColumn(table, column, changes) {
      const o = opAlterColumn(table, column, changes);
      const existing = requireTable(current(table), table, "alterColumn").columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
      enqueue(existing && o.kind === "alterColumn" ? { ...o, existing: structuredClone(existing) } : o);
    },
    renameColumn(table, from, to) {
      enqueue({ kind: "renameColumn", table, from, to });
    },
    createIndex(name, table, columns, options) {
      enqueue(opCreateIndex(name, table, columns, options));
    },
    dropIndex(name, table) {
      // without a table, find the index's table among queued ones, then in the database
      const owner0 = table ?? indexOwner(name);
      const s = owner0 ? current(owner0) : current();
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
      const t = requireTable(current(table), table, "dropConstraint");
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
    flushNow,
    statements,
    operations,
    executeNow(sql: string) {
      if (queue.length) throw new Error("executeNow with operations queued: flush first");
      forget();
      ctx.run(sql);
      if (record) operations.push({ kind: "execute", sql });
    },
    enqueue(o: Operation) {
      if (o.kind === "execute") {
        forget();
        queue.push(o);
      } else enqueue(o);
    },
  };
}
