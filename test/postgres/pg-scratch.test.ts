// Scratch databases on the real server: created with a fresh name, usable through the session
// and through `location`, and gone afterwards — also when the callback threw, when a session
// still holds a transaction and a lock in it, and when drop() is called twice.

import { describe, expect, test } from "bun:test";
import { beginLocked } from "../../src/dialect/postgres/pg-lock";
import { createScratch, scratchName, withScratch } from "../../src/dialect/postgres/pg-scratch";
import { PgSession } from "../../src/dialect/postgres/pg-session";
import { parsePgUrl } from "../../src/dialect/postgres/pg-url";
import { ADMIN_URL, databaseExists, rejection, serverMissing, urlOf } from "./_server";

const missing = await serverMissing("test/postgres/pg-scratch.test.ts");

test("scratch names are mig_scratch_<pid>_<8 hex> and differ each time", () => {
  const a = scratchName();
  expect(a).toMatch(new RegExp(`^mig_scratch_${process.pid}_[0-9a-f]{8}$`));
  expect(scratchName()).not.toBe(a);
});

describe.skipIf(!!missing)("createScratch", () => {
  test("creates an empty database on the same server; location opens it again; drop() removes it", async () => {
    const scratch = await createScratch(ADMIN_URL);
    const name = parsePgUrl(scratch.location).database;
    try {
      expect(name).toMatch(/^mig_scratch_/);
      expect(await databaseExists(name)).toBe(true);
      expect((await scratch.session.get<{ d: string }>("SELECT current_database() AS d"))!.d).toBe(name);
      expect(await scratch.session.all("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace")).toEqual([]);
      await scratch.session.exec("CREATE TABLE t (x int)");
      const second = await PgSession.open(scratch.location);
      expect(await second.all("SELECT count(*)::int AS n FROM t")).toEqual([{ n: 0 }]);
      await second.close();
    } finally {
      await scratch.drop();
    }
    expect(await databaseExists(name)).toBe(false);
    await scratch.drop(); // a second call is harmless
  });

  test("drop() succeeds while the scratch session is inside a locked transaction and another session is connected", async () => {
    const scratch = await createScratch(ADMIN_URL);
    const name = parsePgUrl(scratch.location).database;
    await beginLocked(scratch.session, { name: "migrator_version", timeoutMs: 1000 });
    await scratch.session.exec("CREATE TABLE half_done (x int)");
    const other = await PgSession.open(scratch.location);
    await other.exec("BEGIN");
    await scratch.drop();
    expect(await databaseExists(name)).toBe(false);
    await other.close();
  });

  test("withScratch drops the database when the callback returns, and returns its value", async () => {
    let name = "";
    const got = await withScratch(ADMIN_URL, async (sc) => {
      name = parsePgUrl(sc.location).database;
      return (await sc.session.get<{ v: number }>("SELECT 41 + 1 AS v"))!.v;
    });
    expect(got).toBe(42);
    expect(await databaseExists(name)).toBe(false);
  });

  test("withScratch drops the database when the callback throws, and rethrows the callback's error", async () => {
    let name = "";
    const e = await rejection(
      withScratch(ADMIN_URL, async (sc) => {
        name = parsePgUrl(sc.location).database;
        await sc.session.exec("BEGIN");
        await sc.session.exec("SELECT 1/0"); // leaves an aborted transaction behind
      }),
    );
    expect(e.code).toBe("pg_statement_failed");
    expect(e.message).toContain("division by zero");
    expect(name).not.toBe("");
    expect(await databaseExists(name)).toBe(false);
  });

  test("a server that cannot be reached: pg_unreachable, nothing created", async () => {
    const e = await rejection(createScratch(urlOf("postgres", { port: 1 })));
    expect(e.code).toBe("pg_unreachable");
  });
});
