// PostgreSQL connection URLs (DESIGN.md §7): parse and normalise `postgres://` and
// `postgresql://` URLs in libpq's URI form (postgresql.org/docs/current/libpq-connect.html
// §34.1.1.2), fill what they leave out from the PG* variables, and redact the password.

import { UsageError } from "../../errors";

/** libpq's sslmode values (libpq-ssl.html). */
export type SslMode = "disable" | "allow" | "prefer" | "require" | "verify-ca" | "verify-full";
const SSL_MODES: readonly string[] = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

export interface PgConnectionInfo {
  /** a host name, an IP address (IPv6 without brackets) or a Unix-socket directory (starts with "/") */
  host: string;
  port: number;
  user: string;
  password: string | null;
  database: string;
  /** Prisma's `?schema=`: the schema migrator works in (becomes the search_path); null: the server's */
  schema: string | null;
  sslmode: SslMode;
  /** libpq's `?options=` (e.g. `-c search_path=app`), sent to the server at start-up */
  options: string | null;
  applicationName: string | null;
  /** libpq's `?connect_timeout=` in seconds, or null */
  connectTimeoutS: number | null;
  /** other query parameters (Prisma's connection_limit, pgbouncer, ...): kept, not applied */
  params: Record<string, string>;
}

export type Env = Record<string, string | undefined>;

const DEFAULT_PORT = 5432;
const SCHEMES = ["postgres:", "postgresql:"];

/** Whether `location` is a PostgreSQL URL (the composition root picks the dialect with it). */
export function isPgUrl(location: string): boolean {
  const m = /^([a-z][a-z0-9+.-]*:)\/\//i.exec(location.trim());
  return !!m && SCHEMES.includes(m[1]!.toLowerCase());
}

function bad(url: string, why: string): UsageError {
  return new UsageError("bad_database_url", `invalid PostgreSQL URL ${redactUrl(url)}: ${why}`, {
    hint: "write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE?schema=SCHEMA (percent-encode special characters)",
  });
}

function decode(url: string, part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw bad(url, `the ${what} has a malformed %-escape`);
  }
}

/**
 * Parse a PostgreSQL URL. What it leaves out comes from `env`'s PGHOST, PGPORT, PGUSER,
 * PGPASSWORD, PGDATABASE, PGSSLMODE, PGOPTIONS, PGAPPNAME (when an env is given), then from
 * libpq's defaults: host localhost, port 5432, user "postgres", database = the user name.
 * Throws a UsageError (password redacted) for anything malformed.
 *
 * @example parsePgUrl("postgresql://app:s3cret@db:5433/shop?schema=sales").schema // "sales"
 */
export function parsePgUrl(url: string, env: Env = {}): PgConnectionInfo {
  const text = url.trim();
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i.exec(text);
  if (!m || !SCHEMES.includes(m[1]!.toLowerCase() + ":")) throw bad(url, "it must start with postgres:// or postgresql://");
  const authority = m[2]!;
  const path = m[3]!;
  const query = m[4] ?? "";

  // the password may contain '@' when not encoded: the last '@' ends the user info
  const at = authority.lastIndexOf("@");
  const userinfo = at >= 0 ? authority.slice(0, at) : null;
  const hostport = at >= 0 ? authority.slice(at + 1) : authority;
  let user: string | null = null;
  let password: string | null = null;
  if (userinfo !== null) {
    const colon = userinfo.indexOf(":");
    user = decode(url, colon >= 0 ? userinfo.slice(0, colon) : userinfo, "user name") || null;
    if (colon >= 0) password = decode(url, userinfo.slice(colon + 1), "password");
  }

  let host: string | null = null;
  let port: string | null = null;
  if (hostport.startsWith("[")) {
    const close = hostport.indexOf("]");
    if (close < 0) throw bad(url, "an IPv6 address needs its closing ']'");
    host = hostport.slice(1, close);
    const rest = hostport.slice(close + 1);
    if (rest && !rest.startsWith(":")) throw bad(url, `unexpected "${rest}" after the IPv6 address`);
    port = rest ? rest.slice(1) : null;
  } else if (hostport) {
    if (hostport.includes(",")) throw bad(url, "several hosts are not supported");
    const colon = hostport.lastIndexOf(":");
    host = decode(url, colon >= 0 ? hostport.slice(0, colon) : hostport, "host");
    port = colon >= 0 ? hostport.slice(colon + 1) : null;
  }
  if (host === "") host = null;
  if (port === "") port = null;

  let database = path.length > 1 ? decode(url, path.slice(1), "database name") : null;
  if (database !== null && database.includes("/")) throw bad(url, `the database name "${database}" contains '/'`);

  const params: Record<string, string> = {};
  let schema: string | null = null;
  let sslmode: string | null = null;
  let options: string | null = null;
  let applicationName: string | null = null;
  let connectTimeout: string | null = null;
  for (const pair of query ? query.split("&") : []) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const key = decode(url, (eq >= 0 ? pair.slice(0, eq) : pair).replaceAll("+", " "), "query");
    const value = decode(url, (eq >= 0 ? pair.slice(eq + 1) : "").replaceAll("+", " "), `value of ${key}`);
    switch (key) {
      case "schema": schema = value || null; break;
      case "sslmode": sslmode = value; break;
      case "options": options = value || null; break;
      case "application_name": applicationName = value || null; break;
      case "connect_timeout": connectTimeout = value; break;
      // libpq lets the URI's query carry the connection's parts too
      case "host": host = value || host; break;
      case "port": port = value || port; break;
      case "user": user = value || user; break;
      case "password": password = value; break;
      case "dbname": database = value || database; break;
      default: params[key] = value;
    }
  }

  host ??= env.PGHOST || "localhost";
  port ??= env.PGPORT || null;
  user ??= env.PGUSER || "postgres";
  if (password === null && env.PGPASSWORD !== undefined && env.PGPASSWORD !== "") password = env.PGPASSWORD;
  database ??= env.PGDATABASE || user;
  sslmode ??= env.PGSSLMODE || "prefer";
  options ??= env.PGOPTIONS || null;
  applicationName ??= env.PGAPPNAME || null;

  const portNum = port === null ? DEFAULT_PORT : Number(port);
  if (!/^\d+$/.test(String(port ?? DEFAULT_PORT)) || portNum < 1 || portNum > 65535) throw bad(url, `the port "${port}" is not a number from 1 to 65535`);
  if (!SSL_MODES.includes(sslmode)) throw bad(url, `sslmode "${sslmode}" is not one of ${SSL_MODES.join(", ")}`);
  let connectTimeoutS: number | null = null;
  if (connectTimeout !== null && connectTimeout !== "") {
    connectTimeoutS = Number(connectTimeout);
    if (!Number.isFinite(connectTimeoutS) || connectTimeoutS < 0) throw bad(url, `connect_timeout "${connectTimeout}" is not a number of seconds`);
  }
  return {
    host, port: portNum, user, password, database, schema, sslmode: sslmode as SslMode, options, applicationName,
    connectTimeoutS, params,
  };
}

const enc = (s: string) => encodeURIComponent(s);

/** `host:port` as messages show it ("cannot connect to PostgreSQL at db.internal:5432"). */
export function hostPort(info: Pick<PgConnectionInfo, "host" | "port">): string {
  return `${info.host.includes(":") ? `[${info.host}]` : info.host}:${info.port}`;
}

/**
 * The normalised URL of `info`: scheme postgresql://, every part written out, the query in a
 * fixed order. `redact`: the password becomes `***` (for labels and messages).
 */
export function formatPgUrl(info: PgConnectionInfo, opts: { redact?: boolean } = {}): string {
  const pw = info.password === null ? "" : `:${opts.redact ? "***" : enc(info.password)}`;
  const socket = info.host.startsWith("/");
  const host = socket ? "" : info.host.includes(":") ? `[${info.host}]` : enc(info.host);
  const q: string[] = [];
  if (socket) q.push(`host=${enc(info.host)}`);
  if (info.schema !== null) q.push(`schema=${enc(info.schema)}`);
  if (info.sslmode !== "prefer") q.push(`sslmode=${info.sslmode}`);
  if (info.options !== null) q.push(`options=${enc(info.options)}`);
  if (info.applicationName !== null) q.push(`application_name=${enc(info.applicationName)}`);
  if (info.connectTimeoutS !== null) q.push(`connect_timeout=${info.connectTimeoutS}`);
  for (const [k, v] of Object.entries(info.params)) q.push(`${enc(k)}=${enc(v)}`);
  const port = socket && info.port === DEFAULT_PORT ? "" : `:${info.port}`;
  return `postgresql://${enc(info.user)}${pw}@${host}${port}/${enc(info.database)}${q.length ? "?" + q.join("&") : ""}`;
}

/** A copy of `info` pointing at another database on the same server (scratch, maintenance). */
export function withDatabase(info: PgConnectionInfo, database: string): PgConnectionInfo {
  return { ...info, database, params: { ...info.params } };
}

/**
 * `url` with its password replaced by `***` (in the user info and in a `password=` query
 * parameter). Never throws: text that is not a URL comes back with any `user:secret@` hidden.
 */
export function redactUrl(url: string): string {
  let out = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^/?#]*@/i, (_, head: string) => `${head}:***@`);
  if (out === url) {
    // a password with an unencoded '/', '?' or '#' breaks the URL's shape: hide everything
    // between the user's ':' and the last '@' rather than risk showing it
    const m = /^([a-z][a-z0-9+.-]*:\/\/)([^:/?#@]*):(.*)@/is.exec(url);
    if (m) out = `${m[1]}${m[2]}:***@${url.slice(m[0].length)}`;
  }
  return out.replace(/([?&]password=)[^&#]*/gi, "$1***");
}

/**
 * `text` (an error message, a log line) with every trace of `url`'s password removed: the URL
 * itself in any spelling, the password raw and %-encoded. Passwords shorter than 4 characters
 * are removed only where they appear inside a URL, so that "a" does not blank every letter a.
 */
export function redactText(text: string, url: string): string {
  let out = text.split(url).join(redactUrl(url));
  // any other URL in the text with a password in it
  out = out.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^/?#@\s]*@/gi, (_, head: string) => `${head}:***@`);
  let password: string | null = null;
  try {
    password = parsePgUrl(url).password;
  } catch {
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:([^/?#]*)@/i.exec(url);
    password = m ? m[1]! : null;
  }
  if (password && password.length >= 4) {
    for (const form of new Set([password, enc(password)])) out = out.split(form).join("***");
  }
  return out;
}
