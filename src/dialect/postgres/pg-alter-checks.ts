// Data preconditions of PostgreSQL steps (DESIGN.md §6, as on SQLite): each is a query that
// counts the rows a change would fail on, run by the executor BEFORE the step's statements, so
// a refusal names the table, the column and the number of rows and the run changes nothing.

import { DatabaseError } from "../../errors";
import type { SqlParam } from "../../ops/types";
import type { CheckConstraint, ForeignKey, IndexColumn } from "../../schema/types";
import { quoteIdent as q, quoteString } from "./pg-quote";

export type DataCheckCode = "data_not_null" | "data_unique" | "data_foreign_key" | "data_check" | "data_enum_value";

export interface DataCheck {
  /** `SELECT ... AS n`: the number of offending rows (0: the step can run) */
  sql: string;
  params?: SqlParam[];
  code: DataCheckCode;
  table: string;
  column?: string;
  /** the one-line refusal for `n` offending rows */
  message(n: number): string;
  hint: string;
}

/** The error the executor throws when `check` counted `n` > 0 rows. */
export function dataCheckError(check: DataCheck, n: number): DatabaseError {
  return new DatabaseError(check.code, check.message(n), { hint: check.hint, data: { table: check.table, column: check.column, rows: n } });
}

const rows = (n: number) => (n === 1 ? "1 row has" : `${n} rows have`);

export function notNullCheck(table: string, column: string): DataCheck {
  return {
    sql: `SELECT count(*)::int AS n FROM ${q(table)} WHERE ${q(column)} IS NULL`,
    code: "data_not_null", table, column,
    message: (n) => `cannot make "${table}"."${column}" NOT NULL: ${rows(n)} NULL in it`,
    hint: `fill them first, e.g. await op.execute('UPDATE ${q(table)} SET ${q(column)} = ... WHERE ${q(column)} IS NULL')`,
  };
}

/** A NOT NULL column without a default added to a table that has rows. */
export function addNotNullColumnCheck(table: string, column: string): DataCheck {
  return {
    sql: `SELECT count(*)::int AS n FROM ${q(table)}`,
    code: "data_not_null", table, column,
    message: (n) => `cannot add NOT NULL column "${table}"."${column}" without a default: the table has ${n === 1 ? "1 row" : `${n} rows`}`,
    hint: "give the column a default, or add it nullable, fill it with op.execute, then alterColumn(nullable: false)",
  };
}

function term(c: IndexColumn): string {
  return c.name !== null ? q(c.name) : `(${c.expr})`;
}

/** Rows in groups of equal non-NULL keys (UNIQUE treats NULLs as distinct by default). */
export function uniqueCheck(table: string, what: string, terms: IndexColumn[], where: string | null): DataCheck {
  const keys = terms.map(term);
  const cond = keys.map((k) => `${k} IS NOT NULL`);
  if (where) cond.push(`(${where})`);
  const described = terms.map((c) => (c.name !== null ? q(c.name) : c.expr)).join(", ");
  return {
    sql: `SELECT coalesce(sum(d.n), 0)::int AS n FROM (SELECT count(*) AS n FROM ${q(table)} WHERE ${cond.join(" AND ")} ` +
      `GROUP BY ${keys.join(", ")} HAVING count(*) > 1) AS d`,
    code: "data_unique", table, column: terms.length === 1 && terms[0]!.name !== null ? terms[0]!.name : undefined,
    message: (n) => `cannot create ${what} on "${table}" (${described}): ${rows(n)} duplicate values`,
    hint: "remove or change the duplicates first (op.execute / op.query), or make it non-unique",
  };
}

/** Child rows whose (all non-NULL) key has no parent row: MATCH SIMPLE, PostgreSQL's default. */
export function foreignKeyCheck(table: string, fk: ForeignKey): DataCheck {
  const c = (col: string) => `"__child".${q(col)}`;
  const notNull = fk.columns.map((col) => `${c(col)} IS NOT NULL`).join(" AND ");
  const match = fk.columns.map((col, i) => `"__parent".${q(fk.refColumns[i]!)} = ${c(col)}`).join(" AND ");
  return {
    sql: `SELECT count(*)::int AS n FROM ${q(table)} AS "__child" WHERE ${notNull} ` +
      `AND NOT EXISTS (SELECT 1 FROM ${q(fk.refTable)} AS "__parent" WHERE ${match})`,
    code: "data_foreign_key", table, column: fk.columns.length === 1 ? fk.columns[0] : undefined,
    message: (n) =>
      `cannot add foreign key ${fk.name ? `"${fk.name}" ` : ""}"${table}" (${fk.columns.map(q).join(", ")}) → "${fk.refTable}" ` +
      `(${fk.refColumns.map(q).join(", ")}): ${n === 1 ? "1 row references a missing row" : `${n} rows reference missing rows`}`,
    hint: `delete or fix those rows first, or insert the missing "${fk.refTable}" rows`,
  };
}

/** Rows where the expression is false (a CHECK passes on NULL, and so does NOT (NULL) here). */
export function checkConstraintCheck(table: string, ch: CheckConstraint): DataCheck {
  return {
    sql: `SELECT count(*)::int AS n FROM ${q(table)} WHERE NOT (${ch.expr})`,
    code: "data_check", table,
    message: (n) => `cannot add CHECK ${ch.name ? `"${ch.name}" ` : ""}(${ch.expr}) on "${table}": ${n === 1 ? "1 row violates" : `${n} rows violate`} it`,
    hint: "fix those rows first with op.execute, or change the CHECK expression",
  };
}

/** Rows of `table`.`column` (of the enum type, or an array of it) holding a removed value. */
export function enumValueCheck(enumName: string, table: string, column: string, array: boolean, removed: string[]): DataCheck {
  const list = `ARRAY[${removed.map(quoteString).join(", ")}]::text[]`;
  const cond = array ? `${q(column)}::text[] && ${list}` : `${q(column)}::text = ANY (${list})`;
  return {
    sql: `SELECT count(*)::int AS n FROM ${q(table)} WHERE ${cond}`,
    code: "data_enum_value", table, column,
    message: (n) =>
      `cannot remove ${removed.length === 1 ? "value" : "values"} ${removed.map(quoteString).join(", ")} from enum "${enumName}": ` +
      `${n === 1 ? "1 row" : `${n} rows`} of "${table}"."${column}" ${n === 1 ? "uses" : "use"} ${removed.length === 1 ? "it" : "them"}`,
    hint: `change those rows first, e.g. await op.execute('UPDATE ${q(table)} SET ${q(column)} = ... WHERE ${cond}')`,
  };
}
