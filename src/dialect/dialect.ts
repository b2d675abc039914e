// The one neutral interface between migrator and a database (DESIGN.md §3). A pure half
// (capabilities, quoting, the model's types, comparison rules, DDL rendering) and an I/O half
// (sessions opened from a URL, the deploy lock, introspection, scratch databases, running a
// queue of operations). Only the composition root in api/ picks an implementation — from the
// URL scheme or the model's provider — and loads it lazily: SQLite never pays for PostgreSQL.

import type { Operation, SqlParam } from "../ops/types";
import type { Schema } from "../schema/types";
import type { ModelTarget, SchemaRules } from "../schema/target";

export type DialectName = "sqlite" | "postgresql";

export type Row = Record<string, unknown>;

export interface Capabilities {
  /** DDL takes part in transactions (both SQLite and PostgreSQL do) */
  transactionalDdl: boolean;
  /** many ALTERs need the table re-created (SQLite's 12 steps) */
  recreatesTables: boolean;
  /** bind parameters per statement */
  maxParams: number;
  /** after a failed statement the transaction accepts nothing but ROLLBACK (PostgreSQL's
   *  25P02): never "try a query and catch" inside a run */
  failedStatementAbortsTransaction: boolean;
  /** enums are types of their own */
  enumTypes: boolean;
  /** tables live in named schemas (`version_table_schema`) */
  schemas: boolean;
}

/** A connection. Async, because Bun.SQL is; SQLite answers at once inside. */
export interface Session {
  readonly dialect: DialectName;
  /** where it points, for messages: a path, or a URL with the password redacted */
  readonly label: string;
  /** one statement, with parameters in the dialect's placeholder style */
  exec(sql: string, params?: SqlParam[]): Promise<void>;
  /** several statements without parameters (a SQL migration's section) */
  execScript(sql: string): Promise<void>;
  all<T = Row>(sql: string, params?: SqlParam[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: SqlParam[]): Promise<T | undefined>;
  readonly inTransaction: boolean;
  close(): Promise<void>;
}

export interface DeployLock {
  /** what the lock is named after: the (schema-qualified) version table */
  name: string;
  /** how long to wait for another deploy, in ms (0: fail at once) */
  timeoutMs: number;
}

export interface IntrospectOptions {
  /** tables to leave out (the version and history tables), compared case-insensitively */
  exclude?: string[];
  /** read only these tables (and with `referrers`, the tables that reference them) */
  only?: string[];
  referrers?: boolean;
  skipViews?: boolean;
}

/** A database made for one task (autogenerate's replay, `migrator test`) and always dropped. */
export interface Scratch {
  session: Session;
  /** a URL or path that opens it again (for a second session) */
  location: string;
  drop(): Promise<void>;
}

export interface SegmentNeeds {
  names: string[];
  referrers: boolean;
  wereAbsent: ReadonlySet<string>;
}

export interface OpBackendOptions {
  onProgress?: (info: { table: string; copied: number; total: number }) => void;
  copyChunkRows?: number;
  /** SQLite: use ALTER COLUMN SET/DROP NOT NULL (default: when the library has it) */
  nativeAlterConstraints?: boolean;
}

/**
 * What the neutral op runner (ops/op-runner.ts) needs of a dialect to run queued operations.
 * Methods may answer synchronously (SQLite) or with a promise (PostgreSQL).
 */
export interface OpBackend {
  /** true: load() reads the whole schema (async), and the runner keeps it current by
   *  simulation; false/absent: load() reads the named tables on demand, synchronously */
  readonly snapshot?: boolean;
  /** set by the runner: called with every statement that changed the database, after it ran */
  onStatement?: (sql: string) => void;
  /** the definitions of these tables as they are now (absent ones left out) */
  load(names: string[], referrers: boolean): Schema | Promise<Schema>;
  /** the schema after `op`, or a UsageError that names what is wrong (a missing table ...) */
  simulate(schema: Schema, op: Operation): Schema;
  /** plan and run a segment of operations. `need`: the tables whose definitions planning needs
   *  (those known not to exist left out), whether it needs the tables that reference them, and
   *  the tables (lower-cased) known not to exist */
  run(ops: Operation[], need: SegmentNeeds): void | Promise<void>;
  /** one statement from migration code (op.execute) */
  execute(sql: string, params?: SqlParam[]): void | Promise<void>;
  query<T>(sql: string, params?: SqlParam[]): T[] | Promise<T[]>;
  /** the table an index belongs to, or null (synchronous backends only) */
  indexOwner(name: string): string | null | Promise<string | null>;
  /** a SQL script's statements, each with its 1-based line */
  split(script: string): { sql: string; line: number }[];
}

export interface ConnectOptions {
  /** SQLite: wait this long for another writer; PostgreSQL: connect timeout */
  busyTimeoutMs?: number;
  /** do not create a missing SQLite file */
  create?: boolean;
  readonly?: boolean;
  /** PostgreSQL: the search_path to set (default: the server's) */
  searchPath?: string | null;
  /** PostgreSQL: where PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE fill a URL's gaps */
  env?: Record<string, string | undefined>;
}

export interface Dialect {
  readonly name: DialectName;
  readonly caps: Capabilities;
  readonly target: ModelTarget;
  readonly rules: SchemaRules;
  quoteIdent(name: string): string;
  quoteString(value: string): string;
  /** a value as a SQL literal (offline `--sql` output) */
  literal(value: SqlParam): string;
  /** the i-th (1-based) bind parameter: `?` or `$1` */
  placeholder(i: number): string;
  /** a table name qualified by an optional schema */
  qualify(name: string, schema?: string | null): string;
  /** the DDL that creates a whole schema, in an order the database accepts */
  renderSchema(schema: Schema): string[];

  connect(location: string, opts?: ConnectOptions): Promise<Session>;
  /** a location with its secrets removed, for messages and `config` */
  redact(location: string): string;
  /** BEGIN the run's transaction holding the deploy lock (SQLite: BEGIN IMMEDIATE; PostgreSQL:
   *  BEGIN, lock_timeout, pg_advisory_xact_lock on a key derived from the lock's name) */
  beginLocked(session: Session, lock: DeployLock): Promise<void>;
  tableExists(session: Session, name: string, schema?: string | null): Promise<boolean>;
  introspect(session: Session, opts?: IntrospectOptions): Promise<Schema>;
  /** a scratch database next to `session`'s (SQLite: in memory) */
  scratch(session: Session | null, location: string): Promise<Scratch>;
  opBackend(session: Session, opts?: OpBackendOptions): OpBackend;

  /** before a run's first BEGIN (SQLite: foreign-key enforcement off, outside the transaction);
   *  `restore` puts things back after the last COMMIT or ROLLBACK */
  prepareRun(session: Session): Promise<{ restore(): Promise<void> }>;
  /**
   * The lock that keeps other deploys out while a `transactional = false` migration runs outside
   * the run's transaction (SQLite: a write lock on `<database>.migrator-lock`; PostgreSQL: a
   * session-level advisory lock on the deploy lock's key). Taken before beginLocked.
   */
  runLock(session: Session, location: string, lock: DeployLock): Promise<{ release(): Promise<void> }>;
  /** the version and history tables' DDL (names already qualified and quoted) */
  versionTablesDdl(versionTable: string, historyTable: string): string[];
  /** a copy of the database before a run (SQLite: VACUUM INTO), or null when there is nothing
   *  to keep; a dialect without backups throws a UsageError that says what to use instead */
  backup(session: Session, location: string, stamp: string): Promise<string | null>;
  /** what offline SQL output puts around the statements of a run (BEGIN; ... COMMIT;) */
  offlineWrap(): { before: string[]; after: string[] };
  /** this statement cannot run inside a transaction block (CREATE INDEX CONCURRENTLY ...) */
  isNonTransactional(sql: string): boolean;
}
