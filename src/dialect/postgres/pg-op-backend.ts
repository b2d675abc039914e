// The PostgreSQL OpBackend (dialect/dialect.ts): works from a snapshot of the schema (read with
// one query per catalog kind), plans ops into native ALTER statements (pg-planner.ts), checks
// each step's data preconditions before its first statement, and refuses a statement that can't
// run inside a transaction when one is open — with advice instead of the server's 25001.

import type { OpBackend, Session } from "../dialect";
import { UsageError } from "../../errors";
import type { SqlParam } from "../../ops/types";
import type { Schema } from "../../schema/types";
import { introspectPg } from "./pg-introspect";
import { applyPgOperation, dataCheckError, nonTransactionalStatement, planPg } from "./pg-planner";
import { splitPgScript } from "./pg-split";

export interface PgBackendOptions {
  /** leave these tables out of the snapshot (the version and history tables) */
  exclude?: string[];
  schema?: string;
}

export function pgOpBackend(session: Session, opts: PgBackendOptions = {}): OpBackend {
  let schema: Schema | null = null;
  const guard = (sql: string) => {
    if (!session.inTransaction) return;
    const found = nonTransactionalStatement(sql);
    if (found) {
      throw new UsageError("statement_needs_no_transaction", `${found.what} cannot run inside a transaction: ${found.statement.slice(0, 80)}`, {
        hint: "put it in a migration of its own that declares `export const transactional = false` (SQL: `-- transactional: false` in the header)",
      });
    }
  };
  const backend: OpBackend = {
    snapshot: true,
    async load() {
      schema = await introspectPg(session, { exclude: opts.exclude, schema: opts.schema });
      if (!schema.enums) schema.enums = [];
      return schema;
    },
    simulate: (s, op) => applyPgOperation(s, op),
    async run(segment) {
      // the runner keeps its snapshot current op by op; plan from the one read before the segment
      const before = schema ?? (await backend.load([], true));
      const steps = planPg(before, segment);
      for (const step of steps) {
        for (const check of step.checks ?? []) {
          const row = await session.get<{ n: number | string }>(check.sql, check.params);
          const n = Number(row?.n ?? 0);
          if (n > 0) throw dataCheckError(check, n);
        }
        for (const st of step.statements) {
          guard(st.sql);
          // raw SQL without parameters may hold several statements: the simple protocol
          if (step.op.kind === "execute" && !st.params?.length) await session.execScript(st.sql);
          else await session.exec(st.sql, st.params);
          backend.onStatement?.(st.sql);
        }
      }
      let after: Schema | null = before;
      for (const op of segment) after = op.kind === "execute" || after === null ? null : applyPgOperation(after, op);
      schema = after;
    },
    async execute(sql: string, params?: SqlParam[]) {
      guard(sql);
      if (params?.length) await session.exec(sql, params);
      else await session.execScript(sql);
      backend.onStatement?.(sql);
      schema = null;
    },
    query: <T>(sql: string, params?: SqlParam[]) => session.all<T>(sql, params),
    indexOwner: () => null,
    split: splitPgScript,
  };
  return backend;
}
