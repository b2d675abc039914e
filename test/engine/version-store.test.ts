// The version store's history rows, written in batches: every row lands, in the order given,
// with its values intact, whatever the number of rows (batch boundaries included).

import { sqliteDialect, SqliteSession } from "../../src/dialect/sqlite";
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { Connection } from "../../src/dialect/sqlite/sqlite-connection";
import { VersionStore, type HistoryEntry } from "../../src/engine/version-store";
import { tempDir } from "../_support/project";

function entries(n: number): Omit<HistoryEntry, "id">[] {
  return Array.from({ length: n }, (_, i) => ({
    revision: `rev${String(i).padStart(4, "0")}`,
    direction: i % 3 === 0 ? "down" : "up",
    checksum: i % 5 === 0 ? null : `sum-${i}`,
    startedAt: `2026-01-01T00:00:${String(i % 60).padStart(2, "0")}.000Z`,
    finishedAt: `2026-01-01T00:01:${String(i % 60).padStart(2, "0")}.500Z`,
    durationMs: i / 8,
  }));
}

describe("VersionStore.recordMany", () => {
  for (const n of [0, 1, 149, 150, 151, 301, 1000]) {
    test(`${n} rows keep their order and values`, async () => {
      const conn = Connection.open(join(tempDir(), "h.db"));
      try {
        const store = new VersionStore(new SqliteSession(conn), sqliteDialect, "migrator_version", "migrator_history");
        conn.exec("BEGIN IMMEDIATE");
        await store.ensure();
        await store.record({ revision: "first", direction: "stamp", checksum: null, startedAt: "t0", finishedAt: "t0", durationMs: 0 });
        const given = entries(n);
        await store.recordMany(given);
        conn.exec("COMMIT");
        const rows = await store.history();
        expect(rows.length).toBe(n + 1);
        expect(rows[0]!.revision).toBe("first");
        expect(rows.slice(1).map(({ id: _id, ...rest }) => rest)).toEqual(given);
        // ids grow with the order of the calls
        expect(rows.map((r) => r.id)).toEqual(rows.map((_, i) => i + 1));
      } finally {
        conn.close();
      }
    });
  }
});

// appliedChecksums() reads three columns for `current`; it must answer what applied() (the full
// history) answers, for any mix of ups, downs, stamps and missing checksums.
describe("VersionStore.appliedChecksums", () => {
  test("agrees with applied() over generated histories, and is empty without a history table", async () => {
    const conn = Connection.open(join(tempDir(), "a.db"));
    try {
      const store = new VersionStore(new SqliteSession(conn), sqliteDialect, "migrator_version", "migrator_history");
      expect(await store.appliedChecksums()).toEqual(new Map());
      conn.exec("BEGIN IMMEDIATE");
      await store.ensure();
      let seed = 5;
      const rand = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * n);
      const dirs = ["up", "up", "down", "stamp"] as const;
      for (let i = 0; i < 400; i++) {
        const direction = dirs[rand(dirs.length)]!;
        await store.record({ revision: `r${rand(12)}`, direction, checksum: rand(4) === 0 ? null : `sum-${i}`, startedAt: "t", finishedAt: `f${i}`, durationMs: 1 });
      }
      conn.exec("COMMIT");
      const want = new Map([...(await store.applied())].map(([r, a]) => [r, a.checksum]));
      expect(want.size).toBeGreaterThan(3);
      expect(await store.appliedChecksums()).toEqual(want);
    } finally {
      conn.close();
    }
  });
});

// Outside a transaction the store reads first and looks for the table only when the read fails.
// A table another process creates between that failed read and the look must be read, not taken
// for empty: the interleaving is forced by creating the tables (on the real database) right after
// the first failed read.
describe("VersionStore reads a table created by another process meanwhile", () => {
  test("heads, history and appliedChecksums read again instead of answering empty", async () => {
    const conn = Connection.open(join(tempDir(), "race.db"));
    try {
      const session = new SqliteSession(conn);
      const other = new VersionStore(session, sqliteDialect, "migrator_version", "migrator_history");
      let failures = 0;
      const racing = Object.create(session) as SqliteSession;
      racing.all = async <T,>(sql: string, params?: never[]) => {
        try {
          return await session.all<T>(sql, params);
        } catch (e) {
          // "another process" creates and fills the tables now
          failures++;
          await other.ensure();
          await other.applyDelta([], ["r1"]);
          await other.record({ revision: "r1", direction: "up", checksum: "sum-1", startedAt: "t", finishedAt: "t", durationMs: 1 });
          throw e;
        }
      };
      const store = new VersionStore(racing, sqliteDialect, "migrator_version", "migrator_history");
      expect(await store.heads()).toEqual(["r1"]);
      expect(failures).toBe(1);
      conn.exec('DROP TABLE "migrator_version"');
      conn.exec('DROP TABLE "migrator_history"');
      expect(await store.appliedChecksums()).toEqual(new Map([["r1", "sum-1"]]));
      conn.exec('DROP TABLE "migrator_version"');
      conn.exec('DROP TABLE "migrator_history"');
      expect((await store.history()).map((h) => h.revision)).toEqual(["r1"]);
      expect(failures).toBe(3);
    } finally {
      conn.close();
    }
  });
});
