// Enum types on PostgreSQL: the pure simulation of createEnum / dropEnum / alterEnum on the
// neutral Schema, and the statements of alterEnum. Added values use ALTER TYPE ... ADD VALUE
// (https://www.postgresql.org/docs/current/sql-altertype.html); a removed (or reordered) value
// has no ALTER, so the type is rebuilt: rename old, create new, cast every column, drop old.

import { UsageError } from "../../errors";
import type { Column, EnumType, Schema } from "../../schema/types";
import { enumValueCheck, type DataCheck } from "./pg-alter-checks";
import { renderCreateEnum } from "./pg-ddl";
import { quoteIdent as q, quoteString } from "./pg-quote";

export interface EnumUse {
  table: string;
  column: Column;
  array: boolean;
}

/** The enum a column type names: `"Role"`, `"Role"[]`, or a bare `role` (folded to lower case,
 *  as PostgreSQL folds unquoted names). */
export function enumRef(type: string): { name: string; array: boolean } | null {
  const t = type.trim();
  const quoted = /^"((?:[^"]|"")+)"((?:\[\])*)$/.exec(t);
  if (quoted) return { name: quoted[1]!.replaceAll('""', '"'), array: quoted[2] !== "" };
  const bare = /^([A-Za-z_][A-Za-z0-9_$]*)((?:\[\])*)$/.exec(t);
  if (bare) return { name: bare[1]!.toLowerCase(), array: bare[2] !== "" };
  return null;
}

export function findEnum(schema: Schema, name: string): EnumType | undefined {
  for (const e of schema.enums ?? []) if (e.name === name) return e;
  return undefined;
}

/** Every column of `schema` whose type is the enum `name` or an array of it. */
export function columnsUsingEnum(schema: Schema, name: string): EnumUse[] {
  const out: EnumUse[] = [];
  for (const t of schema.tables) {
    for (const c of t.columns) {
      const ref = enumRef(c.type);
      if (ref && ref.name === name) out.push({ table: t.name, column: c, array: ref.array });
    }
  }
  return out;
}

function fail(code: string, message: string, hint?: string): never {
  throw new UsageError(code, message, hint ? { hint } : {});
}

function requireEnum(schema: Schema, name: string, opName: string): EnumType {
  const e = findEnum(schema, name);
  if (!e) {
    const known = (schema.enums ?? []).map((x) => x.name);
    fail("no_such_enum", `${opName}: enum type "${name}" does not exist`, known.length ? `enums: ${known.join(", ")}` : "create it first with op.createEnum");
  }
  return e;
}

function requireDistinct(name: string, values: string[], opName: string): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) fail("enum_duplicate_value", `${opName}: enum "${name}" lists the value '${v}' twice`, "list each value once");
    seen.add(v);
  }
}

function withEnums(schema: Schema, enums: EnumType[]): Schema {
  return { ...schema, enums: enums.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

/** The first string literal of a default (`'USER'::"Role"` → USER), or null. */
function defaultValue(sql: string | null): string | null {
  if (!sql) return null;
  const m = /^\(*\s*'((?:[^']|'')*)'/.exec(sql.trim());
  return m ? m[1]!.replaceAll("''", "'") : null;
}

export function simulateCreateEnum(schema: Schema, e: EnumType): Schema {
  if (findEnum(schema, e.name)) fail("enum_exists", `createEnum: enum type "${e.name}" already exists`, "drop it first, or use alterEnum to change its values");
  requireDistinct(e.name, e.values, "createEnum");
  return withEnums(schema, [...(schema.enums ?? []), { name: e.name, values: [...e.values] }]);
}

export function simulateDropEnum(schema: Schema, name: string): Schema {
  requireEnum(schema, name, "dropEnum");
  const used = columnsUsingEnum(schema, name);
  if (used.length) {
    fail("enum_in_use", `dropEnum: column "${used[0]!.table}"."${used[0]!.column.name}" has the type "${name}"`,
      "drop the column or change its type first");
  }
  return withEnums(schema, (schema.enums ?? []).filter((e) => e.name !== name));
}

export function simulateAlterEnum(schema: Schema, name: string, values: string[]): Schema {
  const e = requireEnum(schema, name, "alterEnum");
  requireDistinct(name, values, "alterEnum");
  const kept = new Set(values);
  for (const u of columnsUsingEnum(schema, name)) {
    const v = defaultValue(u.column.default);
    if (v !== null && !u.array && !kept.has(v)) {
      fail("enum_value_in_default", `alterEnum: the default of "${u.table}"."${u.column.name}" is '${v}', a value removed from "${name}"`,
        `change the default first: op.alterColumn("${u.table}", "${u.column.name}", { default: ... })`);
    }
  }
  return withEnums(schema, (schema.enums ?? []).map((x) => (x === e ? { name, values: [...values] } : x)));
}

/** True when the kept old values appear in `next` in their old order (ADD VALUE can only insert). */
function orderKept(old: string[], next: string[]): boolean {
  const present = new Set(next);
  const a = old.filter((v) => present.has(v));
  const had = new Set(old);
  const b = next.filter((v) => had.has(v));
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * The statements (and data checks) that change enum `name` from `old` to `next` values, with the
 * columns of `schema` that use it. ADD VALUE runs inside a transaction since PostgreSQL 12, but a
 * value added there cannot be used (stored, or set as a default) before that transaction commits.
 */
export function compileAlterEnum(schema: Schema, name: string, old: string[], next: string[]): { statements: string[]; checks: DataCheck[] } {
  const had = new Set(old);
  const removed = old.filter((v) => !next.includes(v));
  if (removed.length === 0 && orderKept(old, next)) {
    const statements: string[] = [];
    for (let i = 0; i < next.length; i++) {
      const v = next[i]!;
      if (had.has(v)) continue;
      // the next value already in the type: insert before it; none: append at the end
      let before: string | undefined;
      for (let j = i + 1; j < next.length && before === undefined; j++) if (had.has(next[j]!)) before = next[j];
      statements.push(`ALTER TYPE ${q(name)} ADD VALUE ${quoteString(v)}${before !== undefined ? ` BEFORE ${quoteString(before)}` : ""};`);
      had.add(v);
    }
    return { statements, checks: [] };
  }
  // rebuild: every use of the type is cast through text, so values keep their labels
  const oldName = `${name}__migrator_old`;
  const uses = columnsUsingEnum(schema, name);
  const statements = [`ALTER TYPE ${q(name)} RENAME TO ${q(oldName)};`, renderCreateEnum({ name, values: next })];
  for (const u of uses) {
    const at = `ALTER TABLE ${q(u.table)} ALTER COLUMN ${q(u.column.name)}`;
    const type = u.array ? `${q(name)}[]` : q(name);
    // a default is an expression of the old type and would block the cast: dropped and restored
    if (u.column.default) statements.push(`${at} DROP DEFAULT;`);
    statements.push(`${at} TYPE ${type} USING ${q(u.column.name)}::text${u.array ? "[]" : ""}::${type};`);
    if (u.column.default) statements.push(`${at} SET DEFAULT ${u.column.default};`);
  }
  statements.push(`DROP TYPE ${q(oldName)};`);
  const checks = removed.length ? uses.map((u) => enumValueCheck(name, u.table, u.column.name, u.array, removed)) : [];
  return { statements, checks };
}
