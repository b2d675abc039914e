// Benchmark of the revision engine's read path: generates 10,000 migration files (TS and SQL,
// with branches, merges and dependsOn) in a temp dir and times loading + heads + history, in
// process and as a fresh `bun` process (what a CLI `migrator heads` pays). Prints medians.
// Run: node_modules/.bin/bun bench/revisions-bench.ts [count]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadScriptDirectory } from "../src/revisions/script-directory.ts";

const COUNT = Number(process.argv[2] ?? 10_000);
const RUNS = 9;

function id(i: number): string {
  return (0x100000000000 + i * 7919).toString(16).slice(-12);
}

function generate(dir: string): void {
  let head = "";
  for (let i = 0; i < COUNT; i++) {
    const rev = id(i);
    let down: string[] = head === "" ? [] : [head];
    // Every 500 revisions: a short side branch that is merged 3 revisions later.
    if (i % 500 === 3 && i > 3) down = [id(i - 1)];
    if (i % 500 === 6 && i > 6) down = [id(i - 1), id(i - 2)];
    const deps = i % 1000 === 999 ? [id(i - 10)] : [];
    const name = `${String(2000 + Math.floor(i / 365)).padStart(4, "0")}_${String(i).padStart(6, "0")}-${rev}_change_number_${i}`;
    if (i % 10 === 9) {
      writeFileSync(
        join(dir, `${name}.sql`),
        `-- message: change number ${i}\n-- revision: ${rev}\n-- down_revision: ${down.join(", ")}\n-- branch_labels:\n-- depends_on: ${deps.join(", ")}\n-- create_date: 2025-12-14 12:20:31\n\n-- migrate:up\nALTER TABLE t${i % 50} ADD COLUMN c${i} INTEGER;\nUPDATE t${i % 50} SET c${i} = 1;\n\n-- migrate:down\nALTER TABLE t${i % 50} DROP COLUMN c${i};\n`,
      );
    } else {
      const downText = down.length === 0 ? "null" : down.length === 1 ? `"${down[0]}"` : `[${down.map((d) => `"${d}"`).join(", ")}]`;
      writeFileSync(
        join(dir, `${name}.ts`),
        `/**\n * change number ${i}\n *\n * Revision ID: ${rev}\n * Revises: ${down.join(", ")}\n * Create Date: 2025-12-14 12:20:31\n */\nimport type { Op } from "migrator";\n\nexport const revision = "${rev}";\nexport const downRevision: string | string[] | null = ${downText};\nexport const branchLabels: string[] | null = null;\nexport const dependsOn: string[] | null = ${deps.length ? `["${deps[0]}"]` : "null"};\n\nexport async function upgrade(op: Op) {\n  op.addColumn("t${i % 50}", { name: "c${i}", type: "INTEGER", nullable: true });\n  await op.execute("UPDATE t${i % 50} SET c${i} = 1 WHERE status = 'active'");\n  op.alterColumn("t${i % 50}", "c${i}", { nullable: false });\n}\n\nexport async function downgrade(op: Op) {\n  op.dropColumn("t${i % 50}", "c${i}");\n}\n`,
      );
    }
    head = rev;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const dir = mkdtempSync(join(tmpdir(), "migrator-bench-"));
try {
  generate(dir);
  const load: number[] = [];
  const heads: number[] = [];
  const hist: number[] = [];
  let headIds: string[] = [];
  let histLen = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const sd = loadScriptDirectory(dir);
    const t1 = performance.now();
    headIds = sd.graph.heads();
    const t2 = performance.now();
    histLen = sd.graph.history().map((x) => sd.graph.get(x).message).length;
    const t3 = performance.now();
    load.push(t1 - t0);
    heads.push(t2 - t1);
    hist.push(t3 - t2);
  }
  console.log(`${COUNT} files; heads: ${headIds.join(", ")}; history: ${histLen} revisions`);
  console.log(`in process (median of ${RUNS}): load ${median(load).toFixed(1)} ms, heads ${median(heads).toFixed(2)} ms, history ${median(hist).toFixed(1)} ms`);

  // A fresh process per run: Bun start-up + imports + load + heads + history, as the CLI pays it.
  const entry = resolve(import.meta.dir, "../src/revisions/index.ts");
  const script = `const r = await import(${JSON.stringify(entry)}); const g = r.loadGraph(${JSON.stringify(dir)}); g.heads(); g.history();`;
  const wall: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const p = Bun.spawnSync([process.execPath, "-e", script], { stdout: "ignore", stderr: "inherit" });
    wall.push(performance.now() - t0);
    if (p.exitCode !== 0) throw new Error(`child failed with ${p.exitCode}`);
  }
  const empty: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    Bun.spawnSync([process.execPath, "-e", "0"], { stdout: "ignore" });
    empty.push(performance.now() - t0);
  }
  console.log(`fresh process (median of ${RUNS}): ${median(wall).toFixed(1)} ms end to end (bare \`bun -e 0\`: ${median(empty).toFixed(1)} ms)`);
} finally {
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true }); else console.log(dir);
}
