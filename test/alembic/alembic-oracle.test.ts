// Replays what real Alembic 1.8.1 did (fixtures recorded with ../shared/alembic-oracle:
// gen_graph.py, gen_script.py, alembic_oracle.py) through migrator's programmatic API on real
// temporary SQLite files, step by step, with the comparison rules of the oracle's
// `compare.py --migrator` (the deliberate differences of DESIGN.md §2). CI needs no Python.
import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { openMigrator, type Migrator } from "../../src/api/migrator";
import { renderBranches, renderCurrent, renderHeads, renderHistory, renderShow } from "../../src/cli/commands/_revision-lines";
import { MigratorError } from "../../src/errors";
import { project, writeMigration } from "../_support/project";

interface GraphRev {
  id: string;
  down: string[];
  labels: string[];
  message: string;
  fail?: "up" | "down" | "both";
}
interface Expected {
  i: number;
  step: string[];
  status: "ok" | "error";
  error?: { class: string; message: string; cause?: { message: string } };
  ran: [string, string][];
  version: string[];
  stdout?: string;
  warnings?: string[];
  created?: { id: string; down: string[]; labels: string[]; message?: string };
}
interface Actual {
  status: "ok" | "error";
  message?: string;
  raw?: boolean;
  ran: [string, string][];
  version: string[];
  stdout: string;
  created?: { id: string; down: string[] };
}

const FIXTURES = join(import.meta.dir, "fixtures");
const SHOW_KEYS = ["Rev:", "Parent:", "Merges:", "Branches into:", "Branch names:", "Also depends on:"];
const showLines = (t = "") => t.split("\n").filter((l) => SHOW_KEYS.some((k) => l.startsWith(k)));

/** A revision as a SQL migration that logs (id, direction) and fails where the graph says. */
function writeRev(migrations: string, r: GraphRev): void {
  const body = (dir: "up" | "down") =>
    `INSERT INTO log (id, dir) VALUES ('${r.id}', '${dir}');` + (r.fail === dir || r.fail === "both" ? `\nINSERT INTO no_such_table VALUES ('${dir} of ${r.id} fails on purpose');` : "");
  writeMigration(migrations, {
    rev: r.id,
    down: r.down.length === 0 ? null : r.down,
    message: r.message,
    branchLabels: r.labels.length > 0 ? r.labels : undefined,
    sql: true,
    up: body("up"),
    downBody: body("down"),
    file: `${r.id}.sql`,
  });
}

/** Alembic's kind of deliberate difference for an expected step (compare.py deviation()). */
function deviation(e: Expected): string | null {
  const err = e.error;
  if (e.status === "error" && err && err.class !== "CommandError" && err.class !== "RuntimeError") return "crash";
  if ((e.warnings ?? []).some((w) => w.includes("from multiple heads is ambiguous"))) return "multihead";
  if (e.step[0] === "stamp" && e.step.includes("--purge") && e.status === "error" && err?.class === "CommandError") return "purgefail";
  if (e.step[0] === "downgrade" && err?.class === "CommandError" && err.message === "Ambiguous walk") return "mergewalk";
  if (err?.class === "CommandError" && (err.cause?.message ?? "").startsWith("Multiple revisions start with")) return "prefix";
  return null;
}

function compareStep(e: Expected, a: Actual, prev: string[]): string[] | null {
  const p: string[] = [];
  const kind = deviation(e);
  if (a.raw) p.push(`not a MigratorError: ${a.message}`);
  if (kind === "crash" || kind === "multihead" || kind === "purgefail") {
    if (a.status !== "error") p.push(`${kind}: must fail, got ok`);
    else if (!a.message) p.push(`${kind}: error without a message`);
    if (a.ran.length > 0) p.push(`${kind}: ran ${JSON.stringify(a.ran)}`);
    if (JSON.stringify(a.version) !== JSON.stringify(prev)) p.push(`${kind}: rows ${JSON.stringify(prev)} -> ${JSON.stringify(a.version)}`);
    return p;
  }
  if (kind === "mergewalk" && a.status === "ok") {
    if (!/-1$/.test(e.step[1] ?? "")) return [`mergewalk: succeeded on ${e.step[1]}`];
    if (a.ran.length === 0 || a.ran.some(([, d]) => d !== "down")) return [`mergewalk: ran ${JSON.stringify(a.ran)}`];
    return null;
  }
  if (e.status !== a.status) p.push(`status: expected ${e.status} (${e.error?.message ?? ""}), got ${a.status} (${a.message ?? ""})`);
  else if (e.status === "error" && e.error?.class === "CommandError") {
    if (!a.message) p.push("error without a message");
    else if (kind === "prefix" && !a.message.toLowerCase().includes("ambiguous")) p.push(`prefix: ${a.message}`);
  }
  if (JSON.stringify(e.ran) !== JSON.stringify(a.ran)) p.push(`ran: expected ${JSON.stringify(e.ran)}, got ${JSON.stringify(a.ran)}`);
  if (JSON.stringify(e.version) !== JSON.stringify(a.version)) p.push(`version: expected ${JSON.stringify(e.version)}, got ${JSON.stringify(a.version)}`);
  const cmd = e.step[0] as string;
  if (["current", "heads", "branches", "history"].includes(cmd) && (e.stdout ?? "") !== a.stdout) p.push(`stdout: expected ${JSON.stringify(e.stdout)}, got ${JSON.stringify(a.stdout)}`);
  if (cmd === "show" && JSON.stringify(showLines(e.stdout)) !== JSON.stringify(showLines(a.stdout))) p.push(`show: expected ${JSON.stringify(showLines(e.stdout))}, got ${JSON.stringify(showLines(a.stdout))}`);
  if (cmd === "merge" && e.created) {
    const want = JSON.stringify({ id: e.created.id, down: e.created.down });
    if (want !== JSON.stringify(a.created ?? null)) p.push(`created: expected ${want}, got ${JSON.stringify(a.created ?? null)}`);
  }
  return p;
}

/** Runs one step through the API, as the CLI command would; returns stdout (read-only commands). */
async function runStep(m: Migrator, step: string[], out: { created?: { id: string; down: string[] }; message?: string }): Promise<string> {
  const [cmd, ...args] = step as [string, ...string[]];
  const flags = new Set<string>(args.filter((a) => a === "-i" || a === "--purge"));
  const pos = args.filter((a) => !flags.has(a));
  switch (cmd) {
    case "upgrade":
      await m.upgrade(pos[0]);
      return "";
    case "downgrade":
      await m.downgrade(pos[0] as string);
      return "";
    case "stamp":
      await m.stamp(pos, { purge: flags.has("--purge") });
      return "";
    case "current": {
      const c = await m.current();
      const text = c.heads.length > 0 ? (renderCurrent(m.graph(), c.heads.map((h) => h.revision)) ?? "") : "";
      return text.split(/(?<=\n)/).filter((l) => l !== "").sort().join("");
    }
    case "heads":
      return renderHeads(m.graph()) ?? "";
    case "branches":
      return renderBranches(m.graph()) ?? "";
    case "history": {
      const { ids, current } = await m.historyIds({ range: pos[0], indicateCurrent: flags.has("-i") });
      return renderHistory(m.graph(), ids, current) ?? "";
    }
    case "show": {
      const list = await m.show(pos[0] as string);
      return renderShow(m.graph(), list.map((r) => r.revision)) ?? "";
    }
    case "merge": {
      const opt = (name: string) => {
        const i = args.indexOf(name);
        return i >= 0 ? args[i + 1] : undefined;
      };
      const values = new Set(["--rev-id", "-m", "--branch-label"].map(opt));
      const revs = args.filter((a, i) => !a.startsWith("-") && !(i > 0 && ["--rev-id", "-m", "--branch-label"].includes(args[i - 1] as string)) && !values.has(a));
      const r = m.merge(revs, { revId: opt("--rev-id"), message: opt("-m"), branchLabel: opt("--branch-label") });
      const meta = m.graph().get(r.revision);
      out.created = { id: r.revision, down: meta.downRevisions };
      out.message = meta.message;
      return "";
    }
  }
  throw new Error(`unknown step ${cmd}`);
}

function readDb(path: string): { log: [string, string][]; version: string[] } {
  const db = new Database(path, { readonly: true });
  try {
    const log = db.query<{ id: string; dir: string }, []>("SELECT id, dir FROM log ORDER BY rowid").all().map((r) => [r.id, r.dir] as [string, string]);
    const has = db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrator_version'").get();
    const version = has ? db.query<{ v: string }, []>("SELECT version_num AS v FROM migrator_version").all().map((r) => r.v).sort() : [];
    return { log, version };
  } finally {
    db.close();
  }
}

function forceRows(path: string, rows: string[]): void {
  const db = new Database(path);
  try {
    db.run("CREATE TABLE IF NOT EXISTS migrator_version (version_num TEXT NOT NULL PRIMARY KEY)");
    db.run("DELETE FROM migrator_version");
    for (const r of rows) db.run("INSERT INTO migrator_version (version_num) VALUES (?)", [r]);
  } finally {
    db.close();
  }
}

async function replay(name: string): Promise<string[]> {
  const dir = join(FIXTURES, name);
  const graph = JSON.parse(readFileSync(join(dir, "graph.json"), "utf8")) as { revisions: GraphRev[] };
  const script = JSON.parse(readFileSync(join(dir, "script.json"), "utf8")) as string[][];
  const expected = (JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as { results: Expected[] }).results;
  const p = project({
    toml: `database = "db.sqlite"\nmigrations = "migrations"\ntransaction_per_migration = true\nfile_template = "{rev}_{slug}"\n`,
  });
  for (const r of graph.revisions) writeRev(p.migrations, r);
  const dbPath = join(p.dir, "db.sqlite");
  const init = new Database(dbPath);
  init.run("CREATE TABLE log (id TEXT, dir TEXT)");
  init.close();
  const problems: string[] = [];
  let logSeen = 0;
  let prev: string[] = [];
  for (const [i, step] of script.entries()) {
    const e = expected[i] as Expected;
    const before = new Set(readdirSync(p.migrations));
    const m = await openMigrator({ cwd: p.dir });
    const a: Actual = { status: "ok", ran: [], version: [], stdout: "" };
    const extra: { created?: { id: string; down: string[] }; message?: string } = {};
    try {
      a.stdout = await runStep(m, step, extra);
    } catch (err) {
      a.status = "error";
      a.message = err instanceof Error ? err.message : String(err);
      a.raw = !(err instanceof MigratorError);
    } finally {
      await m.close();
    }
    if (extra.created) {
      a.created = extra.created;
      // the oracle's merge template logs too: write the new revision as a logging migration
      for (const f of readdirSync(p.migrations)) if (!before.has(f)) rmSync(join(p.migrations, f));
      writeRev(p.migrations, { id: extra.created.id, down: extra.created.down, labels: e.created?.labels ?? [], message: extra.message ?? "merge" });
    }
    const { log, version } = readDb(dbPath);
    a.ran = log.slice(logSeen);
    logSeen = log.length;
    a.version = version;
    const found = compareStep(e, a, prev);
    if (found !== null && found.length > 0) problems.push(`step ${i} ${JSON.stringify(step)}: ${found.join("; ")}`);
    // start the next step from Alembic's state, as migrator_harness.py --expected does
    if (e.created && JSON.stringify([e.created.id, e.created.down]) !== JSON.stringify(a.created ? [a.created.id, a.created.down] : null)) {
      for (const f of readdirSync(p.migrations)) if (!before.has(f)) rmSync(join(p.migrations, f));
      writeRev(p.migrations, { id: e.created.id, down: e.created.down, labels: e.created.labels, message: e.created.message ?? "merge" });
    }
    if (JSON.stringify(e.version) !== JSON.stringify(version)) forceRows(dbPath, e.version);
    prev = e.version;
  }
  return problems;
}

const names = readdirSync(FIXTURES).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));

describe("revision semantics replayed from real Alembic 1.8.1 (test/alembic/fixtures)", () => {
  test("the fixtures cover plain, --weird and --fail graphs", () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(names.filter((n) => n.endsWith("-fail")).length).toBeGreaterThanOrEqual(5);
    expect(names.filter((n) => /^seed-\d*0$/.test(n)).length).toBeGreaterThanOrEqual(5);
  });
  for (const name of names) {
    test(`${name}: every step runs, stores and prints what Alembic did`, async () => {
      expect(await replay(name)).toEqual([]);
    });
  }
});
