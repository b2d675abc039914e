// Resolves migrator's configuration: built-in defaults, then migrator.toml, then environment
// variables, then explicit options (flags), in that order (DESIGN.md §4). Paths in the file are
// relative to the file's folder; paths from env and flags are relative to the working directory.

import { UsageError } from "../errors";
import { readTextFileIfPresent } from "../sys/files";
import { dirname, resolve } from "../sys/paths";

export interface Config {
  /** Absolute path of the SQLite file, a `postgres://` URL (secrets included: print it only
   *  through maskSecret), or null when none is configured. */
  database: string | null;
  /** Which database `database` names. */
  databaseKind: "sqlite" | "postgresql" | null;
  /** Where the database setting came from, for `migrator config` and error messages. */
  databaseSource: string | null;
  schema: string;
  migrations: string;
  fileTemplate: string;
  versionTable: string;
  historyTable: string;
  /** PostgreSQL: the schema of the version and history tables (Alembic's
   *  version_table_schema); null: the first schema of the search_path */
  versionTableSchema: string | null;
  transactionPerMigration: boolean;
  busyTimeoutMs: number;
  /** PostgreSQL: how long a deploy waits for another one's lock (lock_timeout) */
  lockTimeoutMs: number;
  backup: boolean;
  /** Absolute path of the config file that was read, or null. */
  configFile: string | null;
  /** Folder relative paths are resolved against. */
  root: string;
}

export interface ConfigOverrides {
  config?: string;
  database?: string;
  schema?: string;
  migrations?: string;
  transactionPerMigration?: boolean;
  busyTimeoutMs?: number;
  lockTimeoutMs?: number;
  backup?: boolean;
}

export const DEFAULT_FILE_TEMPLATE = "{year}_{month}_{day}_{hour}{minute}-{rev}_{slug}";

type KeyType = "string" | "boolean" | "number";
const KEYS: Record<string, KeyType> = {
  database: "string",
  schema: "string",
  migrations: "string",
  file_template: "string",
  version_table: "string",
  history_table: "string",
  version_table_schema: "string",
  transaction_per_migration: "boolean",
  busy_timeout_ms: "number",
  lock_timeout_ms: "number",
  backup: "boolean",
};

/** A `postgres://` or `postgresql://` URL. */
export function isPostgresUrl(url: string): boolean {
  // no regular expression: this runs on every command's start-up, where compiling one costs more
  const s = url.trim().toLowerCase();
  return s.startsWith("postgres://") || s.startsWith("postgresql://");
}

/** `sqlite:path`, `sqlite:///abs`, `sqlite://rel`, `file:path` or a plain path → a file path;
 *  a PostgreSQL URL is returned as it is. */
export function databasePathFromUrl(url: string): string {
  let s = url.trim();
  if (!s.includes(":")) return s; // a plain path (the usual case)
  if (isPostgresUrl(s)) return s;
  const m = /^(sqlite3?|file):(.*)$/i.exec(s);
  if (m) {
    s = m[2]!;
    if (s.startsWith("///")) s = s.slice(2);
    else if (s.startsWith("//")) {
      s = s.slice(2);
      // `sqlite://user:password@host/...`: SQLite has no users or hosts; refuse rather than
      // make a file path (printed by `config` and in errors) out of a password
      if (/^[^/]*@/.test(s)) {
        throw new UsageError("unsupported_database_url", `database URL '${maskSecret(url)}' has a user or password; SQLite URLs take only a path`, {
          hint: "use sqlite:relative/path.db, sqlite:///absolute/path.db or a plain file path",
        });
      }
    }
    const q = s.indexOf("?");
    if (q >= 0) s = s.slice(0, q);
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    throw new UsageError("unsupported_database_url", `unsupported database URL '${maskSecret(url)}': use postgres://user@host:port/db, sqlite:path or a file path`);
  }
  return s;
}

/** Hides the password of `scheme://user:password@…` and the values of query parameters that
 *  can carry secrets (password, sslpassword, sslkey ...; `?schema=` and the like stay). */
export function maskSecret(url: string): string {
  // a plain path (the usual SQLite setting) has neither: skip compiling the expressions
  if (!url.includes("@") && !url.includes("?")) return url;
  return url
    .replace(/\/\/([^:/@]*):([^@]*)@/, "//$1:***@")
    .replace(/([?&](?:[^=&#]*(?:pass|secret|key|token)[^=&#]*))=[^&#]*/gi, "$1=***");
}

function closest(name: string, options: string[]): string | null {
  // a key missing its suffix (`busy_timeout` for `busy_timeout_ms`) is as likely as a typo
  const extended = options.filter((o) => name.length >= 4 && o.startsWith(name));
  if (extended.length === 1) return extended[0]!;
  let best: string | null = null;
  let bestD = 3;
  for (const o of options) {
    const d = levenshtein(name, o);
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return best;
}

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/** The file's settings, or null when there is no such file. */
function readToml(file: string): Record<string, unknown> | null {
  let text: string | null;
  try {
    text = readTextFileIfPresent(file);
  } catch (e) {
    throw new UsageError("config_unreadable", `${file}: cannot read config file (${(e as Error).message})`);
  }
  if (text === null) return null;
  try {
    return Bun.TOML.parse(text) as Record<string, unknown>;
  } catch (e) {
    // Bun's TOML error carries no position in the text: its `line`/`column` are those of the
    // JavaScript call site (this file), so they must not be reported as the TOML file's.
    const err = e as { message?: string };
    throw new UsageError("config_invalid", `${file}: invalid TOML: ${(err.message ?? String(e)).replace(/^TOML Parse error: /, "")}`);
  }
}

function validate(file: string, data: Record<string, unknown>): void {
  for (const key of Object.keys(data)) {
    const value = data[key];
    const type = KEYS[key];
    if (!type) {
      const s = closest(key, Object.keys(KEYS));
      throw new UsageError("config_unknown_key", `${file}: unknown setting '${key}'${s ? ` (did you mean '${s}'?)` : ""}`);
    }
    if (typeof value !== type) {
      throw new UsageError("config_bad_value", `${file}: '${key}' must be a ${type}, got ${JSON.stringify(value)}`);
    }
  }
  if (typeof data.busy_timeout_ms === "number" && (data.busy_timeout_ms < 0 || !Number.isFinite(data.busy_timeout_ms))) {
    throw new UsageError("config_bad_value", `${file}: 'busy_timeout_ms' must be a non-negative number`);
  }
  for (const k of ["version_table", "history_table"]) {
    const v = data[k];
    if (typeof v === "string" && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v)) {
      throw new UsageError("config_bad_value", `${file}: '${k}' must be a plain identifier, got '${v}'`);
    }
  }
}

function envBool(name: string, v: string | undefined): boolean | undefined {
  if (v === undefined || v === "") return undefined;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new UsageError("config_bad_env", `environment variable ${name} must be true or false, got '${v}'`);
}

/**
 * Load the configuration. `cwd` is the working directory; `env` the environment (injected so
 * tests and the API don't depend on the process).
 */
export function loadConfig(
  overrides: ConfigOverrides = {},
  cwd: string = process.cwd(),
  env: Record<string, string | undefined> = process.env,
): Config {
  const explicit = overrides.config ?? env.MIGRATOR_CONFIG;
  // read at once (one open): a missing default file is no config, a missing named one an error
  let configFile: string | null = resolve(cwd, explicit || "migrator.toml");
  let data = readToml(configFile);
  if (data === null) {
    if (explicit) {
      throw new UsageError("config_missing", `config file not found: ${explicit}`, {
        hint: "run `migrator init` to create one, or check --config / MIGRATOR_CONFIG",
      });
    }
    configFile = null;
    data = {};
  } else validate(configFile, data);
  const root = configFile ? dirname(configFile) : cwd;
  const fromFile = (k: string) => data[k];

  let database: string | null = null;
  let databaseSource: string | null = null;
  const located = (url: string, base: string) => {
    const p = databasePathFromUrl(url);
    return isPostgresUrl(p) || p === ":memory:" ? p : resolve(base, p);
  };
  if (overrides.database) {
    database = located(overrides.database, cwd);
    databaseSource = "--db";
  } else if (env.MIGRATOR_DATABASE) {
    database = located(env.MIGRATOR_DATABASE, cwd);
    databaseSource = "MIGRATOR_DATABASE";
  } else if (env.DATABASE_URL) {
    database = located(env.DATABASE_URL, cwd);
    databaseSource = "DATABASE_URL";
  } else if (typeof fromFile("database") === "string") {
    database = located(fromFile("database") as string, root);
    databaseSource = configFile;
  }
  if (database && !isPostgresUrl(database) && database.endsWith(":memory:")) database = ":memory:";

  const pick = <T>(flag: T | undefined, envVal: T | undefined, key: string, dflt: T): T =>
    flag !== undefined ? flag : envVal !== undefined ? envVal : fromFile(key) !== undefined ? (fromFile(key) as T) : dflt;

  /** a non-negative number from the environment, or undefined when the variable is unset */
  const envMs = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || text === "") return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) {
      throw new UsageError("config_bad_env", `environment variable ${name} must be a non-negative number, got '${text}'`);
    }
    return n;
  };
  const busyEnv = envMs("MIGRATOR_BUSY_TIMEOUT_MS");
  const lockEnv = envMs("MIGRATOR_LOCK_TIMEOUT_MS");
  const pathOf = (flag: string | undefined, envName: string, key: string, dflt: string) => {
    if (flag) return resolve(cwd, flag);
    if (env[envName]) return resolve(cwd, env[envName]!);
    const v = fromFile(key);
    return resolve(root, typeof v === "string" ? v : dflt);
  };


  return {
    database,
    databaseKind: database === null ? null : isPostgresUrl(database) ? "postgresql" : "sqlite",
    databaseSource,
    schema: pathOf(overrides.schema, "MIGRATOR_SCHEMA", "schema", "schema.prisma"),
    migrations: pathOf(overrides.migrations, "MIGRATOR_MIGRATIONS", "migrations", "migrations"),
    fileTemplate: pick(undefined, env.MIGRATOR_FILE_TEMPLATE || undefined, "file_template", DEFAULT_FILE_TEMPLATE),
    versionTable: pick(undefined, env.MIGRATOR_VERSION_TABLE || undefined, "version_table", "migrator_version"),
    historyTable: pick(undefined, undefined, "history_table", "migrator_history"),
    versionTableSchema: pick<string | null>(undefined, env.MIGRATOR_VERSION_TABLE_SCHEMA || undefined, "version_table_schema", null),
    transactionPerMigration: pick(
      overrides.transactionPerMigration,
      envBool("MIGRATOR_TRANSACTION_PER_MIGRATION", env.MIGRATOR_TRANSACTION_PER_MIGRATION),
      "transaction_per_migration",
      false,
    ),
    busyTimeoutMs: pick(overrides.busyTimeoutMs, busyEnv, "busy_timeout_ms", 30000),
    lockTimeoutMs: pick(overrides.lockTimeoutMs, lockEnv, "lock_timeout_ms", 60000),
    backup: pick(overrides.backup, envBool("MIGRATOR_BACKUP", env.MIGRATOR_BACKUP), "backup", false),
    configFile,
    root,
  };
}

/** Fail with dbmate-style advice when a command needs a database and none is configured. */
export function requireDatabase(config: Config): string {
  if (!config.database) {
    throw new UsageError("no_database", "no database configured", {
      hint: "set `database` in migrator.toml, MIGRATOR_DATABASE or DATABASE_URL, or pass --db PATH",
    });
  }
  return config.database;
}
