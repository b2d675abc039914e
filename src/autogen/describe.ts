// One-line, human descriptions of operations (the header of a generated migration, the CLI's
// list of detected changes) and the rule for which operations can lose data.

import type { CheckConstraint, Column, Schema, Table } from "../schema/types";
import type { Operation } from "../ops/types";
import { rules } from "./rules";

const lc = (s: string) => s.toLowerCase();

export function describeColumn(c: Column): string {
  let s = `${c.type || "(no type)"} ${c.notNull ? "NOT NULL" : "NULL"}`;
  if (!rules().isNullDefault(c.default)) s += ` DEFAULT ${c.default}`;
  return s;
}

/** `status IN ('A', 'B')` → { column: "status", values: ["A", "B"] }: how enums reach SQLite. */
export function parseEnumCheck(expr: string): { column: string; values: string[] } | null {
  let toks = rules().tokenizeExpr(expr);
  while (toks.length > 2 && toks[0]!.v === "(" && toks[toks.length - 1]!.v === ")") toks = toks.slice(1, -1);
  const [col, kw, open] = toks;
  if (!col || (col.t !== "word" && col.t !== "dq") || kw?.t !== "word" || lc(kw.v) !== "in" || open?.v !== "(") return null;
  const values: string[] = [];
  for (let i = 3; i < toks.length - 1; i += 2) {
    const v = toks[i]!;
    const sep = toks[i + 1]!;
    if (v.t !== "str" || (sep.v !== "," && sep.v !== ")")) return null;
    values.push(v.v);
    if (sep.v === ")") return i + 1 === toks.length - 1 ? { column: col.v, values } : null;
  }
  return null;
}

/** "status: + ARCHIVED, - DRAFT" when both checks are enum checks on one column. */
export function describeEnumChange(from: CheckConstraint, to: CheckConstraint): string | null {
  const a = parseEnumCheck(from.expr);
  const b = parseEnumCheck(to.expr);
  if (!a || !b || lc(a.column) !== lc(b.column)) return null;
  const added = b.values.filter((v) => !a.values.includes(v)).map((v) => `+ ${v}`);
  const removed = a.values.filter((v) => !b.values.includes(v)).map((v) => `- ${v}`);
  const parts = [...added, ...removed];
  return `allowed values of ${b.column}: ${parts.length ? parts.join(", ") : "reordered"}`;
}

function table(schema: Schema | undefined, name: string): Table | undefined {
  return schema?.tables.find((t) => lc(t.name) === lc(name));
}

/** Why `op`, applied to `from`, can lose data or fail on existing rows; null when it cannot. */
export function destructiveReason(op: Operation, from?: Schema): string | null {
  switch (op.kind) {
    case "dropTable":
      return `drops table ${op.name} and its rows`;
    case "dropColumn":
      return `drops column ${op.table}.${op.name} and its data`;
    case "addColumn":
      if (op.column.notNull && rules().isNullDefault(op.column.default) && !op.column.generated) {
        return `adds NOT NULL column ${op.table}.${op.column.name} without a default: fails if the table has rows`;
      }
      return null;
    case "alterColumn": {
      const old = op.existing ?? table(from, op.table)?.columns.find((c) => lc(c.name) === lc(op.name));
      const reasons: string[] = [];
      if (op.changes.type !== undefined && old && rules().isNarrowing(old.type, op.changes.type)) {
        reasons.push(`narrows ${op.table}.${op.name} from ${old.type} to ${op.changes.type}: values may change or be lost`);
      }
      if (op.changes.type !== undefined && !old) reasons.push(`changes the type of ${op.table}.${op.name}`);
      const defaultAfter = op.changes.default !== undefined ? op.changes.default : old?.default;
      if (op.changes.notNull === true && rules().isNullDefault(defaultAfter)) {
        reasons.push(`makes ${op.table}.${op.name} NOT NULL without a default: fails if a row holds NULL`);
      }
      return reasons.length ? reasons.join("; ") : null;
    }
    case "createIndex":
      return op.index.unique ? `unique index ${op.index.name} fails if ${op.table} holds duplicates` : null;
    case "createUniqueConstraint":
      return `UNIQUE (${op.unique.columns.join(", ")}) fails if ${op.table} holds duplicates`;
    case "createCheckConstraint":
      return `CHECK fails if rows of ${op.table} violate it`;
    case "execute":
    case "bulkInsert":
    case "createTable":
    case "renameTable":
    case "renameColumn":
    case "dropIndex":
    case "createForeignKey":
    case "dropConstraint":
    case "createEnum":
    case "dropEnum":
      return null;
    case "alterEnum": {
      const gone = (op.existing ?? []).filter((v) => !op.values.includes(v));
      return gone.length ? `removing value${gone.length > 1 ? "s" : ""} ${gone.join(", ")} of enum ${op.name} fails while rows use ${gone.length > 1 ? "them" : "it"}` : null;
    }
    default: {
      const never: never = op;
      return never;
    }
  }
}

/** Data-loss or failure risk that the generated file marks with a `// DESTRUCTIVE:` comment.
 *  Checks and unique constraints that may fail on existing rows are reported by
 *  destructiveReason but are not destructive: they fail without changing anything. */
export function isDestructive(op: Operation, from?: Schema): boolean {
  if (op.kind === "createIndex" || op.kind === "createUniqueConstraint" || op.kind === "createCheckConstraint") {
    return false;
  }
  return destructiveReason(op, from) !== null;
}

/** A one-line description: "add column artifacts.priority INTEGER NULL",
 *  "drop table legacy (DESTRUCTIVE)". */
export function describeOperation(op: Operation, from?: Schema): string {
  const text = describePlain(op, from);
  return isDestructive(op, from) ? `${text} (DESTRUCTIVE)` : text;
}

function describePlain(op: Operation, from?: Schema): string {
  switch (op.kind) {
    case "createTable":
      return `create table ${op.table.name} (${op.table.columns.length} column${op.table.columns.length === 1 ? "" : "s"})`;
    case "dropTable":
      return `drop table ${op.name}`;
    case "renameTable":
      return `rename table ${op.from} to ${op.to}`;
    case "addColumn":
      return `add column ${op.table}.${op.column.name} ${describeColumn(op.column)}`;
    case "dropColumn":
      return `drop column ${op.table}.${op.name}`;
    case "alterColumn": {
      const old = op.existing ?? table(from, op.table)?.columns.find((c) => lc(c.name) === lc(op.name));
      const parts: string[] = [];
      const c = op.changes;
      if (c.type !== undefined) parts.push(`type ${old ? `${old.type || "(none)"} → ` : ""}${c.type || "(none)"}`);
      if (c.notNull !== undefined) parts.push(c.notNull ? "NOT NULL" : "NULL");
      if (c.default !== undefined) {
        const before = old ? `${rules().isNullDefault(old.default) ? "none" : old.default} → ` : "";
        parts.push(`default ${before}${c.default === null ? "none" : c.default}`);
      }
      if (c.newName !== undefined) parts.push(`rename to ${c.newName}`);
      return `alter column ${op.table}.${op.name}: ${parts.join(", ")}`;
    }
    case "renameColumn":
      return `rename column ${op.table}.${op.from} to ${op.to}`;
    case "createIndex":
      return `create ${op.index.unique ? "unique " : ""}index ${op.index.name} on ${op.table} (${op.index.columns
        .map((c) => (c.name ?? c.expr ?? "") + (c.desc ? " DESC" : ""))
        .join(", ")})`;
    case "dropIndex":
      return `drop index ${op.name} on ${op.table}`;
    case "createForeignKey": {
      const fk = op.foreignKey;
      const actions = [
        fk.onDelete !== "NO ACTION" ? ` ON DELETE ${fk.onDelete}` : "",
        fk.onUpdate !== "NO ACTION" ? ` ON UPDATE ${fk.onUpdate}` : "",
      ].join("");
      return `add foreign key ${fk.name ?? "(unnamed)"} ${op.table}(${fk.columns.join(", ")}) → ${fk.refTable}(${fk.refColumns.join(", ")})${actions}`;
    }
    case "createCheckConstraint": {
      const prev = table(from, op.table)?.checks.find((c) => op.check.name && c.name && lc(c.name) === lc(op.check.name));
      const en = prev ? describeEnumChange(prev, op.check) : null;
      if (en) return `change CHECK ${op.check.name} on ${op.table}: ${en}`;
      return `add CHECK ${op.check.name ?? "(unnamed)"} on ${op.table}: ${normalizeCheckForDisplay(op.check.expr)}`;
    }
    case "createUniqueConstraint":
      return `add UNIQUE ${op.unique.name ?? "(unnamed)"} on ${op.table} (${op.unique.columns.join(", ")})`;
    case "dropConstraint":
      return `drop ${op.type === "foreignKey" ? "foreign key" : op.type === "check" ? "CHECK" : op.type === "unique" ? "UNIQUE" : "constraint"} ${op.name} on ${op.table}`;
    case "execute":
      return `execute SQL: ${op.sql.length > 70 ? op.sql.slice(0, 67) + "..." : op.sql}`;
    case "bulkInsert":
      return `insert ${op.rows.length} row${op.rows.length === 1 ? "" : "s"} into ${op.table}`;
    case "createEnum":
      return `add enum ${op.enum.name} (${op.enum.values.join(", ")})`;
    case "dropEnum":
      return `drop enum ${op.name}`;
    case "alterEnum":
      return `change enum ${op.name}: ${(op.existing ?? []).join(", ")} -> ${op.values.join(", ")}`;
    default: {
      const never: never = op;
      return String(never);
    }
  }
}

function normalizeCheckForDisplay(expr: string): string {
  const s = expr.replace(/\s+/g, " ").trim();
  return s.length > 70 ? rules().normalizeExpr(s).slice(0, 67) + "..." : s;
}
