// The PostgreSQL dialect (dialect/dialect.ts, DESIGN.md §7): Bun.SQL sessions, one transaction
// a run with the deploy lock as pg_advisory_xact_lock, pg_catalog introspection, native ALTER,
// enums as types, scratch databases on the same server. Loaded only when a location or a model
// names PostgreSQL (api/dialects.ts).

import type { Dialect } from "../dialect";
import { UsageError } from "../../errors";
import { advisoryKey, beginLocked, tableExists } from "./pg-lock";
import { introspectPg } from "./pg-introspect";
import { isNonTransactional } from "./pg-planner";
import { pgOpBackend } from "./pg-op-backend";
import { literal, quoteIdent, quoteString } from "./pg-quote";
import { renderColumnDef, renderCreateTable, renderSchema } from "./pg-ddl";
import { tokenizeExpr } from "../sqlite/sqlite-affinity";
import { pgRules } from "./pg-rules";
import { createScratch } from "./pg-scratch";
import { PgSession } from "./pg-session";
import { pgTarget } from "./pg-target";
import { redactUrl } from "./pg-url";

export const postgresDialect: Dialect = {
  name: "postgresql",
  caps: {
    transactionalDdl: true,
    recreatesTables: false,
    maxParams: 65535,
    failedStatementAbortsTransaction: true,
    enumTypes: true,
    schemas: true,
  },
  target: pgTarget,
  rules: {
    ...pgRules,
    quoteIdent,
    renderColumnSql: (col) => renderColumnDef(col),
    renderCreateTableSql: renderCreateTable,
    // CHECK bodies read the same way on both (quotes, words, numbers; `::` casts as punctuation)
    tokenizeExpr,
  },
  quoteIdent,
  quoteString,
  literal,
  placeholder: (i) => `$${i}`,
  qualify: (name, schema) => (schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name)),
  renderSchema,

  connect: (location, opts) => PgSession.open(location, opts),
  redact: redactUrl,
  beginLocked,
  tableExists,
  // a URL's `?schema=` is the session's search_path (pg-session.ts): introspection reads the
  // current schema
  introspect: (session, opts) => introspectPg(session, opts),
  scratch: (_session, location) => createScratch(location),
  opBackend: (session) => pgOpBackend(session),

  async prepareRun() {
    return { restore: async () => {} };
  },
  async runLock(session, _location, lock) {
    // a session-level advisory lock on the deploy lock's key: held across the commits a run
    // with a `transactional = false` migration makes; the transaction-level lock each
    // transaction takes on the same key is granted to the session that holds this one
    const key = advisoryKey(lock.name).toString();
    await beginLocked(session, lock); // waits as a deploy does, with the same timeout
    await session.exec(`SELECT pg_advisory_lock('${key}'::bigint)`);
    await session.exec("COMMIT");
    return {
      async release() {
        await session.exec(`SELECT pg_advisory_unlock('${key}'::bigint)`);
      },
    };
  },
  versionTablesDdl: (version, history) => [
    `CREATE TABLE IF NOT EXISTS ${version} (version_num VARCHAR(255) NOT NULL PRIMARY KEY)`,
    `CREATE TABLE IF NOT EXISTS ${history} (` +
      `id BIGSERIAL PRIMARY KEY, revision TEXT NOT NULL, direction TEXT NOT NULL, ` +
      `checksum TEXT, started_at TEXT NOT NULL, finished_at TEXT NOT NULL, duration_ms DOUBLE PRECISION NOT NULL)`,
  ],
  async backup() {
    throw new UsageError("backup_unsupported", "--backup copies SQLite files; it does not back up a PostgreSQL database", {
      hint: "take a backup with pg_dump (or your provider's snapshots) before the deploy, and leave backup off",
    });
  },
  isNonTransactional,
  offlineWrap: () => ({ before: ["BEGIN;"], after: ["COMMIT;"] }),
};
