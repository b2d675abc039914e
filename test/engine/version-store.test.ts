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
