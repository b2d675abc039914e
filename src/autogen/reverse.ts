// The exact inverse of a list of operations, for the downgrade() of a generated migration
// (Alembic's `reverse()`, STYLE.md habit 4): the list is walked backwards and each operation
// is replaced by its opposite. Definitions missing from an operation are taken from the
// schema the upgrade starts from; an operation that has no inverse is an error naming it.

import type { Column, Schema, Table } from "../schema/types";
import type { ColumnChanges, Operation } from "../ops/types";
import { MigratorError } from "../errors";
import { matchRecreate, recreateOps } from "./recreate";
import { rules } from "./rules";

const lc = (s: string) => s.toLowerCase();

function irreversible(op: Operation, why: string): MigratorError {
  return new MigratorError("irreversible_operation", `cannot write the downgrade of ${op.kind}: ${why}`, {
    hint: "write downgrade() by hand for this operation",
  });
}

/** The operations that undo `ops`, in the order they must run. `from` is the schema before
 *  `ops` ran; renames among `ops` are followed when looking definitions up in it. */
export function reverseOperations(ops: readonly Operation[], from: Schema): Operation[] {
  const names = new NameTracker(from);
  const groups: Operation[][] = [];
  for (let i = 0; i < ops.length; ) {
    const group = matchRecreate(ops, i, (n) => names.table(n));
    if (group) {
      const back = new Map([...group.renames].map(([old, now]): [string, string] => [now.toLowerCase(), group.from.columns.find((c) => lc(c.name) === old)?.name ?? old]));
      groups.push(recreateOps(group.to, group.from, back));
      i += group.length;
      continue;
    }
    const op = ops[i]!;
    groups.push(reverseOne(op, names));
    names.apply(op);
    i++;
  }
  return groups.reverse().flat();
}

/** Maps names used by later operations (after renames) back to definitions in `from`. */
class NameTracker {
  private tableOrigin = new Map<string, string>(); // current lc name → original name
  private columnOrigin = new Map<string, string>(); // "table\0col" (current, lc) → original col
  constructor(private readonly from: Schema) {}

  apply(op: Operation): void {
    if (op.kind === "renameTable") {
      this.tableOrigin.set(lc(op.to), this.tableOrigin.get(lc(op.from)) ?? op.from);
    } else if (op.kind === "renameColumn") {
      const key = `${lc(op.table)}\0${lc(op.from)}`;
      this.columnOrigin.set(`${lc(op.table)}\0${lc(op.to)}`, this.columnOrigin.get(key) ?? op.from);
    }
  }

  table(name: string): Table | undefined {
    const orig = lc(this.tableOrigin.get(lc(name)) ?? name);
    const t = this.from.tables.find((x) => lc(x.name) === orig);
    return t && { ...t, name };
  }

  column(table: string, name: string): Column | undefined {
    const orig = this.columnOrigin.get(`${lc(table)}\0${lc(name)}`) ?? name;
    const c = this.table(table)?.columns.find((x) => lc(x.name) === lc(orig));
    return c && { ...c, name };
  }
}

function reverseOne(op: Operation, names: NameTracker): Operation[] {
  switch (op.kind) {
    case "createTable":
      return [{ kind: "dropTable", name: op.table.name, table: op.table }];
    case "dropTable": {
      const table = op.table ?? names.table(op.name);
      if (!table) throw irreversible(op, `the definition of table ${op.name} is unknown`);
      return [
        { kind: "createTable", table: { ...table, indexes: [] } },
        ...table.indexes.map((index): Operation => ({ kind: "createIndex", table: table.name, index })),
      ];
    }
    case "renameTable":
      return [{ kind: "renameTable", from: op.to, to: op.from }];
    case "addColumn":
      return [{ kind: "dropColumn", table: op.table, name: op.column.name, column: op.column }];
    case "dropColumn": {
      const column = op.column ?? names.column(op.table, op.name);
      if (!column) throw irreversible(op, `the definition of column ${op.table}.${op.name} is unknown`);
      return [{ kind: "addColumn", table: op.table, column }];
    }
    case "alterColumn": {
      const existing = op.existing ?? names.column(op.table, op.name);
      if (!existing) throw irreversible(op, `the definition of column ${op.table}.${op.name} is unknown`);
      const back: ColumnChanges = {};
      if (op.changes.type !== undefined) back.type = existing.type;
      if (op.changes.notNull !== undefined) back.notNull = existing.notNull;
      if (op.changes.default !== undefined) back.default = rules().isNullDefault(existing.default) ? null : existing.default;
      const now = op.changes.newName ?? op.name;
      if (op.changes.newName !== undefined) back.newName = op.name;
      const after: Column = {
        ...existing,
        name: now,
        type: op.changes.type ?? existing.type,
        notNull: op.changes.notNull ?? existing.notNull,
        default: op.changes.default !== undefined ? op.changes.default : existing.default,
      };
      return [{ kind: "alterColumn", table: op.table, name: now, changes: back, existing: after }];
    }
    case "renameColumn":
      return [{ kind: "renameColumn", table: op.table, from: op.to, to: op.from }];
    case "createIndex":
      return [{ kind: "dropIndex", table: op.table, name: op.index.name, index: op.index }];
    case "dropIndex": {
      const index = op.index ?? names.table(op.table)?.indexes.find((i) => lc(i.name) === lc(op.name));
      if (!index) throw irreversible(op, `the definition of index ${op.name} is unknown`);
      return [{ kind: "createIndex", table: op.table, index }];
    }
    case "createForeignKey":
      if (!op.foreignKey.name) throw irreversible(op, `the foreign key on ${op.table} has no name to drop it by`);
      return [
        { kind: "dropConstraint", table: op.table, name: op.foreignKey.name, type: "foreignKey", definition: op.foreignKey },
      ];
    case "createCheckConstraint":
      if (!op.check.name) throw irreversible(op, `the CHECK constraint on ${op.table} has no name to drop it by`);
      return [{ kind: "dropConstraint", table: op.table, name: op.check.name, type: "check", definition: op.check }];
    case "createUniqueConstraint":
      if (!op.unique.name) throw irreversible(op, `the UNIQUE constraint on ${op.table} has no name to drop it by`);
      return [{ kind: "dropConstraint", table: op.table, name: op.unique.name, type: "unique", definition: op.unique }];
    case "dropConstraint":
      return [reverseDropConstraint(op, names)];
    case "execute":
      throw irreversible(op, `raw SQL has no known inverse (${op.sql.slice(0, 60)})`);
    case "bulkInsert":
      throw irreversible(op, `the inserted rows of ${op.table} cannot be told apart from others`);
    case "createEnum":
      return [{ kind: "dropEnum", name: op.enum.name, enum: op.enum }];
    case "dropEnum":
      if (!op.enum) throw irreversible(op, `the values of enum ${op.name} are not known`);
      return [{ kind: "createEnum", enum: op.enum }];
    case "alterEnum":
      if (!op.existing) throw irreversible(op, `the former values of enum ${op.name} are not known`);
      return [{ kind: "alterEnum", name: op.name, values: op.existing, existing: op.values }];
    default: {
      const never: never = op;
      throw new Error(`unknown operation ${(never as Operation).kind}`);
    }
  }
}

function reverseDropConstraint(op: Extract<Operation, { kind: "dropConstraint" }>, names: NameTracker): Operation {
  const t = names.table(op.table);
  const byName = <T extends { name: string | null }>(xs: T[] | undefined) =>
    xs?.find((x) => x.name !== null && lc(x.name) === lc(op.name));
  const type = op.type;
  if ((type === "foreignKey" || type === undefined) && (op.definition && "refTable" in op.definition)) {
    return { kind: "createForeignKey", table: op.table, foreignKey: op.definition };
  }
  if (op.definition && "expr" in op.definition) return { kind: "createCheckConstraint", table: op.table, check: op.definition };
  if (op.definition && "columns" in op.definition) {
    return { kind: "createUniqueConstraint", table: op.table, unique: op.definition };
  }
  const fk = type === undefined || type === "foreignKey" ? byName(t?.foreignKeys) : undefined;
  if (fk) return { kind: "createForeignKey", table: op.table, foreignKey: fk };
  const ck = type === undefined || type === "check" ? byName(t?.checks) : undefined;
  if (ck) return { kind: "createCheckConstraint", table: op.table, check: ck };
  const u = type === undefined || type === "unique" ? byName(t?.uniques) : undefined;
  if (u) return { kind: "createUniqueConstraint", table: op.table, unique: u };
  throw irreversible(op, `the definition of constraint ${op.name} on ${op.table} is unknown`);
}
