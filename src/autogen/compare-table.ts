// The differ for one table that exists on both sides (after renames are applied to the old
// side): column, index and constraint changes sorted into the phases compare.ts orders, or
// the reasons the table must be re-created when the Op API cannot express a change in place.

import type { CheckConstraint, Column, ForeignKey, Index, Table, UniqueConstraint } from "../schema/types";
import type { ColumnChanges, Operation } from "../ops/types";
import { rules } from "./rules";

export interface TableDiff {
  dropIndexes: Operation[];
  dropConstraints: Operation[];
  dropColumns: Operation[];
  addColumns: Operation[];
  alterColumns: Operation[];
  createConstraints: Operation[];
  createIndexes: Operation[];
  /** non-empty: the table must be re-created; the buckets above are then empty */
  recreate: string[];
}

const lc = (s: string) => s.toLowerCase();
const sameNames = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => lc(x) === lc(b[i]!));

/** A column that is the table's single-column INTEGER PRIMARY KEY candidate: its type spelling
 *  decides whether it aliases the rowid, and NOT NULL is implied there. */
function isSoloPk(t: Table, col: string): boolean {
  return t.primaryKey?.columns.length === 1 && lc(t.primaryKey.columns[0]!) === lc(col);
}
function isRowidAlias(t: Table, c: Column): boolean {
  return isSoloPk(t, c.name) && c.type.trim().toUpperCase() === "INTEGER" && !t.withoutRowid;
}

export function indexesEqual(a: Index, b: Index): boolean {
  if (a.unique !== b.unique) return false;
  if (a.where !== b.where && rules().normalizeExpr(a.where ?? "") !== rules().normalizeExpr(b.where ?? "")) return false;
  if (a.columns.length !== b.columns.length) return false;
  return a.columns.every((x, i) => {
    const y = b.columns[i]!;
    const xn = x.name ?? rules().normalizeExpr(x.expr ?? "");
    const yn = y.name ?? rules().normalizeExpr(y.expr ?? "");
    return (
      (x.name === null) === (y.name === null) &&
      lc(xn) === lc(yn) &&
      !!x.desc === !!y.desc &&
      lc(x.collate ?? "") === lc(y.collate ?? "")
    );
  });
}

export function foreignKeysEqual(a: ForeignKey, b: ForeignKey): boolean {
  return (
    sameNames(a.columns, b.columns) &&
    lc(a.refTable) === lc(b.refTable) &&
    sameNames(a.refColumns, b.refColumns) &&
    a.onDelete === b.onDelete &&
    a.onUpdate === b.onUpdate &&
    !!a.deferrable === !!b.deferrable
  );
}

const checksEqual = (a: CheckConstraint, b: CheckConstraint) =>
  a.expr === b.expr || rules().normalizeExpr(a.expr) === rules().normalizeExpr(b.expr);
const uniquesEqual = (a: UniqueConstraint, b: UniqueConstraint) => sameNames(a.columns, b.columns);

interface Matched<T> {
  removed: T[];
  added: T[];
  changed: { from: T; to: T }[];
}

/** Pairs named items by name (case-insensitive) and unnamed ones by definition. */
function matchItems<T extends { name: string | null }>(
  from: T[],
  to: T[],
  equal: (a: T, b: T) => boolean,
): Matched<T> {
  const out: Matched<T> = { removed: [], added: [], changed: [] };
  const rest = [...to];
  for (const f of from) {
    const i = f.name
      ? rest.findIndex((t) => t.name !== null && lc(t.name) === lc(f.name!))
      : rest.findIndex((t) => t.name === null && equal(f, t));
    if (i < 0) {
      out.removed.push(f);
      continue;
    }
    const t = rest.splice(i, 1)[0]!;
    if (!equal(f, t)) out.changed.push({ from: f, to: t });
  }
  out.added.push(...rest);
  return out;
}

export function diffTable(from: Table, to: Table): TableDiff {
  const d: TableDiff = {
    dropIndexes: [],
    dropConstraints: [],
    dropColumns: [],
    addColumns: [],
    alterColumns: [],
    createConstraints: [],
    createIndexes: [],
    recreate: recreateReasons(from, to),
  };
  if (d.recreate.length) return d;
  const table = to.name;

  // indexes: SQLite's own automatic indexes are not part of any model
  const userIndexes = (t: Table) => t.indexes.filter((i) => !lc(i.name).startsWith("sqlite_autoindex_"));
  const idx = matchItems(userIndexes(from), userIndexes(to), indexesEqual);
  for (const i of [...idx.removed, ...idx.changed.map((c) => c.from)]) {
    d.dropIndexes.push({ kind: "dropIndex", table, name: i.name, index: i });
  }
  for (const i of [...idx.changed.map((c) => c.to), ...idx.added]) {
    d.createIndexes.push({ kind: "createIndex", table, index: i });
  }

  // named constraints (unnamed ones sent the table to re-creation above)
  const fks = matchItems(from.foreignKeys, to.foreignKeys, foreignKeysEqual);
  for (const fk of [...fks.removed, ...fks.changed.map((c) => c.from)]) {
    d.dropConstraints.push({ kind: "dropConstraint", table, name: fk.name!, type: "foreignKey", definition: fk });
  }
  const checks = matchItems(from.checks, to.checks, checksEqual);
  for (const ck of [...checks.removed, ...checks.changed.map((c) => c.from)]) {
    d.dropConstraints.push({ kind: "dropConstraint", table, name: ck.name!, type: "check", definition: ck });
  }
  const uniques = matchItems(from.uniques, to.uniques, uniquesEqual);
  for (const u of [...uniques.removed, ...uniques.changed.map((c) => c.from)]) {
    d.dropConstraints.push({ kind: "dropConstraint", table, name: u.name!, type: "unique", definition: u });
  }
  for (const fk of [...fks.changed.map((c) => c.to), ...fks.added]) {
    d.createConstraints.push({ kind: "createForeignKey", table, foreignKey: fk });
  }
  for (const ck of [...checks.changed.map((c) => c.to), ...checks.added]) {
    d.createConstraints.push({ kind: "createCheckConstraint", table, check: ck });
  }
  for (const u of [...uniques.changed.map((c) => c.to), ...uniques.added]) {
    d.createConstraints.push({ kind: "createUniqueConstraint", table, unique: u });
  }

  // columns, in the order of the model
  const toCols = new Map(to.columns.map((c) => [lc(c.name), c]));
  for (const c of from.columns) {
    if (!toCols.has(lc(c.name))) d.dropColumns.push({ kind: "dropColumn", table, name: c.name, column: c });
  }
  for (const c of to.columns) {
    const old = from.columns.find((f) => lc(f.name) === lc(c.name));
    if (!old) {
      d.addColumns.push({ kind: "addColumn", table, column: c });
      continue;
    }
    const changes = columnChanges(from, old, to, c);
    if (Object.keys(changes).length) {
      d.alterColumns.push({ kind: "alterColumn", table, name: c.name, changes, existing: old });
    }
  }
  return d;
}

function columnChanges(fromT: Table, from: Column, toT: Table, to: Column): ColumnChanges {
  const changes: ColumnChanges = {};
  const rowid = isSoloPk(fromT, from.name) && isSoloPk(toT, to.name);
  if (!rules().typesEquivalent(from.type, to.type, { rowidAlias: rowid })) changes.type = to.type;
  // a rowid alias can never hold NULL, whatever its declaration says
  const moot = isRowidAlias(fromT, from) && isRowidAlias(toT, to);
  if (from.notNull !== to.notNull && !moot) changes.notNull = to.notNull;
  // compared in the new type's terms; a type change carries the model's literal (issue 13)
  if (!rules().defaultsEquivalent(from.default, to.default, to.type, { fromType: from.type })) {
    changes.default = rules().isNullDefault(to.default) ? null : to.default;
  }
  return changes;
}

/** Why `from` cannot become `to` with in-place operations; empty when it can. */
export function recreateReasons(from: Table, to: Table): string[] {
  const why: string[] = [];
  const pkText = (t: Table) =>
    t.primaryKey
      ? `(${t.primaryKey.columns.join(", ")})${t.primaryKey.autoincrement ? " AUTOINCREMENT" : ""}`
      : "none";
  const fpk = from.primaryKey;
  const tpk = to.primaryKey;
  // the constraint name of a primary key is not compared: SQLite never uses it
  if (
    !!fpk !== !!tpk ||
    (fpk && tpk && (!sameNames(fpk.columns, tpk.columns) || fpk.autoincrement !== tpk.autoincrement))
  ) {
    why.push(`primary key ${pkText(from)} → ${pkText(to)}`);
  }
  if (!!from.strict !== !!to.strict) why.push(to.strict ? "becomes STRICT" : "is no longer STRICT");
  if (!!from.withoutRowid !== !!to.withoutRowid) {
    why.push(to.withoutRowid ? "becomes WITHOUT ROWID" : "is no longer WITHOUT ROWID");
  }
  for (const c of to.columns) {
    const old = from.columns.find((f) => lc(f.name) === lc(c.name));
    if (!old) {
      if (c.generated) why.push(`adds generated column ${c.name}`);
      continue;
    }
    if (lc(old.collate ?? "") !== lc(c.collate ?? "")) {
      why.push(`collation of ${c.name}: ${old.collate ?? "none"} → ${c.collate ?? "none"}`);
    }
    const g = (x: Column) => (x.generated ? `${rules().normalizeExpr(x.generated.expr)}|${x.generated.stored}` : "");
    if (g(old) !== g(c)) why.push(`generated clause of ${c.name} changes`);
  }
  const unnamed = <T extends { name: string | null }>(what: string, a: T[], b: T[], eq: (x: T, y: T) => boolean) => {
    const ua = a.filter((x) => !x.name);
    const ub = b.filter((x) => !x.name);
    const gone = ua.filter((x) => !ub.some((y) => eq(x, y)));
    const come = ub.filter((y) => !ua.some((x) => eq(x, y)));
    if (gone.length || come.length) why.push(`unnamed ${what} changes (only a named constraint can be dropped alone)`);
  };
  unnamed("foreign key", from.foreignKeys, to.foreignKeys, foreignKeysEqual);
  unnamed("CHECK constraint", from.checks, to.checks, checksEqual);
  unnamed("UNIQUE constraint", from.uniques, to.uniques, uniquesEqual);
  return why;
}
