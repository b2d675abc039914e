// Test-only model of what operations do to a Schema value, used to check the round-trip
// property of the differ: applying compare(from, to) to `from` gives a schema with no
// differences to `to`, and applying the reversed operations to `to` gives `from` back.
// Renames follow SQLite's modern ALTER TABLE semantics (references in other tables follow).
import type { Schema, Table } from "../../src/schema/types";
import type { Operation } from "../../src/ops/types";
import { renameIdentInSql } from "../../src/autogen/renames";

const lc = (s: string) => s.toLowerCase();

export function applyOps(start: Schema, ops: readonly Operation[]): Schema {
  const s: Schema = structuredClone(start);
  const get = (name: string): Table => {
    const found = s.tables.find((x) => lc(x.name) === lc(name));
    if (!found) throw new Error(`no table ${name} when applying operations`);
    return found;
  };
  for (const op of ops) {
    switch (op.kind) {
      case "createTable":
        if (s.tables.some((x) => lc(x.name) === lc(op.table.name))) throw new Error(`table ${op.table.name} exists`);
        s.tables.push(structuredClone(op.table));
        break;
      case "dropTable":
        get(op.name);
        s.tables = s.tables.filter((x) => lc(x.name) !== lc(op.name));
        break;
      case "renameTable":
        for (const x of s.tables) for (const f of x.foreignKeys) if (lc(f.refTable) === lc(op.from)) f.refTable = op.to;
        get(op.from).name = op.to;
        break;
      case "addColumn":
        get(op.table).columns.push(structuredClone(op.column));
        break;
      case "dropColumn": {
        const t = get(op.table);
        if (!t.columns.some((c) => lc(c.name) === lc(op.name))) throw new Error(`no column ${op.name}`);
        t.columns = t.columns.filter((c) => lc(c.name) !== lc(op.name));
        break;
      }
      case "alterColumn": {
        const c = get(op.table).columns.find((x) => lc(x.name) === lc(op.name))!;
        if (op.changes.type !== undefined) c.type = op.changes.type;
        if (op.changes.notNull !== undefined) c.notNull = op.changes.notNull;
        if (op.changes.default !== undefined) c.default = op.changes.default;
        if (op.changes.newName !== undefined) c.name = op.changes.newName;
        break;
      }
      case "renameColumn": {
        const t = get(op.table);
        const r = (n: string) => (lc(n) === lc(op.from) ? op.to : n);
        t.columns.find((c) => lc(c.name) === lc(op.from))!.name = op.to;
        if (t.primaryKey) t.primaryKey.columns = t.primaryKey.columns.map(r);
        for (const i of t.indexes) for (const ic of i.columns) if (ic.name) ic.name = r(ic.name);
        for (const f of t.foreignKeys) f.columns = f.columns.map(r);
        for (const u of t.uniques) u.columns = u.columns.map(r);
        for (const ck of t.checks) ck.expr = renameIdentInSql(ck.expr, op.from, op.to);
        for (const x of s.tables) for (const f of x.foreignKeys) if (lc(f.refTable) === lc(t.name)) f.refColumns = f.refColumns.map(r);
        break;
      }
      case "createIndex":
        get(op.table).indexes.push(structuredClone(op.index));
        break;
      case "dropIndex": {
        const t = get(op.table);
        if (!t.indexes.some((i) => lc(i.name) === lc(op.name))) throw new Error(`no index ${op.name}`);
        t.indexes = t.indexes.filter((i) => lc(i.name) !== lc(op.name));
        break;
      }
      case "createForeignKey":
        get(op.table).foreignKeys.push(structuredClone(op.foreignKey));
        break;
      case "createCheckConstraint":
        get(op.table).checks.push(structuredClone(op.check));
        break;
      case "createUniqueConstraint":
        get(op.table).uniques.push(structuredClone(op.unique));
        break;
      case "dropConstraint": {
        const t = get(op.table);
        const keep = <T extends { name: string | null }>(xs: T[]) => xs.filter((x) => !x.name || lc(x.name) !== lc(op.name));
        const before = t.foreignKeys.length + t.checks.length + t.uniques.length;
        t.foreignKeys = keep(t.foreignKeys);
        t.checks = keep(t.checks);
        t.uniques = keep(t.uniques);
        if (before === t.foreignKeys.length + t.checks.length + t.uniques.length) throw new Error(`no constraint ${op.name}`);
        break;
      }
      case "execute":
      case "bulkInsert":
        break; // data only
    }
  }
  return s;
}
