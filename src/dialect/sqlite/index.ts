// The SQLite dialect (dialect/dialect.ts): bun:sqlite sessions, BEGIN IMMEDIATE as the deploy
// lock, PRAGMA introspection, table re-creation where ALTER TABLE can't, type affinity rules.

import type { Dialect, Session } from "../dialect";
import type { ModelTarget, SchemaRules } from "../../schema/target";
import { pathExists } from "../../sys/files";
import { Connection } from "./sqlite-connection";
import { quoteIdent, quoteString, sqlLiteral } from "./sqlite-quote";
import { connOf, SqliteSession } from "./sqlite-session";

// The parts a command may not need load at first use (each its own chunk of the binary):
// `current` reads the version table and needs none of them.
type Lazy<T> = () => T;
function lazy<T>(load: () => T): Lazy<T> {
  let v: T | undefined;
  return () => (v ??= load());
}
const introspectMod = lazy(() => require("./sqlite-introspect") as typeof import("./sqlite-introspect"));
const ddlMod = lazy(() => require("./sqlite-ddl") as typeof import("./sqlite-ddl"));
const backendMod = lazy(() => require("./sqlite-op-backend") as typeof import("./sqlite-op-backend"));
const targetMod = lazy(() => require("./sqlite-target") as typeof import("./sqlite-target"));
const foreignKeysMod = lazy(() => require("./sqlite-foreign-keys") as typeof import("./sqlite-foreign-keys"));
const rules = lazy((): SchemaRules => {
  const a = require("./sqlite-affinity") as typeof import("./sqlite-affinity");
  const ddl = ddlMod();
  return {
    quoteIdent,
    renderColumnSql: ddl.renderColumn,
    renderCreateTableSql: (t) => ddl.renderCreateTable(t),
    tokenizeExpr: a.tokenizeExpr,
    typesEquivalent: a.typesEquivalent,
    defaultsEquivalent: a.defaultsEquivalent,
    isNullDefault: a.isNullDefault,
    normalizeExpr: a.normalizeExpr,
    normalizeType: a.normalizeType,
    isNarrowing: a.isNarrowing,
  };
});

/** `sqlite:path`, `sqlite://path` and `file:path` name a file like a plain path does. */
export function sqlitePath(location: string): string {
  // prefix tests, not a regular expression: this runs on every command's start-up path. A
  // location across lines is left as written (as `.` in the old pattern, /^(?:sqlite:(?:\/\/)?|file:)(.*)$/i, did).
  if (location.includes("\n") || location.includes("\r") || location.includes("\u2028") || location.includes("\u2029")) return location;
  const head = location.slice(0, 9).toLowerCase();
  if (head.startsWith("sqlite://")) return location.slice(9);
  if (head.startsWith("sqlite:")) return location.slice(7);
  if (head.startsWith("file:")) return location.slice(5);
  return location;
}

function open(path: string, busyTimeoutMs: number | undefined, create: boolean): Connection {
  return Connection.open(path, { busyTimeoutMs, create });
}

export const sqliteDialect: Dialect = {
  name: "sqlite",
  caps: {
    transactionalDdl: true,
    recreatesTables: true,
    maxParams: 999,
    failedStatementAbortsTransaction: false,
    enumTypes: false,
    schemas: false,
  },
  get target(): ModelTarget {
    return targetMod().sqliteTarget;
  },
  get rules(): SchemaRules {
    return rules();
  },
  quoteIdent,
  quoteString,
  literal: sqlLiteral,
  placeholder: () => "?",
  qualify: (name) => quoteIdent(name),
  renderSchema: (schema) => ddlMod().renderSchema(schema),

  async connect(location, opts = {}) {
    return new SqliteSession(open(sqlitePath(location), opts.busyTimeoutMs, opts.create ?? true));
  },
  redact: (location) => location,
  async beginLocked(session) {
    await session.exec("BEGIN IMMEDIATE");
  },
  async tableExists(session, name) {
    return !!(await session.get(`SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?`, [name]));
  },
  async introspect(session, opts) {
    return introspectMod().introspect(connOf(session), opts);
  },
  async scratch() {
    const session = new SqliteSession(Connection.open(":memory:"));
    return { session, location: ":memory:", drop: () => session.close() };
  },
  opBackend: (session, opts) => backendMod().sqliteOpBackend(connOf(session), opts),

  async prepareRun(session) {
    const fk = foreignKeysMod().prepareForeignKeys(connOf(session)); // must happen outside a transaction to have any effect
    return { restore: async () => fk.restore() };
  },
  async runLock(session, location, lock) {
    // a second file next to the database: its write lock serialises runs that contain a
    // `transactional = false` step (such a step runs without the database's own lock). The OS
    // drops it if we die; an in-memory database needs none.
    const path = sqlitePath(location);
    void session;
    const conn = Connection.open(path === ":memory:" ? ":memory:" : `${path}.migrator-lock`, { busyTimeoutMs: lock.timeoutMs });
    conn.exec("BEGIN IMMEDIATE");
    return {
      async release() {
        try {
          conn.exec("ROLLBACK");
        } finally {
          conn.close();
        }
      },
    };
  },
  versionTablesDdl: (version, history) => [
    `CREATE TABLE IF NOT EXISTS ${version} (version_num TEXT NOT NULL PRIMARY KEY)`,
    `CREATE TABLE IF NOT EXISTS ${history} (` +
      `id INTEGER PRIMARY KEY AUTOINCREMENT, revision TEXT NOT NULL, direction TEXT NOT NULL, ` +
      `checksum TEXT, started_at TEXT NOT NULL, finished_at TEXT NOT NULL, duration_ms REAL NOT NULL)`,
  ],
  async backup(session, location, stamp) {
    const db = sqlitePath(location);
    // nothing to keep in a database that has no tables yet (a new or just-created file)
    if (db === ":memory:" || !pathExists(db)) return null;
    if (!(await session.get("SELECT 1 AS x FROM sqlite_master LIMIT 1"))) return null;
    let target = `${db}.${stamp}.bak`;
    for (let n = 1; pathExists(target); n++) target = `${db}.${stamp}-${n}.bak`;
    await session.exec(`VACUUM INTO ${quoteString(target)}`);
    return target;
  },
  isNonTransactional: () => false,
  // as the online run does: foreign keys off outside the transaction, so table re-creation
  // cannot cascade; checked before commit
  offlineWrap: () => ({ before: ["PRAGMA foreign_keys = OFF;", "BEGIN;"], after: ["PRAGMA foreign_key_check;", "COMMIT;"] }),
};

export { SqliteSession, connOf };
export type { Session };
