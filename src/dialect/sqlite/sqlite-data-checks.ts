// Data preconditions checked BEFORE a change runs (DESIGN.md §6): NOT NULL on a column with
// NULLs, UNIQUE on duplicates, a foreign key or CHECK the rows violate. Each failure is a
// DatabaseError naming the table, the column or constraint and the number of offending rows.

import { DatabaseError } from "../../errors";
import type { CheckConstraint, ForeignKey, Index, Table } from "../../schema/types";
import type { Connection } from "./sqlite-connection";
import { renderIndexTerm } from "./sqlite-ddl";
import { quoteIdent as q } from "./sqlite-quote";
import type { PlanStep } from "./sqlite-planner";

type Recreate = Extract<PlanStep, { kind: "recreate" }>;
const lc = (s: string) => s.toLowerCase();
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function count(conn: Connection, sql: string): number {
  return Number(conn.get<{ n: number }>(sql)?.n ?? 0);
}

/** The rows the re-created table will hold, as a subquery aliased with the table's name. */
export function derivedRows(step: Recreate, alias = step.to.name): string {
  const exprs = step.to.columns.map((c) => {
    if (c.generated) return `(${c.generated.expr}) AS ${q(c.name)}`;
    const src = step.sources.get(lc(c.name));
    return `${src ? q(src) : (c.default ?? "NULL")} AS ${q(c.name)}`;
  });
  return `(SELECT ${exprs.join(", ")} FROM ${q(step.from.name)}) AS ${q(alias)}`;
}

function uniqueDuplicates(conn: Connection, source: string, terms: Index["columns"], where: string | null): number {
  const t = terms.map((c) => renderIndexTerm({ ...c, desc: false }));
  const notNull = terms.map((c) => `${c.name !== null ? q(c.name) : `(${c.expr})`} IS NOT NULL`);
  if (where) notNull.push(`(${where})`);
  return count(conn,
    `SELECT coalesce(sum(n), 0) AS n FROM (SELECT count(*) AS n FROM ${source} WHERE ${notNull.join(" AND ")} ` +
    `GROUP BY ${t.join(", ")} HAVING count(*) > 1)`);
}

function describeTerms(terms: Index["columns"]): string {
  return terms.map((c) => (c.name !== null ? q(c.name) : c.expr)).join(", ");
}

/** A new UNIQUE index on an existing table. */
export function checkUniqueIndex(conn: Connection, table: string, index: Index): void {
  const n = uniqueDuplicates(conn, q(table), index.columns, index.where);
  if (n > 0) {
    throw new DatabaseError("data_unique",
      `cannot create unique index "${index.name}" on "${table}" (${describeTerms(index.columns)}): ${n} rows have duplicate values`,
      { hint: "remove or change the duplicates first (op.execute / op.query), or make the index non-unique" });
  }
}

function checkError(table: string, ch: CheckConstraint, n: number): DatabaseError {
  return new DatabaseError("data_check", `cannot add CHECK ${ch.name ? `"${ch.name}" ` : ""}(${ch.expr}) on "${table}": ${n} rows violate it`, {
    hint: "fix those rows first with op.execute, or change the CHECK expression",
  });
}

/** A native SET NOT NULL on an existing column. */
export function checkNotNull(conn: Connection, table: string, column: string): void {
  const n = count(conn, `SELECT count(*) AS n FROM ${q(table)} WHERE ${q(column)} IS NULL`);
  if (n > 0) throw notNullError(table, column, n);
}

function notNullError(table: string, column: string, n: number): DatabaseError {
  return new DatabaseError("data_not_null", `cannot make "${table}"."${column}" NOT NULL: ${n} rows have NULL in it`, {
    hint: `fill them first, e.g. await op.execute('UPDATE ${q(table)} SET ${q(column)} = ... WHERE ${q(column)} IS NULL')`,
  });
}

function tableExists(conn: Connection, name: string): boolean {
  return !!conn.get("SELECT 1 AS x FROM main.sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE", [name]);
}

function fkViolations(conn: Connection, step: Recreate, fk: ForeignKey): number {
  const child = derivedRows(step);
  const notNull = fk.columns.map((c) => `${q(step.to.name)}.${q(c)} IS NOT NULL`).join(" AND ");
  const self = lc(fk.refTable) === lc(step.to.name);
  if (!self && !tableExists(conn, fk.refTable)) return count(conn, `SELECT count(*) AS n FROM ${child} WHERE ${notNull}`);
  const parent = self ? derivedRows(step, "__migrator_parent") : `${q(fk.refTable)} AS "__migrator_parent"`;
  const match = fk.columns.map((c, i) => `"__migrator_parent".${q(fk.refColumns[i]!)} = ${q(step.to.name)}.${q(c)}`).join(" AND ");
  return count(conn, `SELECT count(*) AS n FROM ${child} WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${parent} WHERE ${match})`);
}

/** Everything the re-created table adds or tightens must already hold for the copied rows. */
export function checkRecreateData(conn: Connection, step: Recreate): void {
  const { from, to } = step;
  const fromCol = new Map(from.columns.map((c) => [lc(c.name), c]));
  let total: number | null = null;
  const rows = () => (total ??= count(conn, `SELECT count(*) AS n FROM ${q(from.name)}`));

  for (const c of to.columns) {
    if (!c.notNull || c.generated) continue;
    const src = step.sources.get(lc(c.name));
    if (src) {
      if (fromCol.get(lc(src))?.notNull) continue;
      const n = count(conn, `SELECT count(*) AS n FROM ${q(from.name)} WHERE ${q(src)} IS NULL`);
      if (n > 0) throw notNullError(to.name, c.name, n);
    } else if ((c.default === null || /^null$/i.test(c.default.trim())) && rows() > 0) {
      throw new DatabaseError("data_not_null",
        `cannot add NOT NULL column "${to.name}"."${c.name}" without a default: the table has ${rows()} rows`,
        { hint: "give the column a default, or add it nullable, fill it with op.execute, then alterColumn(nullable: false)" });
    }
  }

  const oldUniques = new Set(from.uniques.map((u) => u.columns.map(lc).join("\0")));
  for (const u of to.uniques) {
    if (oldUniques.has(u.columns.map(lc).join("\0"))) continue;
    const n = uniqueDuplicates(conn, derivedRows(step), u.columns.map((name) => ({ name })), null);
    if (n > 0) {
      throw new DatabaseError("data_unique",
        `cannot add unique constraint ${u.name ? `"${u.name}" ` : ""}on "${to.name}" (${u.columns.map(q).join(", ")}): ${n} rows have duplicate values`,
        { hint: "remove or change the duplicates first (op.execute / op.query)" });
    }
  }
  for (const ix of to.indexes) {
    if (!ix.unique || from.indexes.some((o) => same(o, ix))) continue;
    const n = uniqueDuplicates(conn, derivedRows(step), ix.columns, ix.where);
    if (n > 0) {
      throw new DatabaseError("data_unique",
        `cannot create unique index "${ix.name}" on "${to.name}" (${describeTerms(ix.columns)}): ${n} rows have duplicate values`,
        { hint: "remove or change the duplicates first (op.execute / op.query), or make the index non-unique" });
    }
  }
  for (const ch of to.checks) {
    if (from.checks.some((o) => same(o, ch))) continue;
    const n = count(conn, `SELECT count(*) AS n FROM ${derivedRows(step)} WHERE NOT (${ch.expr})`);
    if (n > 0) throw checkError(to.name, ch, n);
  }
  for (const fk of to.foreignKeys) {
    if (from.foreignKeys.some((o) => same(o, fk))) continue;
    const n = fkViolations(conn, step, fk);
    if (n > 0) {
      throw new DatabaseError("data_foreign_key",
        `cannot add foreign key ${fk.name ? `"${fk.name}" ` : ""}"${to.name}" (${fk.columns.map(q).join(", ")}) → "${fk.refTable}" ` +
        `(${fk.refColumns.map(q).join(", ")}): ${n} rows reference missing rows`,
        { hint: `delete or fix those rows first, or insert the missing "${fk.refTable}" rows` });
    }
  }
}
