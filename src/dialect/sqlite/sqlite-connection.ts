// The one file that imports bun:sqlite (STYLE.md habit 6). A thin connection wrapper: opening
// with a busy timeout, refusing files that are not SQLite databases with a clear error, and
// translating driver errors into DatabaseError values.

import { Database } from "bun:sqlite";
import { DatabaseError } from "../../errors";
import { fs, readFileHead } from "../../sys/files";
import { dirname } from "../../sys/paths";
import type { SqlParam } from "../../ops/types";

export type Row = Record<string, unknown>;

export interface OpenOptions {
  /** milliseconds to wait for a lock held by another process */
  busyTimeoutMs?: number;
  readonly?: boolean;
  /** create the file if it does not exist (default true) */
  create?: boolean;
}

const SQLITE_HEADER = "SQLite format 3\0";

/** Reject a file that exists and is not a SQLite database before the driver does something odd;
 *  false when there is no file (yet). */
function assertSqliteFile(path: string): boolean {
  if (path === ":memory:" || path === "") return true;
  let head: Uint8Array;
  try {
    head = readFileHead(path, 16);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return false; // a new database (or SQLite's own error)
    if (code === "EISDIR") throw new DatabaseError("db_not_a_file", `${path}: is a directory, not a SQLite database file`);
    throw new DatabaseError("db_unreadable", `${path}: cannot read database file (${(e as Error).message})`, { cause: e });
  }
  if (head.length === 0) return true; // an empty file is a valid, empty database
  let text = "";
  for (const b of head) text += String.fromCharCode(b);
  if (text !== SQLITE_HEADER) {
    throw new DatabaseError("db_not_sqlite", `${path}: file is not a SQLite database`, {
      hint: "check the `database` setting in migrator.toml, MIGRATOR_DATABASE or --db",
    });
  }
  return true;
}

/** A new database file's folder, made if missing. */
function ensureFolder(path: string): void {
  const folder = dirname(path);
  try {
    fs().mkdirSync(folder, { recursive: true });
  } catch (e) {
    throw new DatabaseError("db_open_failed", `${path}: cannot create the database's folder ${folder} (${(e as Error).message})`, {
      cause: e,
      hint: "check the `database` setting in migrator.toml, MIGRATOR_DATABASE or --db",
    });
  }
}

export class Connection {
  readonly path: string;
  readonly db: Database;

  private constructor(path: string, db: Database) {
    this.path = path;
    this.db = db;
  }

  static open(path: string, opts: OpenOptions = {}): Connection {
    const exists = assertSqliteFile(path);
    // a new database may need its folder; the header check above told whether it exists
    if (!exists && (opts.create ?? true) && !opts.readonly) ensureFolder(path);
    let db: Database;
    try {
      db = new Database(path, opts.readonly ? { readonly: true } : { create: opts.create ?? true, readwrite: true });
    } catch (e) {
      throw new DatabaseError("db_open_failed", `${path}: cannot open database (${(e as Error).message})`, {
        cause: e,
        hint: "check that the file and its folder exist and are readable and writable",
      });
    }
    const conn = new Connection(path, db);
    try {
      db.run(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 30000))}`);
    } catch (e) {
      db.close();
      throw conn.wrap(e, "PRAGMA busy_timeout");
    }
    return conn;
  }

  /** Run one or more statements without parameters, or one statement with parameters. */
  exec(sql: string, params?: SqlParam[]): void {
    try {
      if (params && params.length) this.db.query(sql).run(...(params as never[]));
      else this.db.run(sql);
    } catch (e) {
      throw this.wrap(e, sql);
    }
  }

  all<T = Row>(sql: string, params: SqlParam[] = []): T[] {
    try {
      return this.db.query(sql).all(...(params as never[])) as T[];
    } catch (e) {
      throw this.wrap(e, sql);
    }
  }

  get<T = Row>(sql: string, params: SqlParam[] = []): T | undefined {
    try {
      return (this.db.query(sql).get(...(params as never[])) ?? undefined) as T | undefined;
    } catch (e) {
      throw this.wrap(e, sql);
    }
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  close(): void {
    this.db.close();
  }

  /** Turn a driver error into a DatabaseError that carries the failing statement. */
  wrap(e: unknown, sql: string): DatabaseError {
    if (e instanceof DatabaseError) return e;
    const err = e as { message?: string; code?: string };
    const msg = err?.message ?? String(e);
    const code = err?.code ?? "";
    if (code.startsWith("SQLITE_BUSY") || /database is locked/i.test(msg)) {
      return new DatabaseError("db_locked", `${this.path}: database is locked by another process (${msg})`, {
        cause: e,
        statement: sql,
        hint: "another migrator or application holds a write lock; raise busy_timeout_ms or retry",
      });
    }
    if (code === "SQLITE_NOTADB" || /not a database/i.test(msg)) {
      return new DatabaseError("db_not_sqlite", `${this.path}: file is not a SQLite database`, { cause: e, statement: sql });
    }
    return new DatabaseError("sql_error", msg, { cause: e, statement: sql });
  }
}

/** SQLite library version compiled into this runtime. */
export function sqliteVersion(): string {
  const db = new Database(":memory:");
  try {
    return (db.query("select sqlite_version() as v").get() as { v: string }).v;
  } finally {
    db.close();
  }
}
