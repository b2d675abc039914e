// The version table (one row per current head, Alembic's semantics so branches work) and the
// history table (every applied step with the file's checksum) — DESIGN.md §4.

import type { Connection } from "../dialect/sqlite/sqlite-connection";
import { quoteIdent as q } from "../dialect/sqlite/sqlite-quote";

/** The checksum the history table records for a migration file (sha256 of its bytes). */
export function checksumOf(text: string | Uint8Array): string {
  // the one-shot form: about 3x faster than a CryptoHasher per file over 1,000 files
  return Bun.SHA256.hash(text, "hex") as string;
}

/** History rows per INSERT: 6 parameters a row stays under 999, the smallest limit SQLite
 *  builds have had (SQLITE_MAX_VARIABLE_NUMBER before 3.32). */
const HISTORY_BATCH = 150;
let fullBatchMarks = "";
function rowMarks(n: number): string {
  const make = (k: number) => Array.from({ length: k }, () => "(?, ?, ?, ?, ?, ?)").join(", ");
  if (n !== HISTORY_BATCH) return make(n);
  return (fullBatchMarks ||= make(n));
}

export interface HistoryEntry {
  id: number;
  revision: string;
  direction: "up" | "down" | "stamp";
  checksum: string | null;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}

export class VersionStore {
  constructor(
    private readonly conn: Connection,
    readonly versionTable: string,
    readonly historyTable: string,
  ) {}

  exists(): boolean {
    return !!this.conn.get(`SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?`, [this.versionTable]);
  }

  /** Create both tables if missing. Must run inside the caller's transaction. */
  ensure(): void {
    this.conn.exec(`CREATE TABLE IF NOT EXISTS ${q(this.versionTable)} (version_num TEXT NOT NULL PRIMARY KEY)`);
    this.conn.exec(
      `CREATE TABLE IF NOT EXISTS ${q(this.historyTable)} (` +
        `id INTEGER PRIMARY KEY AUTOINCREMENT, revision TEXT NOT NULL, direction TEXT NOT NULL, ` +
        `checksum TEXT, started_at TEXT NOT NULL, finished_at TEXT NOT NULL, duration_ms REAL NOT NULL)`,
    );
  }

  /** Current heads, sorted; empty when the table does not exist yet. */
  heads(): string[] {
    // query first and look for the table only when that fails: one statement on the usual path
    const read = () => {
      const heads: string[] = [];
      for (const r of this.conn.all<{ version_num: string }>(`SELECT version_num FROM ${q(this.versionTable)} ORDER BY version_num`)) heads.push(r.version_num);
      return heads;
    };
    try {
      return read();
    } catch {
      // missing: nothing applied; present now: another process created it meanwhile, read again
      return this.exists() ? read() : [];
    }
  }

  applyDelta(remove: string[], add: string[]): void {
    for (const r of remove) this.conn.exec(`DELETE FROM ${q(this.versionTable)} WHERE version_num = ?`, [r]);
    for (const a of add) this.conn.exec(`INSERT OR IGNORE INTO ${q(this.versionTable)} (version_num) VALUES (?)`, [a]);
  }

  record(entry: Omit<HistoryEntry, "id">): void {
    this.recordMany([entry]);
  }

  /** Insert several history rows in order, up to HISTORY_BATCH rows per statement (a long run
   *  records hundreds): 1,000 rows take ~1.2 ms this way, ~2.1 ms as one json_each statement
   *  and ~1.6 ms one prepared INSERT at a time. Full batches share one prepared statement. */
  recordMany(entries: Omit<HistoryEntry, "id">[]): void {
    for (let k = 0; k < entries.length; k += HISTORY_BATCH) {
      const part = entries.slice(k, k + HISTORY_BATCH);
      const params: (string | number | null)[] = [];
      for (const e of part) params.push(e.revision, e.direction, e.checksum, e.startedAt, e.finishedAt, e.durationMs);
      this.conn.exec(
        `INSERT INTO ${q(this.historyTable)} (revision, direction, checksum, started_at, finished_at, duration_ms) VALUES ` +
          rowMarks(part.length),
        params,
      );
    }
  }

  history(): HistoryEntry[] {
    const read = () => this.conn.all<Record<string, unknown>>(`SELECT * FROM ${q(this.historyTable)} ORDER BY id`);
    let rows: Record<string, unknown>[];
    try {
      rows = read();
    } catch {
      // as in heads(): missing means no history; created meanwhile by another process, read again
      if (!this.conn.get(`SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?`, [this.historyTable])) return [];
      rows = read();
    }
    const out: HistoryEntry[] = [];
    for (const r of rows) {
      out.push({
        id: Number(r.id),
        revision: String(r.revision),
        direction: r.direction as HistoryEntry["direction"],
        checksum: (r.checksum as string | null) ?? null,
        startedAt: String(r.started_at),
        finishedAt: String(r.finished_at),
        durationMs: Number(r.duration_ms),
      });
    }
    return out;
  }

  /** Checksum recorded by the latest `up` of each revision. */
  appliedChecksums(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [r, a] of this.applied()) out.set(r, a.checksum);
    return out;
  }

  /** Checksum and time of the latest `up` of each revision still applied. */
  applied(): Map<string, { checksum: string; finishedAt: string }> {
    const out = new Map<string, { checksum: string; finishedAt: string }>();
    for (const h of this.history()) {
      if (h.direction === "up" && h.checksum) out.set(h.revision, { checksum: h.checksum, finishedAt: h.finishedAt });
      if (h.direction === "down") out.delete(h.revision);
    }
    return out;
  }
}
