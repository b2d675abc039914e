// The `op` object a migration file receives (DESIGN.md §4). Schema ops are synchronous calls that
// validate against the current schema and queue; execute / query / bulkInsert / flush first apply
// everything queued, so `addColumn` → `await execute(UPDATE ...)` → `alterColumn` works in order.
// The runner never begins or commits a transaction: the engine does. Everything the database
// decides (reading table definitions, planning and running the SQL) is the dialect's OpBackend
// (dialect/dialect.ts): SQLite answers synchronously and reads only the tables an op names;
// PostgreSQL works from a snapshot of the schema read before the first op and after each
// execute, since a migration's schema ops are synchronous calls and its server answers async.

import { UsageError } from "../errors";
import { findTable, type Schema, type Table } from "../schema/types";
import type { OpBackend } from "../dialect/dialect";
import { findConstraint, requireTable } from "../schema/lookup";
import { foreignKeyFromSpec, opAddColumn, opAlterColumn, opCreateIndex, opCreateTable } from "./op-builders";
import type { Op, Operation, SqlParam } from "./types";

export interface OpRunnerOptions {
  /** keep `statements` and `operations` (default true); the engine, which runs whole histories
   *  through one runner and reads neither, turns it off */
  record?: boolean;
  /** every statement that changed the database, in order, after it ran */
  onStatement?: (sql: string) => void;
}

export interface OpRunner {
  op: Op;
  /** apply every queued schema op */
  flush(): Promise<void>;
  /** the same, synchronously where the backend is (SQLite: a SQL migration needs no promise) */
  flushNow(): void | Promise<void>;
  /** SQL statements run so far */
  statements: string[];
  /** operations applied so far, in order (execute and bulkInsert included) */
  operations: Operation[];
  /** queue a normalized Operation (as produced by autogenerate or reverseOperation) */
  enqueue(op: Operation): void;
  /** run one statement now, after whatever is queued (what op.execute does, without a promise
   *  per statement where the backend is synchronous: SQL migrations run many) */
  executeNow(sql: string): void | Promise<void>;
  /** before migration code runs: a snapshot backend reads the schema if it is stale */
  ready(): void | Promise<void>;
  /** split a SQL script into statements the way the dialect reads it */
  split(script: string): { sql: string; line: number }[];
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
    case "createEnum":
    case "dropEnum":
    case "alterEnum":
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
    op.kind === "createEnum" ||
    (op.kind === "addColumn" && !op.column.notNull));
}


/**
 * A runner over `backend`. With a synchronous backend the simulated schema holds only the tables
 * migration code has named so far (plus views and triggers), read on demand: reading the whole
 * database for each migration would make a run of N migrations O(N²). With a snapshot backend
 * (`backend.snapshot`) the whole schema is read by ready() and kept current by simulating each op.
 */
export function createOpRunner(backend: OpBackend, opts: OpRunnerOptions = {}): OpRunner {
  const record = opts.record ?? true;
  const queue: Operation[] = [];
  const statements: string[] = [];
  const operations: Operation[] = [];
  const recordSql = (sql: string) => {
    if (record) statements.push(sql);
    opts.onStatement?.(sql);
  };
  backend.onStatement = recordSql;
  let simulated: Schema | null = null;
  const known = new Set<string>();
  const absent = new Set<string>();
  let viewsLoaded = false;
  /** a snapshot backend: the whole schema, read when stale */
  let stale = true;
  const snapshot = backend.snapshot === true;

  const load = (names: string[], referrers: boolean): Schema => {
    if (snapshot) {
      if (!simulated || stale) {
        throw new UsageError("schema_not_read", "migration code changed the schema with op.query(); use op.execute() for DDL so the next op sees it");
      }
      return simulated;
    }
    const missing: string[] = [];
    for (const name of names) {
      const n = lc(name);
      if (!known.has(n) && !missing.includes(n)) missing.push(n);
    }
    if (simulated && !missing.length && (!referrers || viewsLoaded)) return simulated;
    const part = backend.load(missing, referrers) as Schema;
    if (!simulated) simulated = { tables: [], views: [], triggers: [] };
    if (referrers && !viewsLoaded) {
      simulated.views = part.views;
      simulated.triggers = part.triggers;
      viewsLoaded = true;
    }
    for (const t of part.tables) if (!known.has(lc(t.name))) simulated.tables.push(t);
    for (const n of missing) known.add(n);
    for (const n of missing) if (!findTable(part, n)) absent.add(n);
    for (const t of part.tables) known.add(lc(t.name));
    return simulated;
  };
  const forget = () => {
    if (snapshot) {
      stale = true;
      return;
    }
    simulated = null;
    viewsLoaded = false;
    known.clear();
  };
  const ready = (): void | Promise<void> => {
    if (!snapshot || !stale) return;
    return Promise.resolve(backend.load([], true)).then((s) => {
      simulated = s;
      stale = false;
    });
  };
  const current = (...names: string[]): Schema => load(names, true);
  /** Validate now, so a mistake is reported at the call that made it; run at the next flush. */
  const enqueue = (op: Operation) => {
    // A new table is taken to be absent without asking the database (one query per created
    // table, ~10% of a long run of createTable migrations): if it does exist after all, its
    // CREATE TABLE fails at the flush with the database's own message, naming the statement.
    // With ifNotExists the existing definition matters to later ops, so it is read as usual.
    if (!snapshot && op.kind === "createTable" && !op.ifNotExists && !known.has(lc(op.table.name))) {
      simulated ??= { tables: [], views: [], triggers: [] };
      known.add(lc(op.table.name));
      absent.add(lc(op.table.name));
    }
    simulated = backend.simulate(load(tablesNamed(op), needsReferrers(op)), op);
    queue.push(op);
  };

  async function flush(): Promise<void> {
    await flushNow();
  }

  function flushNow(): void | Promise<void> {
    if (!queue.length) return;
    const ops = queue.splice(0);
    const wereAbsent = new Set(absent);
    absent.clear();
    if (!snapshot) forget();
    // raw SQL changes the schema in ways only the database knows: plan up to each execute
    const segments: Operation[][] = [];
    while (ops.length) {
      let k = -1;
      for (let i = 0; i < ops.length; i++) if (ops[i]!.kind === "execute") { k = i; break; }
      segments.push(ops.splice(0, k < 0 ? ops.length : k + 1));
    }
    const next = (i: number): void | Promise<void> => {
      for (; i < segments.length; i++) {
        const segment = segments[i]!;
        const names: string[] = [];
        let referrers = false;
        for (const o of segment) {
          for (const n of tablesNamed(o)) if (!wereAbsent.has(lc(n))) names.push(n);
          if (needsReferrers(o)) referrers = true;
        }
        const ran = backend.run(segment, { names, referrers, wereAbsent });
        if (record) operations.push(...segment);
        if (segment[segment.length - 1]!.kind === "execute") forget();
        if (ran instanceof Promise) return ran.then(() => next(i + 1));
      }
    };
    const done = next(0);
    if (done instanceof Promise) return done.then(() => ready());
    return ready();
  }

  const indexOwner = (name: string): string | null => {
    for (const t of simulated?.tables ?? []) for (const i of t.indexes) if (lc(i.name) === lc(name)) return t.name;
    if (snapshot) return null;
    return backend.indexOwner(name) as string | null;
  };

  const op: Op = {
    async execute(sql, params) {
      if (typeof sql !== "string" || !sql.trim()) throw new UsageError("bad_execute", "op.execute needs a SQL string");
      if (queue.length) await flush();
      forget();
      await backend.execute(sql, params);
      if (record) operations.push(params?.length ? { kind: "execute", sql, params } : { kind: "execute", sql });
      await ready();
    },
    async query<T = Record<string, unknown>>(sql: string, params?: SqlParam[]): Promise<T[]> {
      await flush();
      return backend.query<T>(sql, params);
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
      let owner: Table | undefined;
      if (table) owner = requireTable(s, table, "dropIndex");
      else for (const t of s.tables) if (t.indexes.some((i) => lc(i.name) === lc(name))) owner = t;
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
    createEnum(name, values) {
      if (!Array.isArray(values) || !values.length || values.some((v) => typeof v !== "string")) {
        throw new UsageError("bad_enum", `createEnum "${name}": needs a list of string values`);
      }
      enqueue({ kind: "createEnum", enum: { name, values: [...values] } });
    },
    dropEnum(name) {
      const e = (current().enums ?? []).find((x) => lc(x.name) === lc(name));
      enqueue(e ? { kind: "dropEnum", name, enum: structuredClone(e) } : { kind: "dropEnum", name });
    },
    alterEnum(name, values) {
      if (!Array.isArray(values) || !values.length || values.some((v) => typeof v !== "string")) {
        throw new UsageError("bad_enum", `alterEnum "${name}": needs a list of string values`);
      }
      const e = (current().enums ?? []).find((x) => lc(x.name) === lc(name));
      enqueue(e ? { kind: "alterEnum", name, values: [...values], existing: [...e.values] } : { kind: "alterEnum", name, values: [...values] });
    },
  };

  return {
    op,
    flush,
    flushNow,
    statements,
    operations,
    ready,
    split: (script) => backend.split(script),
    executeNow(sql: string) {
      if (queue.length) throw new Error("executeNow with operations queued: flush first");
      forget();
      const ran = backend.execute(sql);
      if (ran instanceof Promise) return ran.then(() => void (record && operations.push({ kind: "execute", sql })));
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
