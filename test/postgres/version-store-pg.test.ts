// The version store on a real PostgreSQL server, where a failed statement aborts a transaction:
// outside a transaction (`current`, `history -i`) it reads its tables straight away and takes
// a missing table as "nothing applied"; inside one (a run) it looks for the tables first, so the
// transaction survives a database that has none yet.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { postgresDialect } from "../../src/dialect/postgres";
import { PgSession } from "../../src/dialect/postgres/pg-session";
import { VersionStore } from "../../src/engine/version-store";
import { makeDatabase, serverMissing } from "./_server";

const missing = await serverMissing("test/postgres/version-store-pg.test.ts");

describe.skipIf(!!missing)("VersionStore on PostgreSQL", () => {
  let db: Awaited<ReturnType<typeof makeDatabase>>;
  let s: PgSession;
  const store = () => new VersionStore(s, postgresDialect, "migrator_version", "migrator_history");
  beforeAll(async () => {
    db = await makeDatabase("vstore");
    s = await PgSession.open(db.url);
  });
  afterAll(async () => {
    await s?.close();
    await db?.drop();
  });

  test("no tables, outside a transaction: nothing applied, and the session still works", async () => {
    expect(s.inTransaction).toBe(false);
    expect(await store().heads()).toEqual([]);
    expect(await store().history()).toEqual([]);
    expect(await s.get<{ one: number }>("SELECT 1 AS one")).toEqual({ one: 1 });
  });

  test("no tables, inside a transaction: nothing applied, and the transaction is not aborted", async () => {
    await s.exec("BEGIN");
    try {
      expect(await store().heads()).toEqual([]);
      expect(await store().applied()).toEqual(new Map());
      expect(s.transactionFailed).toBe(false);
      expect(await s.get<{ one: number }>("SELECT 1 AS one")).toEqual({ one: 1 });
    } finally {
      await s.exec("ROLLBACK");
    }
  });

  test("with rows, outside a transaction: the heads and the latest applied checksums", async () => {
    const st = store();
    await s.exec("BEGIN");
    await st.ensure();
    await st.applyDelta([], ["b2"]);
    const at = { startedAt: "t", finishedAt: "t", durationMs: 1 };
    await st.recordMany([
      { revision: "a1", direction: "up", checksum: "s1", ...at },
      { revision: "b2", direction: "up", checksum: "s2", ...at },
      { revision: "c3", direction: "up", checksum: "s3", ...at },
      { revision: "c3", direction: "down", checksum: null, ...at },
    ]);
    await s.exec("COMMIT");
    expect(s.inTransaction).toBe(false);
    expect(await st.heads()).toEqual(["b2"]);
    expect([...(await st.applied())].map(([r, a]) => [r, a.checksum])).toEqual([
      ["a1", "s1"],
      ["b2", "s2"],
    ]);
  });
});
