// The inverse of each operation, given the schema before it (Alembic's `reverse()`,
// node-pg-migrate's "impossible to infer the down migration"): autogenerate derives downgrade()
// from upgrade() with it. Ops that lose information without a recorded definition throw.

import { UsageError } from "../errors";
import { findTable, type Column, type Schema, type Table } from "../schema/types";
import { findConstraint } from "../schema/lookup";
import type { ColumnChanges, Operation } from "./types";

const lc = (s: string) => s.toLowerCase();

function irreversible(op: Operation, why: string): never {
  throw new UsageError("irreversible", `cannot reverse ${op.kind}${describe(op)}: ${why}`, {
    hint: "write downgrade() for this step by hand",
  });
}

function describe(op: Operation): string {
  switch (op.kind) {
    case "createTable": return ` "${op.table.name}"`;
    case "dropTable": return ` "${op.name}"`;
    case "renameTable": return ` "${op.from}"`;
    case "execute": return ` (${op.sql.trim().slice(0, 40)}${op.sql.trim().length > 40 ? "…" : ""})`;
    case "addColumn": return ` "${op.table}"."${op.column.name}"`;
    case "dropColumn": case "alterColumn": return ` "${op.table}"."${op.name}"`;
    case "renameColumn": return ` "${op.table}"."${op.from}"`;
    case "createEnum": return ` "${op.enum.name}"`;
    case "dropEnum": case "alterEnum": return ` "${op.name}"`;
    default: return ` on "${op.table}"`;
  }
}

function tableOf(before: Schema, name: string, op: Operation): Table {
  return findTable(before, name) ?? irreversible(op, `table "${name}" is not in the schema before it`);
}

function columnOf(t: Table, name: string, op: Operation): Column {
  return t.columns.find((c) => lc(c.name) === lc(name)) ?? irreversible(op, `column "${t.name}"."${name}" is not in the schema before it`);
}

export function reverseOperation(op: Operation, before: Schema): Operation {
  switch (op.kind) {
    case "createTable":
      return { kind: "dropTable", name: op.table.name, table: structuredClone(op.table) };
    case "dropTable": {
      const table = op.table ?? findTable(before, op.name) ?? irreversible(op, "the dropped table's definition is unknown");
      return { kind: "createTable", table: structuredClone(table) };
    }
    case "renameTable":
      return { kind: "renameTable", from: op.to, to: op.from };
    case "addColumn":
      return { kind: "dropColumn", table: op.table, name: op.column.name, column: structuredClone(op.column) };
    case "dropColumn": {
      const t = findTable(before, op.table);
      const column = op.column ?? (t ? columnOf(t, op.name, op) : irreversible(op, "the dropped column's definition is unknown"));
      const out: Operation = { kind: "addColumn", table: op.table, column: structuredClone(column) };
      const single = (cols: string[]) => cols.length === 1 && lc(cols[0]!) === lc(column.name);
      const fk = t?.foreignKeys.find((f) => single(f.columns));
      const uq = t?.uniques.find((u) => single(u.columns));
      if (fk) out.foreignKey = structuredClone(fk);
      if (uq) out.unique = structuredClone(uq);
      return out;
    }
    case "alterColumn": {
      const t = tableOf(before, op.table, op);
      const old = op.existing ?? columnOf(t, op.name, op);
      const ch: ColumnChanges = {};
      if (op.changes.type !== undefined) ch.type = old.type;
      if (op.changes.notNull !== undefined) ch.notNull = old.notNull;
      if (op.changes.default !== undefined) ch.default = old.default;
      const renamed = op.changes.newName !== undefined && op.changes.newName !== op.name;
      if (renamed) ch.newName = old.name;
      return { kind: "alterColumn", table: op.table, name: renamed ? op.changes.newName! : op.name, changes: ch };
    }
    case "renameColumn":
      return { kind: "renameColumn", table: op.table, from: op.to, to: op.from };
    case "createIndex":
      return { kind: "dropIndex", table: op.table, name: op.index.name, index: structuredClone(op.index) };
    case "dropIndex": {
      const index = op.index ?? findTable(before, op.table)?.indexes.find((i) => lc(i.name) === lc(op.name))
        ?? irreversible(op, `index "${op.name}" is not in the schema before it`);
      return { kind: "createIndex", table: op.table, index: structuredClone(index) };
    }
    case "createForeignKey":
      if (!op.foreignKey.name) irreversible(op, "an unnamed foreign key cannot be dropped by name");
      return { kind: "dropConstraint", table: op.table, name: op.foreignKey.name, type: "foreignKey", definition: structuredClone(op.foreignKey) };
    case "createCheckConstraint":
      if (!op.check.name) irreversible(op, "an unnamed CHECK cannot be dropped by name");
      return { kind: "dropConstraint", table: op.table, name: op.check.name, type: "check", definition: structuredClone(op.check) };
    case "createUniqueConstraint":
      if (!op.unique.name) irreversible(op, "an unnamed UNIQUE constraint cannot be dropped by name");
      return { kind: "dropConstraint", table: op.table, name: op.unique.name, type: "unique", definition: structuredClone(op.unique) };
    case "dropConstraint": {
      let type = op.type;
      let def = op.definition;
      if (!def || !type) {
        const found = findConstraint(tableOf(before, op.table, op), op.name, op.type);
        if (!found) irreversible(op, `constraint "${op.name}" is not in the schema before it`);
        type = found.type;
        def = found.def;
      }
      const d = structuredClone(def) as never;
      if (type === "foreignKey") return { kind: "createForeignKey", table: op.table, foreignKey: d };
      if (type === "check") return { kind: "createCheckConstraint", table: op.table, check: d };
      if (type === "unique") return { kind: "createUniqueConstraint", table: op.table, unique: d };
      return irreversible(op, "a primary key cannot be re-created on an existing table");
    }
    case "execute":
      return irreversible(op, "raw SQL has no known inverse");
    case "bulkInsert":
      return irreversible(op, "inserted rows are not identified by a key");
    case "createEnum":
      return { kind: "dropEnum", name: op.enum.name, enum: structuredClone(op.enum) };
    case "dropEnum":
      return op.enum ? { kind: "createEnum", enum: structuredClone(op.enum) } : irreversible(op, "the enum's values are not known");
    case "alterEnum":
      return op.existing ? { kind: "alterEnum", name: op.name, values: [...op.existing], existing: [...op.values] } : irreversible(op, "the enum's former values are not known");
    default: {
      const never: never = op;
      throw new Error(`unknown operation ${(never as { kind: string }).kind}`);
    }
  }
}
