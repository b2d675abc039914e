// pg-url.ts: parsing and normalising PostgreSQL URLs, the PG* variables, and redaction (no
// password in any output). Pure: no server needed.

import { describe, expect, test } from "bun:test";
import { formatPgUrl, hostPort, isPgUrl, parsePgUrl, redactText, redactUrl } from "../../src/dialect/postgres/pg-url";
import { MigratorError, UsageError } from "../../src/errors";

const SECRET = "s3cr#t/pw@x";
const ENC = encodeURIComponent(SECRET);

describe("parsePgUrl", () => {
  const cases: Array<[string, Partial<ReturnType<typeof parsePgUrl>>]> = [
    ["postgres://app:pw@db.internal:5433/shop", { host: "db.internal", port: 5433, user: "app", password: "pw", database: "shop", schema: null, sslmode: "prefer" }],
    ["postgresql://app@localhost/shop?schema=sales", { host: "localhost", port: 5432, user: "app", password: null, database: "shop", schema: "sales" }],
    ["POSTGRES://u@h/d", { host: "h", user: "u", database: "d" }],
    [`postgres://u:${ENC}@h/d`, { password: SECRET }],
    ["postgres://u:p@ss@h/d", { user: "u", password: "p@ss", host: "h" }],
    ["postgres://u@[::1]:6000/d", { host: "::1", port: 6000 }],
    ["postgres://u@h/my%20db?sslmode=require&application_name=ci&connect_timeout=3", { database: "my db", sslmode: "require", applicationName: "ci", connectTimeoutS: 3 }],
    ["postgres://u@h/d?options=-c%20search_path%3Dapp", { options: "-c search_path=app" }],
    ["postgres:///d?host=/var/run/postgresql", { host: "/var/run/postgresql", database: "d", user: "postgres" }],
    ["postgres://%2Ftmp%2Fsock/d", { host: "/tmp/sock" }],
    ["postgres://u@h/d?connection_limit=5&pgbouncer=true", { params: { connection_limit: "5", pgbouncer: "true" } }],
    ["postgres://u@h", { database: "u" }],
    ["postgres://h/d", { user: "postgres", host: "h" }],
  ];
  for (const [url, want] of cases) {
    test(`reads ${redactUrl(url)}`, () => {
      expect(parsePgUrl(url)).toMatchObject(want);
    });
  }

  test("fills what the URL leaves out from the PG* variables, the URL winning", () => {
    const env = { PGHOST: "envhost", PGPORT: "6543", PGUSER: "envuser", PGPASSWORD: "envpw", PGDATABASE: "envdb", PGSSLMODE: "disable" };
    expect(parsePgUrl("postgres://", env)).toMatchObject({
      host: "envhost", port: 6543, user: "envuser", password: "envpw", database: "envdb", sslmode: "disable",
    });
    expect(parsePgUrl("postgres://me:mine@here:7000/mydb", env)).toMatchObject({
      host: "here", port: 7000, user: "me", password: "mine", database: "mydb",
    });
  });

  test("without an env, libpq's defaults: localhost:5432, user postgres, database = user", () => {
    expect(parsePgUrl("postgresql://")).toMatchObject({ host: "localhost", port: 5432, user: "postgres", database: "postgres", password: null });
  });

  const bad: Array<[string, RegExp]> = [
    [`mysql://u:${SECRET}@h/d`, /must start with postgres:\/\/ or postgresql:\/\//],
    [`postgres://u:${ENC}@h:99999/d`, /port "99999"/],
    [`postgres://u:${ENC}@h:abc/d`, /port "abc"/],
    [`postgres://u:${ENC}@h/d?sslmode=sometimes`, /sslmode "sometimes"/],
    [`postgres://u:${ENC}@h1,h2/d`, /several hosts/],
    [`postgres://u:${ENC}@[::1/d`, /closing '\]'/],
    [`postgres://u:${ENC}@h/d%zz`, /malformed %-escape/],
  ];
  for (const [url, re] of bad) {
    test(`refuses ${redactUrl(url)} with a UsageError that hides the password`, () => {
      let err: unknown;
      try {
        parsePgUrl(url);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UsageError);
      const e = err as MigratorError;
      expect(e.code).toBe("bad_database_url");
      expect(e.message).toMatch(re);
      expect(e.message).not.toContain(SECRET);
      expect(e.message).not.toContain(ENC);
      expect(e.message).toContain("***");
      expect(e.hint).toContain("postgres://");
    });
  }
});

describe("formatPgUrl", () => {
  test("normalises: postgresql://, explicit port, fixed query order, password redacted on request", () => {
    const info = parsePgUrl(`postgres://app:${ENC}@db/shop?sslmode=require&schema=sales&x=1`);
    expect(formatPgUrl(info)).toBe(`postgresql://app:${ENC}@db:5432/shop?schema=sales&sslmode=require&x=1`);
    expect(formatPgUrl(info, { redact: true })).toBe("postgresql://app:***@db:5432/shop?schema=sales&sslmode=require&x=1");
  });

  test("round-trips through parsePgUrl", () => {
    for (const url of ["postgres://u:p%40x@[::1]:6000/d%2Fb?options=-c%20a%3Db", "postgres:///d?host=/var/run/postgresql", "postgres://u@h/d?application_name=x&connect_timeout=2"]) {
      const info = parsePgUrl(url.replace("d%2Fb", "db"));
      expect(parsePgUrl(formatPgUrl(info))).toEqual(info);
    }
  });

  test("hostPort brackets IPv6 addresses", () => {
    expect(hostPort(parsePgUrl("postgres://u@[::1]/d"))).toBe("[::1]:5432");
    expect(hostPort(parsePgUrl("postgres://u@db:1/d"))).toBe("db:1");
  });
});

describe("isPgUrl", () => {
  test.each([
    ["postgres://h/d", true], ["postgresql://h/d", true], ["  PostgreSQL://x", true],
    ["data/app.db", false], ["sqlite:app.db", false], ["postgres:h", false], ["mysql://h/d", false],
  ])("%p → %p", (loc, want) => {
    expect(isPgUrl(loc)).toBe(want);
  });
});

describe("redaction", () => {
  test.each([
    ["postgres://app:pw@db:5432/shop", "postgres://app:***@db:5432/shop"],
    ["postgresql://app:p@ss@db/shop?x=1", "postgresql://app:***@db/shop?x=1"],
    ["postgres://app@db/shop", "postgres://app@db/shop"],
    ["postgres://db/shop?password=hunter2&x=1", "postgres://db/shop?password=***&x=1"],
    ["not a url", "not a url"],
  ])("redactUrl(%p) = %p", (url, want) => {
    expect(redactUrl(url)).toBe(want);
  });

  test("redactText removes the URL, the raw and the %-encoded password from a message", () => {
    const url = `postgres://app:${ENC}@db/shop`;
    const text = `failed on ${url}; the password was ${SECRET} (${ENC}); also postgres://x:other@h/d`;
    const out = redactText(text, url);
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(ENC);
    expect(out).not.toContain("other");
    expect(out).toContain("postgres://app:***@db/shop");
    expect(out).toContain("postgres://x:***@h/d");
  });

  test("redactText leaves ordinary letters alone for a very short password, but hides it in URLs", () => {
    const url = "postgres://app:ab@db/shop";
    expect(redactText("table abc failed; see postgres://app:ab@db/shop", url)).toBe("table abc failed; see postgres://app:***@db/shop");
  });
});
