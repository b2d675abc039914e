// End-to-end benchmark of `migrator revision --autogenerate` on a 500-table model: against a
// database holding the 500 tables (--from-db) and against the default replay of the one
// migration that creates them, through the compiled binary (process start included) and
// in-process through the API. Prints medians; the target is under 300 ms per command.
// Run: bun bench/autogen-e2e-bench.ts [--runs N] [--no-build]

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openMigrator } from "../src/api/migrator";
import { autogenerateRevision } from "../src/api/autogenerate";

const ROOT = resolve(import.meta.dir, "..");
const BIN = join(ROOT, "build/migrator");
const TABLES = 500;
const TARGET_MS = 300;
const argv = process.argv.slice(2);
const RUNS = Number(argv[argv.indexOf("--runs") + 1] ?? 0) || 9;

function model(changed: boolean): string {
  const out = [`datasource db {\n  provider = "sqlite"\n  url      = "file:app.db"\n}\n`];
  out.push(`enum Status {\n  DRAFT\n  PUBLISHED\n}\n`);
  out.push(`enum Kind {\n  A\n  B\n${changed ? "  C\n" : ""}}\n`);
  for (let i = 0; i < TABLES; i++) {
    const lines = [
      `  id        Int      @id @default(autoincrement())`,
      `  title     String`,
      `  status    Status   @default(DRAFT)`,
      `  score     Float?   @default(0)`,
      `  createdAt DateTime @default(now())`,
    ];
    if (i > 0) {
      lines.push(`  parentId  Int?`);
      lines.push(`  parent    T${i - 1}? @relation(fields: [parentId], references: [id], onDelete: Cascade)`);
    }
    if (i < TABLES - 1) lines.push(`  children  T${i + 1}[]`);
    // a handful of changes spread over the model, as a real revision has
    if (changed && i === 10) lines.push(`  priority  Int?`);
    if (i === 30) lines.push(`  kind      Kind     @default(A)`); // an enum value added: one re-created table
    if (changed && i === 20) lines[1] = `  title     String @unique`;
    lines.push(changed && i === 40 ? "" : `\n  @@index([title])`);
    out.push(`model T${i} {\n${lines.join("\n")}\n}\n`);
  }
  if (changed) out.push(`model BrandNew {\n  id Int @id\n  label String\n}\n`);
  return out.join("\n");
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${median(xs).toFixed(1)} ms (min ${s[0]!.toFixed(1)}, max ${s[s.length - 1]!.toFixed(1)}, ${xs.length} runs)`;
};

function sh(cmd: string[], cwd: string) {
  const p = Bun.spawnSync(cmd, { cwd, stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
  if (p.exitCode !== 0) throw new Error(`${cmd.join(" ")} failed (${p.exitCode}): ${p.stderr.toString()}`);
  return p;
}

if (!argv.includes("--no-build") || !existsSync(BIN)) sh([process.execPath, "build/build.ts"], ROOT);

const dir = mkdtempSync(join(tmpdir(), "migrator-autogen-bench-"));
try {
  const migrations = join(dir, "migrations");
  mkdirSync(migrations);
  writeFileSync(join(dir, "migrator.toml"), `database = "app.db"\n`);
  writeFileSync(join(dir, "schema.prisma"), model(false));
  sh([BIN, "revision", "--autogenerate", "-m", "create 500 tables"], dir);
  sh([BIN, "upgrade", "head"], dir);
  writeFileSync(join(dir, "schema.prisma"), model(true));
  const base = new Set(readdirSync(migrations));
  const clean = () => {
    for (const f of readdirSync(migrations)) if (!base.has(f)) rmSync(join(migrations, f));
  };

  const results: { label: string; runs: number[]; ops: number }[] = [];
  for (const fromDb of [false, true]) {
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const args = [BIN, "revision", "--autogenerate", "-m", "bench", ...(fromDb ? ["--from-db"] : [])];
      const t = performance.now();
      sh(args, dir);
      runs.push(performance.now() - t);
      clean();
    }
    results.push({ label: `binary   revision --autogenerate${fromDb ? " --from-db" : "           "}`, runs, ops: -1 });
  }
  const m = await openMigrator({ cwd: dir });
  for (const fromDb of [false, true]) {
    const runs: number[] = [];
    let ops = 0;
    for (let i = 0; i < RUNS + 1; i++) {
      const t = performance.now();
      const r = await autogenerateRevision(m, { message: "bench", fromDb });
      const ms = performance.now() - t;
      if (i > 0) runs.push(ms); // the first run also imports the migration module
      ops = r.summary.length;
      clean();
    }
    results.push({ label: `in-process autogenerateRevision${fromDb ? " fromDb" : "       "}`, runs, ops });
  }
  m.close();

  console.log(`autogenerate, ${TABLES}-table model against ${TABLES} tables (one migration creates them):`);
  for (const r of results) {
    const flag = median(r.runs) < TARGET_MS ? "ok" : `OVER the ${TARGET_MS} ms target`;
    console.log(`  ${r.label}: ${fmt(r.runs)}${r.ops >= 0 ? `, ${r.ops} changes` : ""} — ${flag}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
