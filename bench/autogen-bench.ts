// Benchmark of autogenerate's pure core: compare a generated 500-table schema with a slightly
// changed copy and render the migration. Prints the median of several runs in milliseconds.
// Run: bun bench/autogen-bench.ts   (target: a few ms; the whole command must stay < 300 ms)
import type { Schema, Table } from "../src/schema/types";
import { compareSchemas } from "../src/autogen/compare";
import { renderMigrationBody } from "../src/autogen/render";
import { useRules } from "../src/autogen/rules";
import { sqliteDialect } from "../src/dialect/sqlite";

// the comparison's type and default rules are the dialect's (as `revision --autogenerate` sets them)
useRules(sqliteDialect.rules);

function generate(tables: number): Schema {
  const out: Table[] = [];
  for (let i = 0; i < tables; i++) {
    const name = `t${i}`;
    const parent = i > 0 ? `t${i - 1}` : null;
    out.push({
      name,
      columns: [
        { name: "id", type: "INTEGER", notNull: true, default: null },
        { name: "title", type: "TEXT", notNull: true, default: "''" },
        { name: "status", type: "TEXT", notNull: true, default: "'DRAFT'" },
        { name: "score", type: "REAL", notNull: false, default: "0" },
        { name: "createdAt", type: "DATETIME", notNull: true, default: "CURRENT_TIMESTAMP" },
        ...(parent ? [{ name: "parentId", type: "INTEGER", notNull: false, default: null }] : []),
      ],
      primaryKey: { name: null, columns: ["id"], autoincrement: false },
      indexes: [{ name: `${name}_title_idx`, columns: [{ name: "title" }], unique: false, where: null }],
      foreignKeys: parent
        ? [{ name: `${name}_parentId_fkey`, columns: ["parentId"], refTable: parent, refColumns: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION" }]
        : [],
      checks: [{ name: `${name}_status_check`, expr: `"status" IN ('DRAFT', 'PUBLISHED')` }],
      uniques: [],
    });
  }
  return { tables: out, views: [], triggers: [] };
}

const from = generate(500);
const to: Schema = structuredClone(from);
// a handful of changes spread over the schema, as a real revision has
to.tables[10]!.columns.push({ name: "priority", type: "INTEGER", notNull: false, default: null });
to.tables[20]!.columns[1]!.type = "VARCHAR(200)";
to.tables[30]!.checks[0]!.expr = `"status" IN ('DRAFT', 'PUBLISHED', 'ARCHIVED')`;
to.tables[40]!.indexes = [];
to.tables[499]!.name = "renamed";
to.tables[499]!.was = ["t499"];
to.tables.push({ ...structuredClone(from.tables[0]!), name: "brand_new", indexes: [] });
// spelling variants that must not count as changes
for (const t of to.tables) t.columns[0]!.type = "integer";

const runs: number[] = [];
let count = 0;
for (let i = 0; i < 25; i++) {
  const start = performance.now();
  const { operations } = await compareSchemas(from, to);
  renderMigrationBody(operations, from, to);
  runs.push(performance.now() - start);
  count = operations.length;
}
runs.sort((a, b) => a - b);
const median = runs[Math.floor(runs.length / 2)]!;
console.log(`autogen compare+render, 500 tables, ${count} operations: median ${median.toFixed(2)} ms (min ${runs[0]!.toFixed(2)}, max ${runs[runs.length - 1]!.toFixed(2)})`);
