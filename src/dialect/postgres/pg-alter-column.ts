// ALTER COLUMN on PostgreSQL (https://www.postgresql.org/docs/current/sql-altertable.html):
// TYPE ... USING, SET/DROP DEFAULT, SET/DROP NOT NULL, in place. SERIAL is not a type but an
// integer column owning a sequence that feeds its default, so changes to and from it manage
// the sequence: SERIAL → INTEGER drops the default and the sequence; INTEGER → SERIAL creates
// the sequence, starts it after the column's largest value and makes it the default.

import { UsageError } from "../../errors";
import type { ColumnChanges } from "../../ops/types";
import type { Column } from "../../schema/types";
import { notNullCheck, type DataCheck } from "./pg-alter-checks";
import { quoteIdent as q, quoteString } from "./pg-quote";

const SERIALS: Record<string, string> = { SMALLSERIAL: "SMALLINT", SERIAL: "INTEGER", BIGSERIAL: "BIGINT" };

/** The integer type behind a SERIAL spelling ("BIGSERIAL" → "BIGINT"), or null for another type. */
export function serialBase(type: string): string | null {
  return SERIALS[type.trim().toUpperCase()] ?? null;
}

/** The sequence name PostgreSQL gives a SERIAL column: `table_column_seq`. */
export function serialSequenceName(table: string, column: string): string {
  return `${table}_${column}_seq`;
}

/** A DO block running `sqlOf(seq)` on the sequence the column owns (its name, quoted and
 *  qualified, from pg_get_serial_sequence), if it owns one: a rename of the table or column
 *  since it was made does not rename the sequence, so its name is looked up, not guessed. */
function onOwnedSequence(table: string, column: string, action: string): string {
  const tableArg = quoteString(q(table)); // parsed as a (quoted) identifier by the function
  const colArg = quoteString(column); // taken as written
  return (
    `DO $migrator$ DECLARE s text := pg_get_serial_sequence(${tableArg}, ${colArg}); ` +
    `BEGIN IF s IS NOT NULL THEN EXECUTE ${action}; END IF; END $migrator$;`
  );
}

/**
 * The statements of `changes` (all but a rename, which the planner emits first) on `col` of
 * `table` as it is before them, and the data checks to run first.
 */
export function compileAlterColumn(table: string, col: Column, changes: ColumnChanges): { statements: string[]; checks: DataCheck[] } {
  const at = `ALTER TABLE ${q(table)} ALTER COLUMN ${q(col.name)}`;
  const out: string[] = [];
  const checks: DataCheck[] = [];
  const fromSerial = serialBase(col.type);
  const toType = changes.type;
  const toSerial = toType !== undefined ? serialBase(toType) : null;
  const typeChanges = toType !== undefined && toType.trim().toUpperCase() !== col.type.trim().toUpperCase();

  if (toSerial && changes.default !== undefined && changes.default !== null) {
    throw new UsageError("serial_default",
      `alterColumn: "${table}"."${col.name}" becomes ${toType!.toUpperCase()}, whose default is its sequence; it cannot also get the default ${changes.default}`,
      { hint: "leave `default` out, or change the type to INTEGER / BIGINT instead of a SERIAL type" });
  }

  if (typeChanges) {
    const baseFrom = fromSerial ?? col.type;
    const baseTo = toSerial ?? toType!;
    const realChange = baseTo.trim().toUpperCase() !== baseFrom.trim().toUpperCase();
    // a default is cast along with the column and can block it: drop it first, put back after
    if (col.default !== null && !fromSerial) out.push(`${at} DROP DEFAULT;`);
    if (fromSerial && !toSerial) {
      out.push(`${at} DROP DEFAULT;`);
      out.push(onOwnedSequence(table, col.name, `'DROP SEQUENCE ' || s`));
    }
    if (realChange) out.push(`${at} TYPE ${baseTo} USING ${changes.using ?? `${q(col.name)}::${baseTo}`};`);
    if (fromSerial && toSerial && realChange) out.push(onOwnedSequence(table, col.name, `'ALTER SEQUENCE ' || s || ' AS ${toSerial.toLowerCase()}'`));
    if (!fromSerial && toSerial) {
      const seq = q(serialSequenceName(table, col.name));
      out.push(`CREATE SEQUENCE ${seq} AS ${toSerial.toLowerCase()} OWNED BY ${q(table)}.${q(col.name)};`);
      out.push(`SELECT setval(${quoteString(seq)}, coalesce((SELECT max(${q(col.name)}) FROM ${q(table)}), 0) + 1, false);`);
      out.push(`${at} SET DEFAULT nextval(${quoteString(seq)}::regclass);`);
    }
    if (col.default !== null && !fromSerial && !toSerial && changes.default === undefined) out.push(`${at} SET DEFAULT ${col.default};`);
  } else if (changes.using !== undefined) {
    throw new UsageError("using_without_type", `alterColumn: "${table}"."${col.name}" has a USING expression but no new type`,
      { hint: "give `type` with `using`" });
  }

  if (changes.default !== undefined && !(toSerial && typeChanges)) {
    out.push(changes.default === null ? `${at} DROP DEFAULT;` : `${at} SET DEFAULT ${changes.default};`);
  }
  if (changes.notNull === true) {
    if (!col.notNull) checks.push(notNullCheck(table, col.name));
    out.push(`${at} SET NOT NULL;`);
  } else if (changes.notNull === false) {
    out.push(`${at} DROP NOT NULL;`);
  }
  return { statements: out, checks };
}
