// The deploy lock on PostgreSQL (DESIGN.md §7): the run's transaction begins holding a
// transaction-level advisory lock (functions-admin.html#FUNCTIONS-ADVISORY-LOCKS), so two
// deploys of one database never interleave and the lock goes with COMMIT, ROLLBACK or a crash.

import type { DeployLock, Session } from "../dialect";
import { DatabaseError, isMigratorError } from "../../errors";
import { quoteIdent } from "./pg-quote";

/**
 * The advisory-lock key of a lock name: the first 8 bytes of SHA-256 of its UTF-8 text, read
 * big-endian as a signed 64-bit integer (pg_advisory_xact_lock takes a bigint). Stable across
 * processes, versions and machines; two names collide with probability 2^-64.
 */
export function advisoryKey(name: string): bigint {
  // Bun's hasher, not node:crypto: that module (and the streams it loads) is a quarter of the
  // start-up of `migrator current` on PostgreSQL
  const digest = Bun.SHA256.hash(name) as Uint8Array;
  return new DataView(digest.buffer, digest.byteOffset, digest.byteLength).getBigInt64(0, false);
}

/**
 * BEGIN the run's transaction on `session` and take the deploy lock in it: `SET LOCAL
 * lock_timeout` (so the wait, and every later lock of the run, is bounded) then
 * `pg_advisory_xact_lock(key)`. One round trip. `timeoutMs` 0 fails at once when another
 * holds the lock (lock_timeout 0 would mean "wait forever" to PostgreSQL). When the wait runs
 * out the transaction is rolled back and a DatabaseError "lock_timeout" says another migrator
 * is running on this database.
 */
export async function beginLocked(session: Session, lock: DeployLock): Promise<void> {
  const key = advisoryKey(lock.name);
  const ms = Math.max(0, Math.floor(lock.timeoutMs));
  try {
    if (ms === 0) {
      await session.exec("BEGIN");
      const row = await session.get<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS ok", [key]);
      if (!row?.ok) throw busy(lock, ms);
    } else {
      // numbers we made ourselves: safe to inline, and a script needs no parameters
      await session.execScript(`BEGIN; SET LOCAL lock_timeout = '${ms}ms'; SELECT pg_advisory_xact_lock('${key}'::bigint);`);
    }
  } catch (e) {
    if (session.inTransaction) await session.exec("ROLLBACK").catch(() => {});
    if (isMigratorError(e) && e.code === "lock_timeout") throw busy(lock, ms, e);
    throw e;
  }
}

function busy(lock: DeployLock, ms: number, cause?: unknown): DatabaseError {
  const waited = ms === 0 ? "the lock was taken and lock_timeout is 0" : `waited ${ms} ms for the deploy lock`;
  return new DatabaseError("lock_timeout", `lock timeout: another migrator is running on this database (${waited}; lock "${lock.name}")`, {
    hint: "let the other deploy finish and run again (it will find nothing left to do), or allow a longer lock timeout",
    cause,
    data: { lock: lock.name, key: advisoryKey(lock.name).toString(), timeoutMs: ms },
  });
}

/**
 * Whether table `name` (optionally in `schema`; else as the search_path finds it) exists. Asks
 * to_regclass, which answers NULL instead of failing, so it is safe inside a transaction, where
 * a failed statement would abort the whole run (SQLSTATE 25P02). Views and indexes of that name
 * do not count.
 */
export async function tableExists(session: Session, name: string, schema?: string | null): Promise<boolean> {
  const qualified = schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name);
  const row = await session.get<{ ok: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid = to_regclass($1) AND relkind IN ('r', 'p')) AS ok",
    [qualified],
  );
  return row?.ok === true;
}
