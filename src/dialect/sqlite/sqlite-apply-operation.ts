// Applies one Operation to a neutral Schema (pure): the runner uses it to validate ops as they are
// queued and the planner to compute the table a re-creation builds (so a dropped column takes its
// indexes and constraints with it, as a re-creation must).
// Renames follow what SQLite's ALTER TABLE RENAME does (https://www.sqlite.org/lang_altertable.html):
// indexes, constraints and other tables' foreign keys follow the new name.

import { UsageError } from "../../errors";
import { cloneTable, findTable, type Schema, type Table } from "../../schema/types";
import { mentionsIdent, renameIdent } from "./sqlite-tokenizer";
import type { Operation } from "../../ops/types";
import { findConstraint, requireTable } from "../../schema/lookup";

export { findConstraint, requireTable };

const lc = (s: string) => s.toLowerCase();
const eq = (a: string, b: string) => lc(a) === lc(b);

function fail(code: string, message: string, hint?: string): never {
  throw new UsageError(code, message, hint ? { hint } : {});
}


/** The table `name` of `s`, replaced in `s` by a deep copy that the caller may change. */
function edit(s: Schema, name: string, opName: string): Table {
  const t = requireTable(s, name, opName);
  const copy = cloneTable(t);
  s.tables[s.tables.indexOf(t)] = copy;
  return copy;
}

function requireColumn(t: Table, name: string, opName: string) {
  const c = t.columns.find((x) => eq(x.name, name));
  if (!c) {
    fail("no_such_column", `${opName}: column "${name}" does not exist in table "${t.name}"`,
      `columns of "${t.name}": ${t.columns.map((x) => x.name).join(", ")}`);
  }
  return c;
}

function requireNoColumn(t: Table, name: string, opName: string) {
  if (t.columns.some((x) => eq(x.name, name))) fail("column_exists", `${opName}: column "${t.name}"."${name}" already exists`);
}

// every object name a table owns (itself and its indexes), lower-cased, cached per table object
// (a table copy is changed in place by the op that made it: a rename changes its name, an index
// op the length of its index list, and each of those renews the entry)
const ownedNames = new WeakMap<Table, { name: string; count: number; indexes: Table["indexes"]; names: Set<string> }>();
function namesOf(t: Table): Set<string> {
  let e = ownedNames.get(t);
  if (!e || e.name !== t.name || e.count !== t.indexes.length || e.indexes !== t.indexes) {
    e = { name: t.name, count: t.indexes.length, indexes: t.indexes, names: new Set([lc(t.name), ...t.indexes.map((i) => lc(i.name))]) };
    ownedNames.set(t, e);
  }
  return e.names;
}

function requireNoObject(schema: Schema, name: string, opName: string) {
  const n = lc(name);
  let clash = false;
  for (const t of schema.tables) clash ||= namesOf(t).has(n);
  for (const v of schema.views) clash ||= lc(v.name) === n;
  for (const t of schema.triggers) clash ||= lc(t.name) === n;
  if (clash) fail("name_exists", `${opName}: a table, view, index or trigger named "${name}" already exists`, "choose another name");
}

/** Which schema objects mention `column` of `table` (for drop rules and error messages). */
export function columnUsedBy(schema: Schema, table: Table, column: string) {
  const mentions = (sql: string | null | undefined) => !!sql && mentionsIdent(sql, column);
  return {
    primaryKey: !!table.primaryKey?.columns.some((c) => eq(c, column)),
    indexes: table.indexes.filter((i) => i.columns.some((c) => (c.name ? eq(c.name, column) : mentions(c.expr))) || mentions(i.where)),
    uniques: table.uniques.filter((u) => u.columns.some((c) => eq(c, column))),
    foreignKeys: table.foreignKeys.filter((f) => f.columns.some((c) => eq(c, column))),
    checks: table.checks.filter((c) => mentions(c.expr)),
    generated: table.columns.filter((c) => !eq(c.name, column) && mentions(c.generated?.expr)),
    referencedBy: schema.tables.filter((t) =>
      t.foreignKeys.some((f) => eq(f.refTable, table.name) && f.refColumns.some((c) => eq(c, column)))),
    views: schema.views.filter((v) => mentionsIdent(v.sql, table.name) && mentions(v.sql)),
    triggers: schema.triggers.filter((t) => (eq(t.table, table.name) || mentionsIdent(t.sql, table.name)) && mentions(t.sql)),
  };
}

/** Return the schema after `op`. Throws a UsageError naming the op when it cannot apply. */
export function applyOperation(before: Schema, op: Operation): Schema {
  if (op.kind === "createTable") {
    if (findTable(before, op.table.name)) {
      if (op.ifNotExists) return before;
      fail("table_exists", `createTable: table "${op.table.name}" already exists`, "drop it first or use ifNotExists");
    }
    requireNoObject(before, op.table.name, "createTable");
    for (const c of op.table.primaryKey?.columns ?? []) requireColumn(op.table, c, "createTable primaryKey");
    // the op's own table, not a copy: every op that changes a table copies it first (edit()),
    // so the op is never changed through the schema; a copy here cost a tenth of a long run of
    // createTable migrations (it was made twice per table: when queued and when planned)
    return { ...before, tables: [...before.tables, op.table] };
  }
  // Copy on write: the lists are copied, and a table is deep-copied only when an op changes it,
  // so one op costs the size of the tables it touches, not of the whole schema (a migration that
  // creates hundreds of tables with their indexes would otherwise be quadratic).
  const s: Schema = { tables: before.tables.slice(), views: before.views.slice(), triggers: before.triggers.slice() };
  switch (op.kind) {
    case "dropTable": {
      const t = edit(s, op.name, "dropTable");
      s.tables = s.tables.filter((x) => x !== t);
      s.triggers = s.triggers.filter((x) => !eq(x.table, t.name));
      return s;
    }
    case "renameTable": {
      const t = edit(s, op.from, "renameTable");
      if (!eq(op.from, op.to)) requireNoObject(s, op.to, "renameTable");
      const refers = (o: Table) => o.foreignKeys.some((f) => eq(f.refTable, t.name));
      s.tables = s.tables.map((o) => {
        if (o === t || !refers(o)) return o;
        const c = cloneTable(o);
        for (const f of c.foreignKeys) if (eq(f.refTable, t.name)) f.refTable = op.to;
        return c;
      });
      for (const f of t.foreignKeys) if (eq(f.refTable, t.name)) f.refTable = op.to; // self-reference
      s.triggers = s.triggers.map((tr) => (eq(tr.table, t.name) ? { ...tr, table: op.to } : tr));
      t.name = op.to;
      return s;
    }
    case "addColumn": {
      const t = edit(s, op.table, "addColumn");
      requireNoColumn(t, op.column.name, "addColumn");
      t.columns.push(structuredClone(op.column));
      if (op.foreignKey) t.foreignKeys.push(structuredClone(op.foreignKey));
      if (op.unique) t.uniques.push(structuredClone(op.unique));
      return s;
    }
    case "dropColumn": {
      const t = edit(s, op.table, "dropColumn");
      const col = requireColumn(t, op.name, "dropColumn");
      const used = columnUsedBy(s, t, col.name);
      if (used.primaryKey) {
        fail("drop_pk_column", `dropColumn: "${t.name}"."${col.name}" is part of the primary key`,
          "re-create the table with createTable and copy the rows with execute");
      }
      if (t.columns.length === 1) fail("drop_last_column", `dropColumn: "${col.name}" is the only column of "${t.name}"`, "use dropTable");
      if (used.generated.length) {
        fail("column_in_use", `dropColumn: generated column "${t.name}"."${used.generated[0]!.name}" uses "${col.name}"`, "drop the generated column first");
      }
      if (used.referencedBy.length) {
        fail("column_in_use", `dropColumn: a foreign key of "${used.referencedBy[0]!.name}" references "${t.name}"."${col.name}"`,
          "drop that foreign key first with dropConstraint");
      }
      // A re-creation cannot keep what depends on the column: its indexes, constraints and CHECKs go too.
      t.columns = t.columns.filter((c) => c !== col);
      t.indexes = t.indexes.filter((i) => !used.indexes.includes(i));
      t.uniques = t.uniques.filter((u) => !used.uniques.includes(u));
      t.foreignKeys = t.foreignKeys.filter((f) => !used.foreignKeys.includes(f));
      t.checks = t.checks.filter((c) => !used.checks.includes(c));
      return s;
    }
    case "alterColumn": {
      const t = edit(s, op.table, "alterColumn");
      const col = requireColumn(t, op.name, "alterColumn");
      const ch = op.changes;
      if (ch.type !== undefined) col.type = ch.type.toUpperCase();
      if (ch.notNull !== undefined) col.notNull = ch.notNull;
      if (ch.default !== undefined) col.default = ch.default;
      if (ch.newName !== undefined && ch.newName !== col.name) {
        return applyOperation(s, { kind: "renameColumn", table: t.name, from: col.name, to: ch.newName });
      }
      return s;
    }
    case "renameColumn": {
      const t = edit(s, op.table, "renameColumn");
      const col = requireColumn(t, op.from, "renameColumn");
      if (!eq(op.from, op.to)) requireNoColumn(t, op.to, "renameColumn");
      const from = col.name;
      const ren = (n: string) => (eq(n, from) ? op.to : n);
      const rx = (sql: string) => renameIdent(sql, from, op.to);
      col.name = op.to;
      if (t.primaryKey) t.primaryKey.columns = t.primaryKey.columns.map(ren);
      for (const i of t.indexes) {
        i.columns = i.columns.map((c) => (c.name ? { ...c, name: ren(c.name) } : { ...c, expr: rx(c.expr ?? "") }));
        if (i.where) i.where = rx(i.where);
      }
      for (const u of t.uniques) u.columns = u.columns.map(ren);
      for (const f of t.foreignKeys) f.columns = f.columns.map(ren);
      for (const c of t.checks) c.expr = rx(c.expr);
      for (const c of t.columns) if (c.generated) c.generated = { ...c.generated, expr: rx(c.generated.expr) };
      s.tables = s.tables.map((o) => {
        const hit = o.foreignKeys.some((f) => eq(f.refTable, t.name));
        if (!hit) return o;
        const c = o === t ? o : cloneTable(o);
        for (const f of c.foreignKeys) if (eq(f.refTable, t.name)) f.refColumns = f.refColumns.map(ren);
        return c;
      });
      return s;
    }
    case "createIndex": {
      const t = edit(s, op.table, "createIndex");
      if (op.ifNotExists && t.indexes.some((i) => eq(i.name, op.index.name))) return s;
      requireNoObject(s, op.index.name, "createIndex");
      for (const c of op.index.columns) if (c.name) requireColumn(t, c.name, `createIndex "${op.index.name}"`);
      t.indexes.push(structuredClone(op.index));
      return s;
    }
    case "dropIndex": {
      const t = edit(s, op.table, "dropIndex");
      const i = t.indexes.find((x) => eq(x.name, op.name));
      if (!i) fail("no_such_index", `dropIndex: index "${op.name}" does not exist on table "${t.name}"`);
      t.indexes = t.indexes.filter((x) => x !== i);
      return s;
    }
    case "createForeignKey": {
      const t = edit(s, op.table, "createForeignKey");
      for (const c of op.foreignKey.columns) requireColumn(t, c, "createForeignKey");
      if (op.foreignKey.columns.length !== op.foreignKey.refColumns.length) {
        fail("fk_arity", `createForeignKey: ${op.foreignKey.columns.length} columns but ${op.foreignKey.refColumns.length} referenced columns`);
      }
      requireNoConstraint(t, op.foreignKey.name, "createForeignKey");
      t.foreignKeys.push(structuredClone(op.foreignKey));
      return s;
    }
    case "createCheckConstraint": {
      const t = edit(s, op.table, "createCheckConstraint");
      requireNoConstraint(t, op.check.name, "createCheckConstraint");
      t.checks.push(structuredClone(op.check));
      return s;
    }
    case "createUniqueConstraint": {
      const t = edit(s, op.table, "createUniqueConstraint");
      for (const c of op.unique.columns) requireColumn(t, c, "createUniqueConstraint");
      requireNoConstraint(t, op.unique.name, "createUniqueConstraint");
      t.uniques.push(structuredClone(op.unique));
      return s;
    }
    case "dropConstraint": {
      const t = edit(s, op.table, "dropConstraint");
      const found = findConstraint(t, op.name, op.type);
      if (!found) {
        const idx = t.indexes.find((i) => eq(i.name, op.name));
        fail("no_such_constraint", `dropConstraint: table "${t.name}" has no ${op.type ?? "constraint"} named "${op.name}"`,
          idx ? `"${op.name}" is an index: use dropIndex` : "unnamed constraints cannot be dropped by name; check the name");
      }
      if (found.type === "foreignKey") t.foreignKeys = t.foreignKeys.filter((x) => x !== found.def);
      if (found.type === "check") t.checks = t.checks.filter((x) => x !== found.def);
      if (found.type === "unique") t.uniques = t.uniques.filter((x) => x !== found.def);
      return s;
    }
    case "execute":
      return s; // unknown effect; the runner introspects again afterwards
    case "createEnum": {
      if ((s.enums ?? []).some((e) => eq(e.name, op.enum.name))) fail("enum_exists", `createEnum: enum "${op.enum.name}" already exists`);
      return { ...s, enums: [...(s.enums ?? []), structuredClone(op.enum)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
    }
    case "dropEnum": {
      if (!(s.enums ?? []).some((e) => eq(e.name, op.name))) fail("no_such_enum", `dropEnum: enum "${op.name}" does not exist`);
      return { ...s, enums: (s.enums ?? []).filter((e) => !eq(e.name, op.name)) };
    }
    case "alterEnum": {
      if (!(s.enums ?? []).some((e) => eq(e.name, op.name))) fail("no_such_enum", `alterEnum: enum "${op.name}" does not exist`);
      return { ...s, enums: (s.enums ?? []).map((e) => (eq(e.name, op.name) ? { name: e.name, values: [...op.values] } : e)) };
    }
    case "bulkInsert": {
      const t = edit(s, op.table, "bulkInsert");
      for (const r of op.rows) for (const k of Object.keys(r)) requireColumn(t, k, "bulkInsert");
      return s;
    }
    default: {
      const never: never = op;
      throw new Error(`unknown operation ${(never as { kind: string }).kind}`);
    }
  }
}

function requireNoConstraint(t: Table, name: string | null, opName: string) {
  if (name && findConstraint(t, name)) fail("constraint_exists", `${opName}: table "${t.name}" already has a constraint named "${name}"`);
}

export function applyOperations(before: Schema, ops: Operation[]): Schema {
  return ops.reduce(applyOperation, before);
}
