// Bun.SQL's PostgresError → DatabaseError (src/errors.ts): one line that says where and what,
// a hint that says how to fix it, the password never shown. SQLSTATE classes from
// postgresql.org/docs/current/errcodes-appendix.html; Bun puts the SQLSTATE in `errno` and its
// own ERR_POSTGRES_* name in `code`.

import { DatabaseError } from "../../errors";
import { hostPort, redactText, type PgConnectionInfo } from "./pg-url";
import { lineColumn } from "./pg-tx-scan";

export interface PgErrorContext {
  /** the URL the session was opened with (only to redact its password out of texts) */
  url: string;
  info: PgConnectionInfo;
  /** the statement that failed, if a statement did */
  statement?: string;
}

interface BunPgError {
  message?: string;
  code?: string;
  errno?: string;
  position?: string;
  detail?: string;
  hint?: string;
  table?: string;
  column?: string;
  constraint?: string;
  schema?: string;
}

/** The SQLSTATE of an error from Bun.SQL, or null (a connection-level failure has none). */
export function sqlState(e: unknown): string | null {
  const errno = (e as BunPgError | null)?.errno;
  return typeof errno === "string" && /^[0-9A-Z]{5}$/.test(errno) ? errno : null;
}

/** Whether `e` says the server could not be reached or the socket went away. */
export function isConnectionFailure(e: unknown): boolean {
  const code = (e as BunPgError | null)?.code ?? "";
  const state = sqlState(e);
  return (state === null && /^ERR_POSTGRES_(CONNECTION|IDLE|LIFETIME|TLS|UNSUPPORTED_AUTH)/.test(code)) ||
    (state !== null && (state.startsWith("08") || state === "57P01" || state === "57P02" || state === "57P03"));
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

function excerpt(s: string, max = 100): string {
  const t = oneLine(s);
  return t.length > max ? t.slice(0, max - 3) + "..." : t;
}

/** Turn anything Bun.SQL threw into a DatabaseError; `phase` tells a failed connect from a failed statement. */
export function translatePgError(e: unknown, ctx: PgErrorContext, phase: "connect" | "query"): DatabaseError {
  if (e instanceof DatabaseError) return e;
  const err = (e ?? {}) as BunPgError;
  const red = (s: string) => redactText(s, ctx.url);
  const where = hostPort(ctx.info);
  const serverMsg = red(oneLine(err.message ?? String(e)));
  const state = sqlState(e);
  const { user, database } = ctx.info;
  const data: Record<string, unknown> = { sqlstate: state, bunCode: err.code ?? null };

  if (state === null && phase === "connect") {
    const reason = err.code === "ERR_POSTGRES_CONNECTION_REFUSED" ? "connection refused or host not found"
      : err.code === "ERR_POSTGRES_CONNECTION_TIMEOUT" ? "no answer in time" : serverMsg.toLowerCase();
    return new DatabaseError("pg_unreachable", `cannot connect to PostgreSQL at ${where} (${reason})`, {
      hint: `is the server running and reachable? check the host and port of the database URL (${red(ctx.url)})`,
      cause: e, data,
    });
  }
  if (state === "28P01") {
    return new DatabaseError("pg_auth_failed", `password authentication failed for user "${user}" on PostgreSQL at ${where}`, {
      hint: "check the user and password in the database URL (or PGUSER / PGPASSWORD)", cause: e, data,
    });
  }
  if (state === "28000") {
    const hba = /pg_hba\.conf/.test(serverMsg);
    return new DatabaseError("pg_auth_failed", `PostgreSQL at ${where} refused user "${user}": ${serverMsg}`, {
      hint: hba
        ? "the server's pg_hba.conf has no entry for this client, user and database: ask its administrator to allow it"
        : `check the user name in the database URL, or create the role: createuser -h ${ctx.info.host} -p ${ctx.info.port} ${user}`,
      cause: e, data,
    });
  }
  if (state === "3D000" && phase === "connect") {
    return new DatabaseError("pg_no_database", `database "${database}" does not exist on PostgreSQL at ${where}`, {
      hint: `create it: createdb -h ${ctx.info.host} -p ${ctx.info.port} -U ${user} ${database} (or CREATE DATABASE "${database.replaceAll('"', '""')}";)`,
      cause: e, data,
    });
  }
  if (isConnectionFailure(e)) {
    return new DatabaseError("pg_connection_lost", `the connection to PostgreSQL at ${where} was lost: ${serverMsg}`, {
      hint: "the server closed the connection (restart, crash, or an administrator ended it); whatever was in the open transaction was rolled back: run the command again",
      cause: e, data, statement: ctx.statement,
    });
  }

  // a failing statement: the server's message, its SQLSTATE, where in the statement
  const stmt = ctx.statement;
  let at = "";
  let shown = stmt === undefined ? "" : excerpt(stmt);
  const pos = err.position === undefined ? NaN : Number(err.position);
  if (stmt !== undefined && Number.isInteger(pos) && pos > 0) {
    const lc = lineColumn(stmt, pos);
    data.line = lc.line;
    data.column = lc.column;
    at = `, line ${lc.line}:${lc.column}`;
    shown = excerpt(stmt.split("\n")[lc.line - 1] ?? stmt);
  }
  for (const k of ["detail", "hint", "table", "column", "constraint", "schema"] as const) {
    if (err[k]) data[k] = red(err[k]!);
  }
  const serverHint = [err.detail, err.hint].filter(Boolean).map((s) => red(oneLine(s!))).join("; ");
  const tail = shown ? `: ${red(shown)}` : "";
  if (state === "55P03") {
    return new DatabaseError("lock_timeout", `lock timeout: ${serverMsg}${tail}`, {
      hint: "another session holds a lock this statement needs: retry when it is done, or raise lock_timeout",
      cause: e, data, statement: stmt,
    });
  }
  if (state === "25P02") {
    return new DatabaseError("pg_transaction_aborted", `the transaction was aborted by an earlier failed statement; nothing runs until ROLLBACK${tail}`, {
      hint: "the first error of this transaction is the one to fix; never continue after a failed statement (check first, or use a SAVEPOINT)",
      cause: e, data, statement: stmt,
    });
  }
  return new DatabaseError("pg_statement_failed", `${serverMsg} (SQLSTATE ${state ?? "unknown"}${at})${tail}`, {
    hint: serverHint || undefined, cause: e, data, statement: stmt,
  });
}
