import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { databasePathFromUrl, loadConfig, maskSecret } from "../../src/api/config";
import { MigratorError } from "../../src/errors";
import { tempDir } from "../_support/project";

function dir(toml?: string): string {
  const d = tempDir("migrator-config-");
  if (toml !== undefined) writeFileSync(join(d, "migrator.toml"), toml);
  return d;
}

function err(fn: () => unknown): MigratorError {
  try {
    fn();
  } catch (e) {
    return e as MigratorError;
  }
  throw new Error("expected an error");
}

describe("loadConfig", () => {
  test("defaults without a config file", () => {
    const d = dir();
    const c = loadConfig({}, d, {});
    expect(c.database).toBeNull();
    expect(c.migrations).toBe(join(d, "migrations"));
    expect(c.schema).toBe(join(d, "schema.prisma"));
    expect(c.versionTable).toBe("migrator_version");
    expect(c.transactionPerMigration).toBe(false);
    expect(c.busyTimeoutMs).toBe(30000);
  });

  test("file values, relative to the file's folder", () => {
    const d = dir(`database = "data/app.db"\nmigrations = "db/migrations"\ntransaction_per_migration = true\nbusy_timeout_ms = 5\n`);
    const c = loadConfig({}, "/", { MIGRATOR_CONFIG: join(d, "migrator.toml") });
    expect(c.database).toBe(join(d, "data/app.db"));
    expect(c.migrations).toBe(join(d, "db/migrations"));
    expect(c.transactionPerMigration).toBe(true);
    expect(c.busyTimeoutMs).toBe(5);
  });

  test("env overrides the file and flags override env", () => {
    const d = dir(`database = "file.db"\n`);
    expect(loadConfig({}, d, { DATABASE_URL: "sqlite:env.db" }).database).toBe(join(d, "env.db"));
    expect(loadConfig({}, d, { MIGRATOR_DATABASE: "m.db", DATABASE_URL: "sqlite:env.db" }).database).toBe(join(d, "m.db"));
    expect(loadConfig({ database: "flag.db" }, d, { MIGRATOR_DATABASE: "m.db" }).database).toBe(join(d, "flag.db"));
    expect(loadConfig({}, d, { MIGRATOR_TRANSACTION_PER_MIGRATION: "true" }).transactionPerMigration).toBe(true);
  });

  test("an explicit config file that does not exist is a usage error (exit 2)", () => {
    const e = err(() => loadConfig({ config: "nope.toml" }, dir(), {}));
    expect(e.code).toBe("config_missing");
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("nope.toml");
  });

  test("a config path that is a folder is a usage error naming it; no migrator.toml is no config; an empty one is an empty config", () => {
    const d = dir();
    mkdirSync(join(d, "conf.toml"));
    const e = err(() => loadConfig({ config: "conf.toml" }, d, {}));
    expect(e.code).toBe("config_unreadable");
    expect(e.exitCode).toBe(2);
    expect(e.message).toStartWith(`${join(d, "conf.toml")}: cannot read config file`);
    expect(e.message).not.toContain("\n");
    expect(loadConfig({}, dir(), {}).configFile).toBeNull();
    const empty = dir("");
    expect(loadConfig({}, empty, {}).configFile).toBe(join(empty, "migrator.toml"));
  });

  test("invalid TOML names the file and line", () => {
    const d = dir(`database = "a.db"\nmigrations = [\n`);
    const e = err(() => loadConfig({}, d, {}));
    expect(e.code).toBe("config_invalid");
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("migrator.toml");
  });

  test("an unknown key suggests the closest known one", () => {
    const e = err(() => loadConfig({}, dir(`databse = "a.db"\n`), {}));
    expect(e.message).toContain("unknown setting 'databse' (did you mean 'database'?)");
  });

  test("a value of the wrong type is refused", () => {
    const e = err(() => loadConfig({}, dir(`busy_timeout_ms = "soon"\n`), {}));
    expect(e.message).toContain("'busy_timeout_ms' must be a number");
  });

  test("a bad boolean in the environment is refused", () => {
    const e = err(() => loadConfig({}, dir(), { MIGRATOR_TRANSACTION_PER_MIGRATION: "maybe" }));
    expect(e.code).toBe("config_bad_env");
  });
});

describe("database URLs", () => {
  test.each([
    ["app.db", "app.db"],
    ["sqlite:app.db", "app.db"],
    ["sqlite:///var/app.db", "/var/app.db"],
    ["sqlite://app.db", "app.db"],
    ["file:app.db?mode=rwc", "app.db"],
  ])("%s -> %s", (url, path) => {
    expect(databasePathFromUrl(url)).toBe(path);
  });

  test("a PostgreSQL URL is kept as it is; another database's URL is refused with the password masked", () => {
    expect(databasePathFromUrl("postgres://u:secret@h/db")).toBe("postgres://u:secret@h/db");
    expect(databasePathFromUrl("postgresql://u@h:5433/db?schema=s")).toBe("postgresql://u@h:5433/db?schema=s");
    const e = err(() => databasePathFromUrl("mysql://u:secret@h/db"));
    expect(e.message).not.toContain("secret");
    expect(e.message).toContain("mysql://u:***@h/db");
    expect(maskSecret("postgres://u:secret@h/db")).toBe("postgres://u:***@h/db");
    expect(maskSecret("postgres://u:secret@h/db?sslpassword=x&schema=app")).toBe("postgres://u:***@h/db?sslpassword=***&schema=app");
  });

  test("a PostgreSQL URL from the environment is the database, of kind postgresql; --db wins over it", () => {
    const dir = tempDir();
    const c = loadConfig({}, dir, { DATABASE_URL: "postgres://app:pw@db:5432/shop" });
    expect(c.database).toBe("postgres://app:pw@db:5432/shop");
    expect(c.databaseKind).toBe("postgresql");
    const d = loadConfig({ database: "x.db" }, dir, { DATABASE_URL: "postgres://app:pw@db:5432/shop" });
    expect(d.databaseKind).toBe("sqlite");
  });
});
