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

export interface OpBackendOptions {
  onStatement?: (sql: string) => void;
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
  /** the definitions of these tables as they are now (absent ones left out) */
  load(names: string[], referrers: boolean): Schema | Promise<Schema>;
  /** the schema after `op`, or a UsageError that names what is wrong (a missing table ...) */
  simulate(schema: Schema, op: Operation): Schema;
  /** plan and run a segment of operations; `wereAbsent`: tables known not to exist */
  run(ops: Operation[], wereAbsent: ReadonlySet<string>): void | Promise<void>;
  /** one statement from migration code (op.execute) */
  execute(sql: string, params?: SqlParam[]): void | Promise<void>;
  query<T>(sql: string, params?: SqlParam[]): T[] | Promise<T[]>;
  /** the table an index belongs to, or null */
  indexOwner(name: string): string | null | Promise<string | null>;
}

export interface ConnectOptions {
  /** SQLite: wait this long for another writer; PostgreSQL: connect timeout */
  busyTimeoutMs?: number;
  /** do not create a missing SQLite file */
  create?: boolean;
  readonly?: boolean;
  /** PostgreSQL: the search_path to set (default: the server's) */
  searchPath?: string | null;
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
}
