// An op runner over a SQLite connection, as the engine builds one (the neutral runner over the
// SQLite dialect's backend), with the options the op tests set.

import type { Connection } from "../../src/dialect/sqlite/sqlite-connection";
import { sqliteOpBackend } from "../../src/dialect/sqlite/sqlite-op-backend";
import { createOpRunner, type OpRunner } from "../../src/ops/op-runner";

export function sqliteRunner(
  conn: Connection,
  opts: {
    onStatement?: (sql: string) => void;
    onProgress?: (info: { table: string; copied: number; total: number }) => void;
    copyChunkRows?: number;
    nativeAlterConstraints?: boolean;
    record?: boolean;
  } = {},
): OpRunner {
  const { onStatement, record, ...backend } = opts;
  return createOpRunner(sqliteOpBackend(conn, backend), { onStatement, record });
}
