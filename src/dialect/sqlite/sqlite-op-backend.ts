// The SQLite OpBackend (dialect/dialect.ts): reads the tables an op names through PRAGMAs, plans
// a segment of ops (native ALTER where SQLite allows it, else one re-creation per table) and runs
// it — synchronously, so a long run of SQL migrations spends no promise per statement.

import type { OpBackend, OpBackendOptions } from "../dialect";
import { UsageError } from "../../errors";
import type { Operation, SqlParam } from "../../ops/types";
import type { Schema } from "../../schema/types";
import type { Connection } from "./sqlite-connection";
import { introspect } from "./sqlite-introspect";
import { compileNative, planOperations, type Capabilities, type PlanStep } from "./sqlite-planner";
import { supportsAlterConstraints } from "./sqlite-alter-rules";
import { executePlan } from "./sqlite-executor";
import { applyOperation } from "./sqlite-apply-operation";
import { splitSql } from "./sqlite-split";

function bindable(params?: SqlParam[]): SqlParam[] | undefined {
  return params?.map((p) => (typeof p === "boolean" ? (p ? 1 : 0) : p));
}

const lc = (s: string) => s.toLowerCase();
const NO_SCHEMA: Schema = { tables: [], views: [], triggers: [] };

/**
 * The steps of a segment that only creates tables absent when queued (the usual migration), or
 * null. Each op was validated against everything queued before it, which the planner would
 * repeat against an empty schema, and a new table's DDL depends on nothing in the database: the
 * plan is each table's CREATE statements. 1,000 such migrations: ~3 ms less.
 */
function newTablesOnly(segment: Operation[], wereAbsent: ReadonlySet<string>): PlanStep[] | null {
  const steps: PlanStep[] = [];
  for (const op of segment) {
    if (op.kind !== "createTable" || op.ifNotExists || !wereAbsent.has(lc(op.table.name))) return null;
    steps.push({ kind: "sql", op, statements: compileNative(op, NO_SCHEMA)! });
  }
  return steps;
}

function refuseEnumOp(op: Operation): void {
  if (op.kind === "createEnum" || op.kind === "dropEnum" || op.kind === "alterEnum") {
    throw new UsageError("enum_type_unsupported", `${op.kind} "${op.kind === "createEnum" ? op.enum.name : op.name}": SQLite has no enum types`, {
      hint: "on SQLite an enum is a TEXT column with a CHECK (col IN (...)): use createCheckConstraint / dropConstraint",
    });
  }
}

export function sqliteOpBackend(conn: Connection, opts: OpBackendOptions = {}): OpBackend {
  let capabilities: Capabilities | null = null;
  const caps = (): Capabilities =>
    (capabilities ??= {
      alterConstraints:
        opts.nativeAlterConstraints ?? supportsAlterConstraints(conn.get<{ v: string }>("SELECT sqlite_version() AS v")?.v ?? "0"),
    });
  const backend: OpBackend = {
    load: (names, referrers) => introspect(conn, { only: names, referrers, skipViews: !referrers }),
    simulate(schema, op) {
      refuseEnumOp(op);
      return applyOperation(schema, op);
    },
    run(segment, need) {
      const ctx = {
        conn,
        chunkRows: opts.copyChunkRows ?? 5000,
        onProgress: opts.onProgress,
        run(sql: string, params?: SqlParam[]) {
          conn.exec(sql, bindable(params));
          backend.onStatement?.(sql);
        },
      };
      let steps = newTablesOnly(segment, need.wereAbsent);
      if (!steps) {
        const before = introspect(conn, { only: need.names, referrers: need.referrers, skipViews: !need.referrers });
        steps = planOperations(before, segment, caps()).steps;
      }
      executePlan(ctx, steps);
    },
    execute(sql, params) {
      conn.exec(sql, bindable(params));
      backend.onStatement?.(sql);
    },
    query: <T>(sql: string, params?: SqlParam[]) => conn.all<T>(sql, bindable(params)),
    indexOwner(name) {
      const row = conn.get<{ tbl_name: string }>("SELECT tbl_name FROM main.sqlite_master WHERE type = 'index' AND lower(name) = ?", [lc(name)]);
      return row?.tbl_name ?? null;
    },
    split: splitSql,
  };
  return backend;
}
