// PgSession against the real server: statements and values, transaction tracking through
// BEGIN/COMMIT/ROLLBACK and scripts, and each class of error translated into one clear
// DatabaseError with a hint and never the password.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PgSession } from "../../src/dialect/postgres/pg-session";
import { DatabaseError, ExitCode } from "../../src/errors";
import { ADMIN_URL, makeDatabase, rejection, serverMissing, urlOf } from "./_server";

const missing = await serverMissing("test/postgres/pg-session.test.ts");
const PASSWORD = "Sup3r-S3cret";

/** the error's every printable part, to look for the password in */
function printed(e: DatabaseError): string {
  return [e.message, e.hint ?? "", JSON.stringify(e.data ?? {}), e.statement ?? ""].join("\n");
}

describe.skipIf(!!missing)("PgSession", () => {
  let db: Awaited<ReturnType<typeof makeDatabase>>;
  let s: PgSession;
  beforeAll(async () => {
    db = await makeDatabase("session");
    s = await PgSession.open(urlOf(db.name, { password: PASSWORD }));
  });
  afterAll(async () => {
    await s?.close();
    await db?.drop();
  });

  test("label is the normalised URL with the password redacted", () => {
    expect(s.dialect).toBe("postgresql");
    expect(s.label).toContain(":***@");
    expect(s.label).toContain(`/${db.name}`);
    expect(s.label).not.toContain(PASSWORD);
  });

  test("values come back as documented: int8 and numeric as exact strings, the rest as JS values", async () => {
    const row = await s.get(
      "SELECT 1::int4 AS i, 2::int2 AS si, 9007199254740993::int8 AS big, 12.50::numeric(10,2) AS dec, 1.5::float8 AS f, true AS b, " +
        "'\\x0102'::bytea AS bytes, '{\"a\":1}'::jsonb AS j, ARRAY['x','y'] AS arr, NULL::text AS n, count(*) AS cnt FROM (VALUES (1), (2)) v(x)",
    );
    expect(row).toEqual({ i: 1, si: 2, big: "9007199254740993", dec: "12.50", f: 1.5, b: true, bytes: expect.any(Uint8Array), j: { a: 1 }, arr: ["x", "y"], n: null, cnt: "2" });
    expect([...(row!.bytes as Uint8Array)]).toEqual([1, 2]);
  });

  test("$1 parameters of every SqlParam kind", async () => {
    const row = await s.get("SELECT $1::text AS t, $2::int AS i, $3::int8 AS b, $4::bool AS o, $5::text AS n, $6::bytea AS y, $7::float8 AS f", [
      "it's", 42, -1234567890123456789n, false, null, new Uint8Array([255, 0]), 2.25,
    ]);
    expect(row).toEqual({ t: "it's", i: 42, b: "-1234567890123456789", o: false, n: null, y: expect.any(Uint8Array), f: 2.25 });
    expect([...(row!.y as Uint8Array)]).toEqual([255, 0]);
  });

  test("all/get on no rows: [] and undefined", async () => {
    expect(await s.all("SELECT 1 AS x WHERE false")).toEqual([]);
    expect(await s.get("SELECT 1 AS x WHERE false")).toBeUndefined();
  });

  test("execScript runs several statements; a comment-only script is a no-op", async () => {
    await s.execScript("CREATE TABLE script_t (x int);\nINSERT INTO script_t VALUES (1);\n-- done\nINSERT INTO script_t VALUES (2);");
    await s.execScript("-- nothing here\n/* at all */");
    expect(await s.all("SELECT x FROM script_t ORDER BY x")).toEqual([{ x: 1 }, { x: 2 }]);
  });

  test("inTransaction follows BEGIN / COMMIT / ROLLBACK through exec and scripts", async () => {
    expect(s.inTransaction).toBe(false);
    await s.exec("BEGIN");
    expect(s.inTransaction).toBe(true);
    await s.exec("COMMIT");
    expect(s.inTransaction).toBe(false);
    await s.execScript("BEGIN; INSERT INTO script_t VALUES (3);");
    expect(s.inTransaction).toBe(true);
    await s.execScript("INSERT INTO script_t VALUES (4); ROLLBACK;");
    expect(s.inTransaction).toBe(false);
    expect(await s.all("SELECT x FROM script_t ORDER BY x")).toEqual([{ x: 1 }, { x: 2 }]);
  });

  test("a failed statement inside a block: still in it, aborted, then 25P02 with its own message until ROLLBACK", async () => {
    await s.exec("BEGIN");
    const first = await rejection(s.exec("SELECT 1/0"));
    expect(first.code).toBe("pg_statement_failed");
    expect(first.message).toBe("division by zero (SQLSTATE 22012): SELECT 1/0");
    expect(s.inTransaction).toBe(true);
    expect(s.transactionFailed).toBe(true);
    const next = await rejection(s.get("SELECT 1"));
    expect(next).toBeInstanceOf(DatabaseError);
    expect(next.code).toBe("pg_transaction_aborted");
    expect(next.message).toContain("aborted by an earlier failed statement");
    expect(next.data.sqlstate).toBe("25P02");
    await s.exec("ROLLBACK");
    expect(s.inTransaction).toBe(false);
    expect(s.transactionFailed).toBe(false);
  });

  test("a script that failed after its own COMMIT leaves no block open (asked of the server)", async () => {
    const e = await rejection(s.execScript("BEGIN; INSERT INTO script_t VALUES (5); COMMIT; SELECT 1/0;"));
    expect(e.code).toBe("pg_statement_failed");
    expect(s.inTransaction).toBe(false);
    const e2 = await rejection(s.execScript("BEGIN; INSERT INTO script_t VALUES (6); SELECT 1/0; COMMIT;"));
    expect(e2.data.sqlstate).toBe("22012");
    expect(s.inTransaction).toBe(true);
    expect(s.transactionFailed).toBe(true);
    await s.exec("ROLLBACK");
    expect(await s.all("SELECT x FROM script_t ORDER BY x")).toEqual([{ x: 1 }, { x: 2 }, { x: 5 }]);
  });

  test("a COMMIT that fails (a deferred foreign key) ends the block", async () => {
    await s.execScript(`CREATE TABLE parent_t (id int PRIMARY KEY);
      CREATE TABLE child_t (pid int REFERENCES parent_t (id) DEFERRABLE INITIALLY DEFERRED);`);
    await s.exec("BEGIN");
    await s.exec("INSERT INTO child_t VALUES (7)");
    const e = await rejection(s.exec("COMMIT"));
    expect(e.data.sqlstate).toBe("23503");
    expect(s.inTransaction).toBe(false);
    expect(await s.all("SELECT * FROM child_t")).toEqual([]);
  });

  test("a syntax error names the SQLSTATE, the line:column within the statement and that line", async () => {
    const sql = "SELECT 1;\nSELECT *\n  FROM script_t WHER x = 1";
    const e = await rejection(s.execScript(sql));
    expect(e).toBeInstanceOf(DatabaseError);
    expect(e.exitCode).toBe(ExitCode.runtime);
    expect(e.message).toBe('syntax error at or near "x" (SQLSTATE 42601, line 3:22): FROM script_t WHER x = 1');
    expect(e.data).toMatchObject({ sqlstate: "42601", line: 3, column: 22 });
    expect(e.statement).toBe(sql);
  });

  test("a constraint violation keeps the server's detail as the hint and names the constraint", async () => {
    await s.exec("CREATE TABLE uq_t (x int CONSTRAINT uq_t_x_key UNIQUE)");
    await s.exec("INSERT INTO uq_t VALUES (1)");
    const e = await rejection(s.exec("INSERT INTO uq_t VALUES ($1)", [1]));
    expect(e.message).toBe('duplicate key value violates unique constraint "uq_t_x_key" (SQLSTATE 23505): INSERT INTO uq_t VALUES ($1)');
    expect(e.hint).toBe("Key (x)=(1) already exists.");
    expect(e.data).toMatchObject({ constraint: "uq_t_x_key", table: "uq_t" });
  });

  test("a connection the server ends: pg_connection_lost, no block open, no silent reconnect", async () => {
    const victim = await PgSession.open(urlOf(db.name, { password: PASSWORD }));
    await victim.exec("BEGIN");
    const pid = (await victim.get<{ pid: number }>("SELECT pg_backend_pid() AS pid"))!.pid;
    await s.get("SELECT pg_terminate_backend($1)", [pid]);
    const e = await rejection(victim.get("SELECT 1"));
    expect(e.code).toBe("pg_connection_lost");
    expect(e.message).toMatch(/^the connection to PostgreSQL at .+:\d+ was lost: /);
    expect(victim.inTransaction).toBe(false);
    expect((await rejection(victim.get("SELECT 1"))).code).toBe("pg_connection_lost");
    await victim.close();
  });

  test("close() is idempotent and a closed session refuses statements", async () => {
    const t = await PgSession.open(db.url);
    await t.close();
    await t.close();
    const e = await rejection(t.exec("SELECT 1"));
    expect(e.code).toBe("pg_session_closed");
  });

  test("?schema= becomes the search_path; searchPath overrides it", async () => {
    await s.exec('CREATE SCHEMA "Sales"');
    const a = await PgSession.open(urlOf(db.name) + "?schema=Sales");
    expect((await a.get<{ s: string }>("SELECT current_schema() AS s"))!.s).toBe("Sales");
    await a.close();
    const b = await PgSession.open(urlOf(db.name) + "?schema=Sales", { searchPath: "public" });
    expect((await b.get<{ s: string }>("SELECT current_schema() AS s"))!.s).toBe("public");
    await b.close();
  });
});

describe.skipIf(!!missing)("PgSession.open errors", () => {
  const cases: Array<{ what: string; url: () => string; code: string; message: RegExp; hint: RegExp }> = [
    {
      what: "nothing listening on the port → unreachable",
      url: () => urlOf("postgres", { port: 1, password: PASSWORD }),
      code: "pg_unreachable",
      message: /^cannot connect to PostgreSQL at .+:1 \(/,
      hint: /is the server running/,
    },
    {
      what: "a database that does not exist → createdb hint",
      url: () => urlOf("no_such_db_for_migrator", { password: PASSWORD }),
      code: "pg_no_database",
      message: /^database "no_such_db_for_migrator" does not exist on PostgreSQL at .+:\d+$/,
      hint: /createdb .*no_such_db_for_migrator.*CREATE DATABASE "no_such_db_for_migrator"/,
    },
    {
      what: "a role that does not exist → authentication",
      url: () => urlOf("postgres", { user: "no_such_role_for_migrator", password: PASSWORD }),
      code: "pg_auth_failed",
      message: /refused user "no_such_role_for_migrator": role "no_such_role_for_migrator" does not exist/,
      hint: /createuser/,
    },
  ];
  for (const c of cases) {
    test(c.what, async () => {
      const e = await rejection(PgSession.open(c.url(), { busyTimeoutMs: 5000 }));
      expect(e).toBeInstanceOf(DatabaseError);
      expect(e.code).toBe(c.code);
      expect(e.exitCode).toBe(ExitCode.runtime);
      expect(e.message).toMatch(c.message);
      expect(e.hint).toMatch(c.hint);
      expect(printed(e)).not.toContain(PASSWORD);
    });
  }

  test("a malformed URL is a usage error before any connection", async () => {
    const e = await rejection(PgSession.open(`postgres://u:${PASSWORD}@h:notaport/d`));
    expect(e.code).toBe("bad_database_url");
    expect(e.exitCode).toBe(ExitCode.usage);
    expect(e.message).not.toContain(PASSWORD);
  });

  test("the admin URL itself opens (the fixture works)", async () => {
    const a = await PgSession.open(ADMIN_URL);
    expect(await a.get("SELECT 1 AS one")).toEqual({ one: 1 });
    await a.close();
  });
});
