// The deploy lock between two real sessions (the second waits; with a short timeout it gets
// the "another migrator is running" error) and tableExists, which never aborts a transaction.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { advisoryKey, beginLocked, tableExists } from "../../src/dialect/postgres/pg-lock";
import { PgSession } from "../../src/dialect/postgres/pg-session";
import { DatabaseError } from "../../src/errors";
import { makeDatabase, rejection, serverMissing } from "./_server";

const missing = await serverMissing("test/postgres/pg-lock.test.ts");

describe("advisoryKey", () => {
  test("is the first 8 bytes of SHA-256 of the name, big-endian, as a signed 64-bit integer", () => {
    for (const name of ["migrator_version", "public.migrator_version", "Ünïcode"]) {
      const hex = createHash("sha256").update(Buffer.from(name, "utf8")).digest("hex").slice(0, 16);
      expect(advisoryKey(name)).toBe(BigInt.asIntN(64, BigInt("0x" + hex)));
    }
  });

  test("is stable and differs between names", () => {
    expect(advisoryKey("migrator_version")).toBe(advisoryKey("migrator_version"));
    expect(advisoryKey("a.migrator_version")).not.toBe(advisoryKey("b.migrator_version"));
  });
});

describe.skipIf(!!missing)("beginLocked", () => {
  let db: Awaited<ReturnType<typeof makeDatabase>>;
  let a: PgSession;
  let b: PgSession;
  beforeAll(async () => {
    db = await makeDatabase("lock");
    a = await PgSession.open(db.url);
    b = await PgSession.open(db.url);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  const lock = { name: "public.migrator_version", timeoutMs: 10_000 };

  test("begins a transaction that holds the advisory lock and bounds lock waits", async () => {
    await beginLocked(a, lock);
    expect(a.inTransaction).toBe(true);
    const held = await a.get<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted",
    );
    expect(held!.n).toBe(1);
    expect(await a.get("SHOW lock_timeout")).toEqual({ lock_timeout: "10s" });
    await a.exec("COMMIT");
    expect(await a.get("SHOW lock_timeout")).toEqual({ lock_timeout: "0" }); // SET LOCAL ended with the transaction
  });

  test("a second session waits for the first to commit, then gets the lock", async () => {
    await beginLocked(a, lock);
    let acquired = false;
    const second = beginLocked(b, lock).then(() => {
      acquired = true;
    });
    await Bun.sleep(400);
    expect(acquired).toBe(false);
    const waiting = await a.get<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
    );
    expect(waiting!.n).toBe(1);
    await a.exec("COMMIT");
    await second;
    expect(acquired).toBe(true);
    expect(b.inTransaction).toBe(true);
    await b.exec("COMMIT");
  });

  test("with a short timeout the second gets the lock-timeout error and is left outside any transaction", async () => {
    await beginLocked(a, lock);
    const started = Date.now();
    const e = await rejection(beginLocked(b, { name: lock.name, timeoutMs: 300 }));
    const waited = Date.now() - started;
    expect(e).toBeInstanceOf(DatabaseError);
    expect(e.code).toBe("lock_timeout");
    expect(e.message).toBe(`lock timeout: another migrator is running on this database (waited 300 ms for the deploy lock; lock "${lock.name}")`);
    expect(e.hint).toContain("let the other deploy finish");
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(b.inTransaction).toBe(false);
    expect(await b.get("SELECT 1 AS ok")).toEqual({ ok: 1 }); // the session is usable again
    await a.exec("ROLLBACK");
  });

  test("timeoutMs 0 fails at once when the lock is taken, and takes it when free", async () => {
    await beginLocked(a, lock);
    const e = await rejection(beginLocked(b, { name: lock.name, timeoutMs: 0 }));
    expect(e.code).toBe("lock_timeout");
    expect(e.message).toContain("another migrator is running on this database");
    expect(b.inTransaction).toBe(false);
    await a.exec("ROLLBACK");
    await beginLocked(b, { name: lock.name, timeoutMs: 0 });
    expect(b.inTransaction).toBe(true);
    await b.exec("ROLLBACK");
  });

  test("locks of different names do not wait for each other", async () => {
    await beginLocked(a, lock);
    await beginLocked(b, { name: "other_schema.migrator_version", timeoutMs: 200 });
    expect(b.inTransaction).toBe(true);
    await a.exec("ROLLBACK");
    await b.exec("ROLLBACK");
  });

  test("the lock goes with the session: a closed holder frees it", async () => {
    const c = await PgSession.open(db.url);
    await beginLocked(c, lock);
    await c.close();
    await beginLocked(b, { name: lock.name, timeoutMs: 2000 });
    await b.exec("ROLLBACK");
  });
});

describe.skipIf(!!missing)("tableExists", () => {
  let db: Awaited<ReturnType<typeof makeDatabase>>;
  let s: PgSession;
  beforeAll(async () => {
    db = await makeDatabase("exists");
    s = await PgSession.open(db.url);
    await s.execScript(`
      CREATE TABLE "Mixed Case" (x int);
      CREATE TABLE plain (x int);
      CREATE VIEW a_view AS SELECT 1 AS x;
      CREATE INDEX plain_idx ON plain (x);
      CREATE SCHEMA other;
      CREATE TABLE other.only_there (x int);
      CREATE TABLE parted (x int) PARTITION BY RANGE (x);`);
  });
  afterAll(async () => {
    await s?.close();
    await db?.drop();
  });

  test.each([
    ["plain", null, true],
    ["Mixed Case", null, true],
    ["mixed case", null, false],
    ["parted", null, true],
    ["a_view", null, false],
    ["plain_idx", null, false],
    ["absent", null, false],
    ["only_there", null, false],
    ["only_there", "other", true],
    ["plain", "other", false],
    ["plain", "no_such_schema", false],
    ['we"ird', null, false],
  ])("%p in schema %p → %p", async (name, schema, want) => {
    expect(await tableExists(s, name, schema)).toBe(want);
  });

  test("asks without failing inside a transaction (which a failed statement would abort)", async () => {
    await s.exec("BEGIN");
    expect(await tableExists(s, "absent")).toBe(false);
    expect(await tableExists(s, "x", "no_such_schema")).toBe(false);
    expect(s.transactionFailed).toBe(false);
    expect(await s.get("SELECT 1 AS ok")).toEqual({ ok: 1 });
    await s.exec("ROLLBACK");
  });
});
