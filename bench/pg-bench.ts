// End-to-end PostgreSQL benchmarks of the compiled binary (build/migrator), issue 12:
//  - `upgrade head` from an empty database of 1,000 SQL migrations (each creates one table)
//    against the floor: the same SQL in one transaction through `psql -1 -q -f` (goal <= 1.5x);
//  - `current` on an up-to-date database (20 migrations) against a compiled Bun program that
//    opens one Bun.SQL connection and runs one query, bench/floors/pg-one-query.ts (<= 1.5x).
// Every upgrade run, floor or migrator, gets a database of its own (created before the clock
// starts, dropped after it stops; unique names; all dropped in `finally` and on Ctrl-C).
// Medians of interleaved runs; binaries freshly copied (see cli-bench.ts). Skips with a printed
// reason when no server answers. Server: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres).
// Run: npm run bench -- pg

import { SQL } from "bun";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, compileFloor, freshCopy, load, median, time } from "./bench-lib";

const BASE = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const UPGRADE_RUNS = Number(process.env.BENCH_PG_RUNS ?? 11);
const CURRENT_RUNS = 31;
const WARMUP = 5;

const urlFor = (db: string) => {
  const u = new URL(BASE);
  u.pathname = `/${db}`;
  return u.toString();
};

let admin: SQL;
try {
  admin = new SQL(BASE, { max: 1, connectionTimeout: 3, idleTimeout: 0 });
  await admin`select 1`;
} catch (e) {
  console.log(`PostgreSQL benchmarks skipped: no server answers at ${new URL(BASE).host} (${(e as Error).message}); set BENCH_PG_URL or start one`);
  process.exit(0);
}

/** The real psql executable: Debian's /usr/bin/psql is a Perl wrapper (pg_wrapper) that picks a
 * version and execs it; timing the wrapper would add Perl's start-up to the floor. */
function findPsql(major: string): string | null {
  if (process.env.BENCH_PSQL) return process.env.BENCH_PSQL;
  const onPath = Bun.which("psql");
  if (!onPath) return null;
  const head = readFileSync(realpathSync(onPath)).subarray(0, 2).toString();
  if (head !== "#!") return onPath;
  const debian = `/usr/lib/postgresql/${major}/bin/psql`; // Debian's layout behind pg_wrapper
  return Bun.file(debian).size > 0 ? debian : onPath;
}

const work = mkdtempSync(join(tmpdir(), "migrator-pg-bench-"));
const created = new Set<string>();
let seq = 0;
async function freshDb(): Promise<string> {
  const name = `migrator_bench_${process.pid}_${Date.now().toString(36)}_${seq++}`;
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  created.add(name);
  return name;
}
async function dropDb(name: string): Promise<void> {
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  created.delete(name);
}
async function cleanup(): Promise<void> {
  for (const name of [...created]) await dropDb(name).catch((e) => console.error(`could not drop ${name}: ${e.message}`));
  rmSync(work, { recursive: true, force: true });
}
process.on("SIGINT", () => void cleanup().finally(() => process.exit(130)));

const rev = (i: number) => (0x100000000000 + i).toString(16).slice(-12);
const ddl = (i: number) => `CREATE TABLE "t${i}" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);`;

/** A project of `n` SQL migrations; the database comes from DATABASE_URL, not from the config. */
function project(name: string, n: number): string {
  const dir = join(work, name);
  mkdirSync(join(dir, "migrations"), { recursive: true });
  writeFileSync(join(dir, "migrator.toml"), `migrations = "migrations"\n`);
  for (let i = 0; i < n; i++) {
    const r = rev(i);
    const file = join(dir, "migrations", `2025_01_01_0000-${String(i).padStart(5, "0")}_${r}_step_${i}.sql`);
    writeFileSync(file, `-- message: step ${i}\n-- revision: ${r}\n-- down_revision: ${i ? rev(i - 1) : ""}\n\n-- migrate:up\n${ddl(i)}\n\n-- migrate:down\nDROP TABLE "t${i}";\n`);
  }
  return dir;
}

const report = (name: string, ms: number, note?: string) => console.log(`${name.padEnd(64)} ${ms.toFixed(1).padStart(8)} ms${note ? `   ${note}` : ""}`);

try {
  const [{ server_version_num: vnum }] = await admin`select current_setting('server_version_num') as server_version_num`;
  const major = String(Math.floor(Number(vnum) / 10000));
  console.log(`PostgreSQL ${major} at ${new URL(BASE).host}; load average ${load()}`);

  // 1. upgrade head of 1,000 create-table migrations vs psql -1 -q -f
  {
    const psqlPath = findPsql(major);
    const dir = project("up-sql", 1000);
    const floorFile = join(work, "floor.sql");
    writeFileSync(floorFile, Array.from({ length: 1000 }, (_, i) => ddl(i)).join("\n") + "\n");
    const psql = psqlPath ? freshCopy(psqlPath, work, "psql") : "";
    const bin = freshCopy(join(ROOT, "build/migrator"), work, "migrator-pg-1");
    const floor: number[] = [];
    const mig: number[] = [];
    for (let k = 0; k < UPGRADE_RUNS; k++) {
      // interleaved, so a busy moment (or a checkpoint) hurts both alike
      if (psql) {
        const db = await freshDb();
        floor.push(time([psql, "-X", "-1", "-q", "-v", "ON_ERROR_STOP=1", "-d", urlFor(db), "-f", floorFile], work));
        await dropDb(db);
      }
      const db = await freshDb();
      mig.push(time([bin, "upgrade", "head", "-q"], dir, { env: { DATABASE_URL: urlFor(db) } }));
      await dropDb(db);
    }
    const f = psql ? median(floor) : NaN;
    if (psql) report(`floor: same SQL in one transaction, psql -1 -q -f (median of ${UPGRADE_RUNS})`, f);
    else console.log("floor: psql not found (apt-get install postgresql-client); ratio skipped");
    report(`upgrade head, 1,000 SQL migrations, PostgreSQL (median of ${UPGRADE_RUNS})`, median(mig), psql ? `${(median(mig) / f).toFixed(2)}x floor, goal <= 1.5x` : undefined);
  }

  // 2. current on an up-to-date database vs a compiled Bun.SQL program running one query
  {
    const dir = project("current", 20);
    const db = await freshDb();
    const env = { DATABASE_URL: urlFor(db) };
    time([join(ROOT, "build/migrator"), "upgrade", "head", "-q"], dir, { env });
    const floorBuilt = compileFloor("pg-one-query", join(work, "build", "pg-one-query"));
    const floorBin = freshCopy(floorBuilt, work, "pg-one-query");
    const bin = freshCopy(join(ROOT, "build/migrator"), work, "migrator-pg-2");
    for (let k = 0; k < WARMUP; k++) {
      time([bin, "current"], dir, { env });
      time([floorBin], dir, { env });
    }
    const cur: number[] = [];
    const one: number[] = [];
    for (let k = 0; k < CURRENT_RUNS; k++) {
      cur.push(time([bin, "current"], dir, { env }));
      one.push(time([floorBin], dir, { env }));
    }
    report(`floor: compiled Bun.SQL program, one query (median of ${CURRENT_RUNS})`, median(one));
    report(`migrator current, PostgreSQL, up to date (median of ${CURRENT_RUNS})`, median(cur), `${(median(cur) / median(one)).toFixed(2)}x floor, goal <= 1.5x`);
    await dropDb(db);
  }
  console.log(`load average at the end ${load()}`);
} finally {
  await cleanup();
  await admin.close();
}
