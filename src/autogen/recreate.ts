// Table re-creation spelled with public op calls, for the changes SQLite cannot make in place
// and the Op API has no call for (a primary key, STRICT/WITHOUT ROWID, a column collation or
// generated clause, a constraint without a name). It follows the order of SQLite's 12-step
// procedure (https://www.sqlite.org/lang_altertable.html#otheralter, steps 4-7): create the new
// table under a temporary name, copy the rows, drop the old table, rename the new one into
// place, then re-create the indexes. The new table is renamed (never the old one) because
// renaming a table rewrites the foreign keys of other tables that point at it.

import type { Index, Table } from "../schema/types";
import type { Operation } from "../ops/types";
import { quoteIdent as q } from "../dialect/sqlite/sqlite-quote";

const TMP_PREFIX = "_migrator_tmp_";

export function recreateTempName(table: string): string {
  return TMP_PREFIX + table;
}

/** The statement copying the columns both definitions share (generated columns excluded:
 *  SQLite computes them). */
export function copyRowsSql(from: Table, to: Table, fromName: string, toName: string): string {
  const fromCols = new Set(from.columns.filter((c) => !c.generated).map((c) => c.name.toLowerCase()));
  const cols = to.columns.filter((c) => !c.generated && fromCols.has(c.name.toLowerCase())).map((c) => q(c.name));
  return `INSERT INTO ${q(toName)} (${cols.join(", ")}) SELECT ${cols.join(", ")} FROM ${q(fromName)}`;
}

/** Operations re-creating `from` (the table as it is) as `to` (as it must become). The
 *  operations carry the full definitions, so the group can be reversed as a unit. */
export function recreateOps(from: Table, to: Table): Operation[] {
  const tmp = recreateTempName(to.name);
  const ops: Operation[] = [
    { kind: "createTable", table: { ...to, name: tmp, indexes: [] } },
    { kind: "execute", sql: copyRowsSql(from, to, to.name, tmp) },
    { kind: "dropTable", name: to.name, table: from },
    { kind: "renameTable", from: tmp, to: to.name },
  ];
  for (const index of to.indexes) ops.push({ kind: "createIndex", table: to.name, index });
  return ops;
}

export interface RecreateGroup {
  /** number of operations in the group, starting at the index given to matchRecreate */
  length: number;
  from: Table;
  to: Table;
}

/** Recognises a group produced by recreateOps at `ops[i]`, or returns null. `lookup` supplies
 *  the old definition when the dropTable operation does not carry it. */
export function matchRecreate(
  ops: readonly Operation[],
  i: number,
  lookup: (name: string) => Table | undefined,
): RecreateGroup | null {
  const create = ops[i];
  if (create?.kind !== "createTable" || !create.table.name.startsWith(TMP_PREFIX)) return null;
  const name = create.table.name.slice(TMP_PREFIX.length);
  const copy = ops[i + 1];
  const drop = ops[i + 2];
  const rename = ops[i + 3];
  if (copy?.kind !== "execute" || drop?.kind !== "dropTable" || rename?.kind !== "renameTable") return null;
  if (drop.name !== name || rename.from !== create.table.name || rename.to !== name) return null;
  const from = drop.table ?? lookup(name);
  if (!from) return null;
  const indexes: Index[] = [];
  let j = i + 4;
  for (; j < ops.length; j++) {
    const op = ops[j]!;
    if (op.kind !== "createIndex" || op.table !== name) break;
    indexes.push(op.index);
  }
  return { length: j - i, from, to: { ...create.table, name, indexes } };
}
