// The SQLite Session (dialect/dialect.ts) over a synchronous bun:sqlite Connection: every call
// answers at once, wrapped in a resolved promise; `conn` stays reachable for the dialect's own
// synchronous paths (the op backend, introspection).

import type { Row, Session } from "../dialect";
import type { SqlParam } from "../../ops/types";
import type { Connection } from "./sqlite-connection";

// the splitter (and its tokenizer) loads with the first script: `current` runs none
let splitter: typeof import("./sqlite-split") | undefined;
const splitSql = (sql: string) => (splitter ??= require("./sqlite-split") as typeof import("./sqlite-split")).splitSql(sql);

export class SqliteSession implements Session {
  readonly dialect = "sqlite" as const;
  constructor(readonly conn: Connection) {}

  get label(): string {
    return this.conn.path;
  }

  async exec(sql: string, params?: SqlParam[]): Promise<void> {
    this.conn.exec(sql, params);
  }

  async execScript(sql: string): Promise<void> {
    for (const st of splitSql(sql)) this.conn.exec(st.sql);
  }

  async all<T = Row>(sql: string, params?: SqlParam[]): Promise<T[]> {
    return this.conn.all<T>(sql, params);
  }

  async get<T = Row>(sql: string, params?: SqlParam[]): Promise<T | undefined> {
    return this.conn.get<T>(sql, params);
  }

  get inTransaction(): boolean {
    return this.conn.inTransaction;
  }

  async close(): Promise<void> {
    this.conn.close();
  }
}

/** The bun:sqlite connection behind a session of this dialect. */
export function connOf(session: Session): Connection {
  if (!(session instanceof SqliteSession)) throw new Error(`a ${session.dialect} session given to the SQLite dialect`);
  return session.conn;
}
