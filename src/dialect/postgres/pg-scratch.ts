// Scratch databases on a PostgreSQL server (DESIGN.md §7): autogenerate's replay and
// `migrator test` run in a database made for the task on the same server and always dropped,
// with DROP DATABASE ... WITH (FORCE) (PostgreSQL 13+, sql-dropdatabase.html).

import type { Scratch } from "../dialect";
import { DatabaseError } from "../../errors";
import { quoteIdent } from "./pg-quote";
import { PgSession, type PgSessionOptions } from "./pg-session";
import { formatPgUrl, parsePgUrl, withDatabase, type PgConnectionInfo } from "./pg-url";
import { sqlState } from "./pg-errors";

/** The database CREATE/DROP DATABASE are sent from (one cannot drop the database one is in). */
const MAINTENANCE_DB = "postgres";

/** A fresh name: mig_scratch_<pid>_<8 hex>, within PostgreSQL's 63-byte identifiers. */
export function scratchName(): string {
  const rand = crypto.getRandomValues(new Uint8Array(4));
  return `mig_scratch_${process.pid}_${Buffer.from(rand).toString("hex")}`;
}

async function openMaintenance(info: PgConnectionInfo, opts: PgSessionOptions): Promise<PgSession> {
  try {
    return await PgSession.open(formatPgUrl(withDatabase(info, MAINTENANCE_DB)), opts);
  } catch (e) {
    // a server without a "postgres" database: the URL's own database serves as well
    if ((e as DatabaseError).code === "pg_no_database" && info.database !== MAINTENANCE_DB) {
      return await PgSession.open(formatPgUrl(info), opts);
    }
    throw e;
  }
}

/**
 * CREATE DATABASE "mig_scratch_<pid>_<rand>" on the server of `url` and open a session on it.
 * `location` is the URL that opens it again (it carries the password: redact before printing).
 * `drop()` closes the session and drops the database, whatever state the session is in;
 * calling it twice is harmless. A failure between CREATE and the return drops it too.
 */
export async function createScratch(url: string, opts: PgSessionOptions = {}): Promise<Scratch> {
  const info = parsePgUrl(url, opts.env);
  const name = scratchName();
  const target = withDatabase(info, name);
  const location = formatPgUrl(target);
  const admin = await openMaintenance(info, opts);
  try {
    await admin.exec(`CREATE DATABASE ${quoteIdent(name)}`);
  } catch (e) {
    await admin.close();
    if (sqlState((e as DatabaseError).cause) === "42501") {
      throw new DatabaseError("pg_scratch_denied", `cannot create a scratch database on ${admin.label}: user "${info.user}" may not create databases`, {
        hint: `grant it: ALTER ROLE ${quoteIdent(info.user)} CREATEDB; (autogenerate replays the migrations into a scratch database)`,
        cause: e,
      });
    }
    throw e;
  }
  await admin.close();

  let session: PgSession | null = null;
  let dropped = false;
  const failed = (e: unknown) =>
    new DatabaseError("pg_scratch_drop_failed", `could not drop the scratch database "${name}": ${(e as Error).message}`, {
      hint: `drop it by hand: DROP DATABASE ${quoteIdent(name)} WITH (FORCE);`,
      cause: e,
    });
  const drop = async (): Promise<void> => {
    if (dropped) return;
    await session?.close().catch(() => {});
    let a: PgSession;
    try {
      a = await openMaintenance(info, opts);
    } catch (e) {
      throw failed(e); // dropped stays false: a later call tries again
    }
    try {
      await a.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      dropped = true;
    } catch (e) {
      throw failed(e);
    } finally {
      await a.close();
    }
  };
  try {
    session = await PgSession.open(location, { ...opts, env: undefined });
  } catch (e) {
    await drop().catch(() => {});
    throw e;
  }
  return { session, location, drop };
}

/**
 * Run `fn` with a scratch database and drop it afterwards, also when `fn` throws (then `fn`'s
 * error is the one that comes out, even if the drop fails too).
 */
export async function withScratch<T>(url: string, fn: (scratch: Scratch) => Promise<T>, opts: PgSessionOptions = {}): Promise<T> {
  const scratch = await createScratch(url, opts);
  let result: T;
  try {
    result = await fn(scratch);
  } catch (e) {
    await scratch.drop().catch(() => {});
    throw e;
  }
  await scratch.drop();
  return result;
}
