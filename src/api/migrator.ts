// openMigrator(): the programmatic API. The CLI is one client of it; an application calls
// `await (await openMigrator()).upgrade("head")` on start-up. Every method returns data.

import type { DeployLock, Dialect, Session } from "../dialect/dialect";
import { DifferenceError } from "../errors";
import type { PlannedStep, RunEvent, StepResult } from "../engine/runner";
import { runStamp } from "../engine/stamp";
import { VersionStore } from "../engine/version-store";
import type { RevisionMeta } from "../revisions/types";
import { fs, pathExists } from "../sys/files";
import { relative, resolve } from "../sys/paths";
import { loadConfig, maskSecret, requireDatabase, type Config, type ConfigOverrides } from "./config";
import { dialectFor } from "./dialects";
import { ensureMigratorModule, provideMigratorExports } from "./register-module";
import * as rev from "./_revisions";

export interface OpenMigratorOptions extends ConfigOverrides {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Called for each planned step, start and end, and table-copy progress. */
  onEvent?: (e: RunEvent) => void;
  /** Clock, injectable for tests. */
  now?: () => Date;
  /** Loads the package's public exports, for migration files that `import ... from "migrator"`
   *  (the CLI passes this; an application that imports the package provides them already). */
  migratorExports?: () => Promise<Record<string, unknown>>;
}

/** A revision as the API reports it: its metadata plus its place in the graph. */
export interface RevisionInfo extends Omit<RevisionMeta, "transactional" | "format"> {
  isHead: boolean;
  isBranchPoint: boolean;
  isMergePoint: boolean;
  isCurrent?: boolean;
}

export interface RunResult {
  from: string[];
  to: string[];
  steps: StepResult[];
  backup: string | null;
  /** Applied migrations whose file changed since (upgrade only; they are not run again). */
  modified?: { revision: string; path: string }[];
}

export interface CurrentResult {
  database: string;
  heads: RevisionInfo[];
  /** Revisions of the version table that no migration file describes. */
  unknown: string[];
  upToDate: boolean;
  pending: number;
  /** Applied migrations whose file changed since it was applied. */
  modified: { revision: string; path: string }[];
}

export interface RevisionOptions {
  message?: string;
  revId?: string;
  head?: string;
  splice?: boolean;
  branchLabel?: string;
  dependsOn?: string[];
  sql?: boolean;
  /** Bodies of upgrade()/downgrade() (used by autogenerate). */
  upgradeBody?: string;
  downgradeBody?: string;
}

// The file writer (templates, id generation) loads when a file is written, so the commands
// that only read don't carry its code. `require` keeps revision() and merge() synchronous; the
// bundler gives the module a chunk of its own, loaded at the call.
let writerModule: typeof import("../revisions/write-revision") | undefined;
const writer = () => (writerModule ??= require("../revisions/write-revision") as typeof import("../revisions/write-revision"));

export class Migrator {
  readonly config: Config;
  private readonly opts: OpenMigratorOptions;
  private session: Session | null = null;
  private dialectValue: Dialect | null = null;

  constructor(config: Config, opts: OpenMigratorOptions) {
    this.config = config;
    this.opts = opts;
  }

  // ---- graph (never opens the database, never runs migration code) ----

  graph(): rev.Graph {
    return this.scripts().graph;
  }

  /** The graph for showing it: in a large folder, unchanged files' metadata may come from the
   *  metadata cache (revisions/metadata-cache.ts) instead of a read. Plan nothing with it. */
  displayGraph(): rev.Graph {
    return rev.loadGraphForDisplay(this.config.migrations, { env: this.opts.env ?? process.env });
  }

  /** The migrations folder read now: metadata, graph and the files' texts. */
  private scripts(): rev.ScriptDirectory {
    return rev.loadScriptDirectory(this.config.migrations);
  }

  private info(g: rev.Graph, m: RevisionMeta, current?: Set<string>): RevisionInfo {
    const f = g.flags(m.revision);
    return {
      revision: m.revision,
      downRevisions: m.downRevisions,
      branchLabels: m.branchLabels,
      dependsOn: m.dependsOn,
      message: m.message,
      createDate: m.createDate,
      path: m.path,
      isHead: (f & rev.GraphFlags.Head) !== 0,
      isBranchPoint: (f & rev.GraphFlags.BranchPoint) !== 0,
      isMergePoint: m.downRevisions.length > 1,
      ...(current ? { isCurrent: current.has(m.revision) } : {}),
    };
  }

  // The graph methods below read the migrations folder; `g` lets a caller that already holds
  // the graph (a command that prints with it) skip reading every file again.

  /** One revision of the graph as the API reports it (no database involved). */
  revisionInfo(revision: string, g: rev.Graph = this.graph()): RevisionInfo {
    return this.info(g, g.get(revision));
  }

  heads(): RevisionInfo[] {
    const g = this.graph();
    return g.heads().map((h) => this.info(g, g.get(h)));
  }

  branches(): RevisionInfo[] {
    const g = this.graph();
    return g.branchPoints().map((h) => this.info(g, g.get(h)));
  }

  async show(spec: string, g: rev.Graph = this.graph()): Promise<RevisionInfo[]> {
    const current = spec.includes("current") || /^[-+]\d+$/.test(spec) ? await this.currentHeads() : [];
    return g.resolve(spec, current).map((r) => this.info(g, g.get(r)));
  }

  async history(opts: { range?: string; indicateCurrent?: boolean } = {}, g: rev.Graph = this.graph()): Promise<RevisionInfo[]> {
    const { ids, current } = await this.historyIds(opts, g);
    return ids.map((r) => this.info(g, g.get(r), current ?? undefined));
  }

  /** history() as ids, newest first, and (with indicateCurrent) the database's current ones. */
  async historyIds(opts: { range?: string; indicateCurrent?: boolean } = {}, g: rev.Graph = this.graph()): Promise<{ ids: string[]; current: Set<string> | null }> {
    const needsDb = opts.indicateCurrent || (opts.range ?? "").includes("current") || /(^|:)[-+]\d/.test(opts.range ?? "");
    const current = needsDb ? await this.currentHeads() : [];
    return { ids: g.history(opts.range, current), current: opts.indicateCurrent ? new Set(current) : null };
  }

  // ---- database state ----

  /** The dialect of the configured database (PostgreSQL's code loads here, on first use). */
  async dialect(): Promise<Dialect> {
    return (this.dialectValue ??= await dialectFor(requireDatabase(this.config)));
  }

  private async connection(): Promise<Session> {
    if (!this.session) {
      const d = await this.dialect();
      this.session = await d.connect(requireDatabase(this.config), {
        busyTimeoutMs: this.config.busyTimeoutMs,
        env: this.opts.env ?? process.env,
      });
    }
    return this.session;
  }

  private async store(): Promise<VersionStore> {
    const session = await this.connection();
    return new VersionStore(session, await this.dialect(), this.config.versionTable, this.config.historyTable, this.config.versionTableSchema);
  }

  /** Run `fn` with the open session and its dialect (autogenerate --from-db). */
  async withSession<T>(fn: (session: Session, dialect: Dialect) => T | Promise<T>): Promise<T> {
    const session = await this.connection();
    return fn(session, await this.dialect());
  }

  /** Read-only commands on a SQLite file that does not exist yet: nothing applied, and no
   *  empty file left behind. */
  private missingDatabase(): boolean {
    const db = requireDatabase(this.config);
    return this.config.databaseKind === "sqlite" && !this.session && db !== ":memory:" && !pathExists(db);
  }

  async currentHeads(): Promise<string[]> {
    if (this.missingDatabase()) return [];
    return (await this.store()).heads();
  }

  async current(): Promise<CurrentResult> {
    // read-only: unchanged files' metadata and checksums may come from the metadata cache
    const { graph: g, checksums } = rev.loadGraphWithChecksums(this.config.migrations, { env: this.opts.env ?? process.env });
    const store = this.missingDatabase() ? null : await this.store();
    const heads = store ? await store.heads() : [];
    // loops, not filter(): `current` is a start-up path, where a builtin's first call costs ~20 µs
    const known: string[] = [];
    const unknown: string[] = [];
    for (const h of heads) (g.has(h) ? known : unknown).push(h);
    const infos: RevisionInfo[] = [];
    for (const h of known) infos.push(this.info(g, g.get(h)));
    // what planning an upgrade to heads would count (plan.ts's pendingCount), without loading it
    const pending = unknown.length === 0 ? g.size - g.ancestors(heads).size : 0;
    const modified = store ? await this.modifiedApplied(g, store, (path) => checksums.get(path) ?? null) : [];
    return {
      database: maskSecret(this.config.database!),
      heads: infos,
      unknown,
      upToDate: unknown.length === 0 && pending === 0 && heads.length > 0 ? true : unknown.length === 0 && pending === 0,
      pending,
      modified,
    };
  }

  /**
   * Applied migrations whose file no longer has the checksum recorded when it was applied.
   * `checksumOf(path)` gives the checksum of the text the graph was read from (or the metadata
   * cache's), so no file is read twice; null when there is none or the text is not the file's
   * bytes (invalid UTF-8 decodes to U+FFFD): that file is hashed from its bytes.
   */
  private async modifiedApplied(g: rev.Graph, store: VersionStore, checksumOf: (path: string) => string | null): Promise<{ revision: string; path: string }[]> {
    const out: { revision: string; path: string }[] = [];
    for (const [r, checksum] of await store.appliedChecksums()) {
      if (!g.has(r)) continue;
      const m = g.get(r);
      let sum = checksumOf(m.path);
      if (sum === null) {
        try {
          sum = rev.checksumOf(fs().readFileSync(resolve(this.config.migrations, m.path)));
        } catch {
          continue; // gone since the graph was read
        }
      }
      if (sum !== checksum) out.push({ revision: r, path: m.path });
    }
    return out;
  }

  /** `current --check`: a DifferenceError (exit 3) unless the database is at head. */
  async checkCurrent(): Promise<CurrentResult> {
    const c = await this.current();
    if (c.unknown.length) {
      throw new DifferenceError("unknown_revision_in_db", `database is at revision ${c.unknown.join(", ")}, which no migration file describes`, {
        hint: "Can't locate revision identified by '" + c.unknown[0] + "': stamp the database or restore the file",
      });
    }
    if (!c.upToDate) {
      throw new DifferenceError("not_up_to_date", `Target database is not up to date: ${c.pending} migration(s) pending`, {
        hint: "run `migrator upgrade head`",
      });
    }
    if (c.modified.length) {
      // applied migrations are immutable (DESIGN.md §2): an edited one is drift
      const list = c.modified.map((x) => `${x.revision} (${x.path})`).join(", ");
      throw new DifferenceError("applied_migration_changed", `applied migration file(s) changed since they were applied: ${list}`, {
        hint: "restore the file and put the change in a new migration (`migrator revision`)",
        data: { modified: c.modified },
      });
    }
    return c;
  }

  // ---- changing the database ----

  private async runContext() {
    const dialect = await this.dialect();
    const lock: DeployLock = {
      name: [this.config.versionTableSchema, this.config.versionTable].filter(Boolean).join("."),
      timeoutMs: dialect.name === "sqlite" ? this.config.busyTimeoutMs : this.config.lockTimeoutMs,
    };
    return {
      session: await this.connection(),
      dialect,
      location: requireDatabase(this.config),
      lock,
      store: await this.store(),
      migrationsDir: this.config.migrations,
      transactionPerMigration: this.config.transactionPerMigration,
      onEvent: this.opts.onEvent,
      now: this.opts.now,
    };
  }

  private async backup(enabled: boolean | undefined): Promise<string | null> {
    if (!(enabled ?? this.config.backup)) return null;
    const db = requireDatabase(this.config);
    // nothing to keep in a database file that does not exist yet
    if (this.missingDatabase()) return null;
    const stamp = (this.opts.now?.() ?? new Date()).toISOString().replace(/[-:]/g, "").replace("Z", "");
    return (await this.dialect()).backup(await this.connection(), db, stamp);
  }

  async upgrade(target = "heads", opts: { backup?: boolean } = {}): Promise<RunResult> {
    const sd = this.scripts();
    const g = sd.graph;
    const modified = this.missingDatabase() ? [] : await this.modifiedApplied(g, await this.store(), (path) => rev.sourceChecksum(sd.sources.get(path)));
    const backup = await this.backup(opts.backup);
    let from: string[] = [];
    // a new project (no revisions yet): `upgrade head` has nothing to do, as in Alembic
    const none = g.size === 0 && (target === "head" || target === "heads");
    // only TypeScript migrations import "migrator"
    if (sd.revisions.some((r) => r.format === "ts")) await ensureMigratorModule();
    // the op runner loads only when something may run (`current`, `heads` never need it)
    const { runPlan } = await import("../engine/runner");
    const steps = await runPlan({ ...(await this.runContext()), sources: sd.sources, sqlLayouts: sd.sqlLayouts }, (heads) => {
      from = heads;
      return none ? [] : rev.planning().planUpgrade(g, heads, target);
    });
    return { from, to: await this.currentHeads(), steps, backup, modified };
  }

  async downgrade(target: string, opts: { backup?: boolean } = {}): Promise<RunResult> {
    const sd = this.scripts();
    const g = sd.graph;
    const backup = await this.backup(opts.backup);
    let from: string[] = [];
    if (sd.revisions.some((r) => r.format === "ts")) await ensureMigratorModule();
    const { runPlan } = await import("../engine/runner");
    const steps = await runPlan({ ...(await this.runContext()), sources: sd.sources, sqlLayouts: sd.sqlLayouts }, (heads) => {
      from = heads;
      return rev.planning().planDowngrade(g, heads, target);
    });
    return { from, to: await this.currentHeads(), steps, backup };
  }

  /** The steps an upgrade/downgrade would run, without running them. */
  async plan(direction: "up" | "down", target: string): Promise<PlannedStep[]> {
    const g = this.graph();
    const heads = await this.currentHeads();
    return direction === "up" ? rev.planning().planUpgrade(g, heads, target) : rev.planning().planDowngrade(g, heads, target);
  }

  async stamp(targets: string[], opts: { purge?: boolean } = {}): Promise<{ from: string[]; to: string[] }> {
    const g = this.graph();
    const r = await runStamp(await this.runContext(), (heads) => rev.planning().planStamp(g, heads, targets, !!opts.purge));
    return { from: r.before, to: r.after };
  }

  // ---- writing files ----

  revision(opts: RevisionOptions): { revision: string; path: string } {
    const g = this.graph();
    const w = writer().writeRevision({
      dir: this.config.migrations,
      graph: g,
      fileTemplate: this.config.fileTemplate,
      now: this.opts.now?.() ?? new Date(),
      message: opts.message ?? "",
      head: opts.head,
      splice: opts.splice,
      branchLabel: opts.branchLabel,
      dependsOn: opts.dependsOn,
      revId: opts.revId,
      sql: opts.sql,
      upgrade: opts.upgradeBody,
      downgrade: opts.downgradeBody,
    });
    return { revision: w.meta.revision, path: w.path };
  }

  merge(revisions: string[], opts: { message?: string; revId?: string; branchLabel?: string } = {}) {
    const g = this.graph();
    const w = writer().writeMerge({
      dir: this.config.migrations,
      graph: g,
      fileTemplate: this.config.fileTemplate,
      now: this.opts.now?.() ?? new Date(),
      revisions,
      message: opts.message ?? "",
      revId: opts.revId,
      branchLabel: opts.branchLabel,
    });
    return { revision: w.meta.revision, path: w.path };
  }

  // ---- autogenerate (lazy: the differ, renderer and model parser load only when used) ----

  /** `revision --autogenerate`: write a migration for the model's changes (none: revision null). */
  async autogenerate(opts: Omit<RevisionOptions, "upgradeBody" | "downgradeBody"> & { fromDb?: boolean; allowEmpty?: boolean } = {}) {
    const { autogenerateRevision } = await import("./autogenerate");
    return autogenerateRevision(this, opts);
  }

  /** `check`: a DifferenceError (exit 3) listing the changes no migration covers. */
  async check(opts: { fromDb?: boolean } = {}): Promise<{ changes: string[] }> {
    const { diff } = await import("./autogenerate");
    const d = await diff(this, opts);
    if (d.operations.length) {
      throw new DifferenceError("model_changed", `the model has ${d.summary.length} change(s) that no migration covers`, {
        hint: 'run `migrator revision --autogenerate -m "..."`',
        data: { changes: d.summary },
      });
    }
    return { changes: [] };
  }

  /** `diff`: the changes and the SQL they would run; writes nothing. */
  async diff(opts: { fromDb?: boolean } = {}) {
    const { diffWithSql } = await import("./autogenerate");
    return diffWithSql(this, opts);
  }

  /** `test`: every revision up, down, up on a scratch database; then the model must match. */
  async roundTrip(opts: { onRevision?: (revision: string) => void } = {}) {
    const { roundTrip } = await import("./round-trip");
    return roundTrip(this, opts);
  }

  async close(): Promise<void> {
    const s = this.session;
    this.session = null;
    await s?.close();
  }

  /** Path relative to the working directory, for messages. */
  rel(path: string): string {
    return relative(this.opts.cwd ?? process.cwd(), path) || ".";
  }
}

export async function openMigrator(opts: OpenMigratorOptions = {}): Promise<Migrator> {
  const config = loadConfig(opts, opts.cwd ?? process.cwd(), opts.env ?? process.env);
  if (opts.migratorExports) provideMigratorExports(opts.migratorExports);
  return new Migrator(config, opts);
}

