// Shared helpers for dialect and ops tests: fresh databases and a full dump to compare states.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Connection } from "../../src/dialect/sqlite/sqlite-connection";

export function memory(sql?: string): Connection {
  const c = Connection.open(":memory:");
  if (sql) c.exec(sql);
  return c;
}

/** A database file in a fresh temp folder; `cleanup()` closes and removes it. */
export function tempFile(sql?: string): { conn: Connection; path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "migrator-test-"));
  const path = join(dir, "test.db");
  const conn = Connection.open(path);
  if (sql) conn.exec(sql);
  return { conn, path, cleanup: () => { conn.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** Every schema object and every row of every table, as one comparable value. */
export function dump(conn: Connection): unknown {
  const master = conn.all<{ type: string; name: string; tbl_name: string; sql: string | null }>(
    "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");
  const rows: Record<string, unknown[]> = {};
  for (const m of master) {
    if (m.type !== "table") continue;
    rows[m.name] = conn.all(`SELECT rowid AS __rowid, * FROM "${m.name.replace(/"/g, '""')}" ORDER BY rowid`);
  }
  return { master, rows };
}
