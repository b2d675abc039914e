// A Session (dialect.ts) over ONE dedicated PostgreSQL connection of Bun.SQL: a pool of at most
// one, from which the connection is reserved, so that BEGIN, SET and the advisory lock all land
// on the same server process and a dropped connection is an error, never a silent reconnect.

import { SQL } from "bun";
import type { ConnectOptions, Row, Session } from "../dialect";
import type { SqlParam } from "../../ops/types";
import { DatabaseError } from "../../errors";
import { formatPgUrl, parsePgUrl, type Env, type PgConnectionInfo } from "./pg-url";
import { isConnectionFailure, sqlState, translatePgError, type PgErrorContext } from "./pg-errors";
import { inTransactionAfter, scanStatements } from "./pg-tx-scan";
import { quoteIdent } from "./pg-quote";

export interface PgSessionOptions extends ConnectOptions {
  /** fills what the URL leaves out from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, ... */
  env?: Env;
  /** shown in pg_stat_activity (default "migrator", or the URL's application_name) */
  applicationName?: string;
}

/** seconds Bun waits for the connection when neither the caller nor the URL says */
const DEFAULT_CONNECT_TIMEOUT_S = 10;

type Reserved = Awaited<ReturnType<SQL["reserve"]>>;

/**
 * One PostgreSQL connection behind the neutral Session.
 *
 * Values come back as Bun.SQL decodes them: int2/int4/float4/float8 as numbers, **int8
 * (bigint, `count(*)`) and numeric as strings** (exact digits, never rounded through a
 * double; cast in SQL, e.g. `count(*)::int`, where a number is wanted), bool as boolean, bytea
 * as a Buffer (a Uint8Array), json/jsonb parsed, timestamps as Date, arrays as arrays.
 *
 * @example
 * const s = await PgSession.open("postgres://app@db:5432/shop?schema=sales");
 * const rows = await s.all<{ n: number }>("SELECT count(*)::int AS n FROM \"User\" WHERE age > $1", [18]);
 * await s.close();
 */
export class PgSession implements Session {
  readonly dialect = "postgresql" as const;
  /** the normalised URL with the password replaced by *** */
  readonly label: string;
  readonly info: PgConnectionInfo;
  #pool: SQL;
  #conn: Reserved;
  #ctx: PgErrorContext;
  #inTx = false;
  #failed = false;
  #closed = false;

  private constructor(pool: SQL, conn: Reserved, url: string, info: PgConnectionInfo) {
    this.#pool = pool;
    this.#conn = conn;
    this.info = info;
    this.label = formatPgUrl(info, { redact: true });
    this.#ctx = { url, info };
  }

  /** Connect to `url` (postgres:// or postgresql://); a DatabaseError names what went wrong. */
  static async open(url: string, opts: PgSessionOptions = {}): Promise<PgSession> {
    const info = parsePgUrl(url, opts.env);
    const pool = new SQL(bunOptions(info, opts));
    try {
      const conn = await pool.reserve();
      return new PgSession(pool, conn, url, info);
    } catch (e) {
      await pool.close().catch(() => {});
      throw translatePgError(e, { url, info }, "connect");
    }
  }

  /** inside a transaction block (BEGIN ... COMMIT/ROLLBACK), healthy or aborted */
  get inTransaction(): boolean {
    return this.#inTx;
  }

  /** inside a transaction block that an error aborted: only ROLLBACK runs now (SQLSTATE 25P02) */
  get transactionFailed(): boolean {
    return this.#failed;
  }

  async exec(sql: string, params?: SqlParam[]): Promise<void> {
    await this.#run(sql, params, false);
  }

  /** Several statements, no parameters: sent as one simple-protocol query (protocol-flow.html §55.2.2). */
  async execScript(sql: string): Promise<void> {
    if (scanStatements(sql).length === 0) return; // only comments: the server would answer EmptyQuery
    await this.#run(sql, undefined, true);
  }

  async all<T = Row>(sql: string, params?: SqlParam[]): Promise<T[]> {
    return (await this.#run(sql, params, false)) as T[];
  }

  async get<T = Row>(sql: string, params?: SqlParam[]): Promise<T | undefined> {
    const rows = (await this.#run(sql, params, false)) as T[];
    return rows[0];
  }

  /** Release the connection; an open transaction is rolled back by the server. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#inTx = false;
    try {
      this.#conn.release();
    } catch {
      // already gone with its socket
    }
    await this.#pool.close().catch(() => {});
  }

  async #run(sql: string, params: SqlParam[] | undefined, simple: boolean): Promise<unknown[]> {
    if (this.#closed) {
      throw new DatabaseError("pg_session_closed", `the PostgreSQL session ${this.label} is closed`, { statement: sql });
    }
    try {
      const q = this.#conn.unsafe(sql, params && params.length ? (params as unknown[]) : undefined);
      const rows = (await (simple ? q.simple() : q)) as unknown[];
      this.#inTx = inTransactionAfter(sql, this.#inTx);
      this.#failed = false; // even in an aborted block, only ROLLBACK [TO SAVEPOINT] succeeds
      return rows;
    } catch (e) {
      await this.#settleAfterError(e);
      throw translatePgError(e, { ...this.#ctx, statement: sql }, "query");
    }
  }

  /**
   * Where a failed statement left the transaction: a script may have opened or closed blocks
   * before its failing statement, and a failing COMMIT ends the block. Ask the server once
   * instead of guessing: SAVEPOINT answers 25P01 outside a block and 25P02 in an aborted one.
   */
  async #settleAfterError(e: unknown): Promise<void> {
    if (isConnectionFailure(e)) {
      this.#inTx = false;
      this.#failed = false;
      return;
    }
    try {
      await this.#conn.unsafe("SAVEPOINT migrator_probe");
      await this.#conn.unsafe("RELEASE SAVEPOINT migrator_probe");
      this.#inTx = true;
      this.#failed = false;
    } catch (probe) {
      const state = sqlState(probe);
      this.#inTx = state === "25P02";
      this.#failed = state === "25P02";
    }
  }
}

/** Bun.SQL's options for one connection to `info` (libpq's sslmode mapped onto `tls`). */
function bunOptions(info: PgConnectionInfo, opts: PgSessionOptions): ConstructorParameters<typeof SQL>[0] {
  const connection: Record<string, string> = {
    application_name: opts.applicationName ?? info.applicationName ?? "migrator",
  };
  const searchPath = opts.searchPath !== undefined ? opts.searchPath : info.schema === null ? null : quoteIdent(info.schema);
  if (searchPath) connection.search_path = searchPath;
  if (info.options) connection.options = info.options;
  const timeoutS = opts.busyTimeoutMs !== undefined ? Math.max(1, Math.ceil(opts.busyTimeoutMs / 1000))
    : info.connectTimeoutS ?? DEFAULT_CONNECT_TIMEOUT_S;
  // Bun has no "try TLS, fall back to plain" (libpq's allow/prefer): those mean plain here;
  // require encrypts without checking the certificate, verify-* check it (libpq-ssl.html)
  const tls = info.sslmode === "require" ? { rejectUnauthorized: false }
    : info.sslmode === "verify-ca" || info.sslmode === "verify-full" ? true : false;
  const where = info.host.startsWith("/")
    ? { path: `${info.host.replace(/\/$/, "")}/.s.PGSQL.${info.port}` }
    : { hostname: info.host, port: info.port };
  return {
    adapter: "postgres",
    ...where,
    username: info.user,
    ...(info.password !== null ? { password: info.password } : {}),
    database: info.database,
    max: 1,
    idleTimeout: 0,
    maxLifetime: 0,
    connectionTimeout: timeoutS,
    // unnamed statements: nothing left prepared on the server, and poolers in transaction mode work
    prepare: false,
    tls,
    connection,
  } as ConstructorParameters<typeof SQL>[0];
}
