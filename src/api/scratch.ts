// A scratch database for work that must not touch the configured one (autogenerate's replay,
// `migrator test`, offline SQL): made by the configured database's dialect (SQLite: in memory;
// PostgreSQL: a new database on the same server), and always dropped, even on error.

import type { DeployLock, Dialect, Scratch, Session } from "../dialect/dialect";
import type { RunContext } from "../engine/runner";
import { VersionStore } from "../engine/version-store";
import { requireDatabase } from "./config";
import type { Migrator } from "./migrator";

export interface ScratchRun {
  scratch: Scratch;
  session: Session;
  dialect: Dialect;
  /** a run context on the scratch database: one transaction a run, no run lock needed */
  ctx: RunContext;
  /** the version and history tables, left out when comparing schemas */
  exclude: string[];
}

/** The dialect of the configured database, or SQLite's when none is configured. */
export async function scratchDialect(m: Migrator): Promise<Dialect> {
  if (m.config.database === null) return (await import("./dialects")).dialectFor(":memory:");
  return m.dialect();
}

export async function openScratch(m: Migrator): Promise<ScratchRun> {
  const dialect = await scratchDialect(m);
  const location = m.config.database === null ? ":memory:" : requireDatabase(m.config);
  const scratch = await dialect.scratch(null, location);
  const session = scratch.session;
  const lock: DeployLock = { name: m.config.versionTable, timeoutMs: 0 };
  const store = new VersionStore(session, dialect, m.config.versionTable, m.config.historyTable);
  return {
    scratch,
    session,
    dialect,
    ctx: { session, dialect, location: scratch.location, lock, store, migrationsDir: m.config.migrations, transactionPerMigration: false },
    exclude: [m.config.versionTable, m.config.historyTable],
  };
}

export async function withScratch<T>(m: Migrator, fn: (s: ScratchRun) => Promise<T>): Promise<T> {
  const s = await openScratch(m);
  try {
    return await fn(s);
  } finally {
    await s.scratch.drop();
  }
}
