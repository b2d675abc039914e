// Benchmark (a script, not a test): parse + validate + build the schema of a generated
// 1,000-model file, and format it; prints the median of several runs. Target: under 100 ms.
// Run: node_modules/.bin/bun bench/dsl-bench.ts [--models N] [--runs N]

import { formatModel, loadModel } from "../src/dsl";
import { sqliteTarget } from "../src/dialect/sqlite/sqlite-target";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

/** N models, each with scalars of several types, defaults, an index, a unique, an enum column,
 *  a relation to the previous model and, every tenth model, an implicit many-to-many. */
export function generateSchema(models: number): string {
  const out = ['datasource db {\n  provider = "sqlite"\n  url      = env("DATABASE_URL")\n}\n', "enum Status {\n  ACTIVE\n  ARCHIVED\n}\n"];
  for (let i = 0; i < models; i++) {
    const lines = [
      `/// Model number ${i}`,
      `model M${i} {`,
      `  id        Int      @id @default(autoincrement())`,
      `  name      String   @unique`,
      `  title     String?  @map("title_${i}")`,
      `  count     Int      @default(0)`,
      `  ratio     Float    @default(1.5)`,
      `  status    Status   @default(ACTIVE)`,
      `  data      Json?`,
      `  createdAt DateTime @default(now())`,
      `  updatedAt DateTime @updatedAt // touched on every write`,
    ];
    if (i > 0) lines.push(`  parentId  Int?`, `  parent    M${i - 1}?     @relation("P${i}", fields: [parentId], references: [id], onDelete: Cascade)`);
    if (i < models - 1) lines.push(`  children  M${i + 1}[]    @relation("P${i + 1}")`);
    if (i % 10 === 0 && i + 5 < models) lines.push(`  peers     M${i + 5}[]    @relation("Peers${i}")`);
    if (i % 10 === 5 && i >= 5) lines.push(`  peerOf    M${i - 5}[]    @relation("Peers${i - 5}")`);
    lines.push("", `  @@index([count, createdAt(sort: Desc)])`, `  @@map("m_${i}")`, "}\n");
    out.push(lines.join("\n"));
  }
  return out.join("\n");
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const models = flag("models", 1000);
const runs = flag("runs", 15);
const text = generateSchema(models);
const load: number[] = [];
const format: number[] = [];
let tables = 0;
let cold = 0;
for (let i = 0; i < runs + 3; i++) {
  const t0 = performance.now();
  const r = loadModel(text, "bench.prisma", sqliteTarget);
  const t1 = performance.now();
  formatModel(text, "bench.prisma");
  const t2 = performance.now();
  if (!r.schema) throw new Error(`generated schema is invalid: ${r.errors[0]?.message}`);
  tables = r.schema.tables.length;
  if (i === 0) cold = t1 - t0;
  // the first runs warm up the JIT
  if (i >= 3) {
    load.push(t1 - t0);
    format.push(t2 - t1);
  }
}
const kb = (text.length / 1024).toFixed(0);
console.log(`${models} models (${kb} KiB, ${text.split("\n").length} lines) -> ${tables} tables, median of ${runs} runs:`);
console.log(`  parse + validate + build schema: ${median(load).toFixed(1)} ms (target < 100 ms)`);
console.log(`  first (cold) run:                ${cold.toFixed(1)} ms`);
console.log(`  format:                          ${median(format).toFixed(1)} ms`);
