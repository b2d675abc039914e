// Table re-creation spelled with public op calls, for the changes SQLite cannot make in place
// and the Op API has no call for (a primary key, STRICT/WITHOUT ROWID, a column collation or
// generated clause, a constraint without a name). It follows the order of SQLite's 12-step
// procedure (https://www.sqlite.org/lang_altertable.html#otheralter, steps 4-7): create the new
// table under a temporary name, copy the rows, drop the old table, rename the new one into
// place, then re-create the indexes. The new table is renamed (never the old one) because
// renaming a table rewrites the foreign keys of other tables that point at it.

import type { Index, Table } from "../schema/types";
import type { Operation } from "../ops/types";
import { rules } from "./rules";

const TMP_PREFIX = "_migrator_tmp_";

export function recreateTempName(table: string): string {
  return TMP_PREFIX + table;
}

const lc = (s: string) => s.toLowerCase();

/** The statement copying the columns both definitions share (generated columns excluded:
 *  SQLite computes them). `renames` (old name lower-cased → new name) pairs columns whose name
 *  changes; an old column whose name another column takes, and that is not renamed itself, is
 *  not copied (its data leaves with it). */
export function copyRowsSql(from: Table, to: Table, fromName: string, toName: string, renames?: Map<string, string>): string {
  const taken = new Set([...(renames?.values() ?? [])].map(lc));
  const source = new Map<string, string>(); // new column (lc) → old column
  for (const c of from.columns) {
    if (c.generated) continue;
    const now = renames?.get(lc(c.name)) ?? (taken.has(lc(c.name)) ? null : c.name);
    if (now !== null) source.set(lc(now), c.name);
  }
  const pairs = to.columns.filter((c) => !c.generated && source.has(lc(c.name))).map((c) => [rules().quoteIdent(c.name), rules().quoteIdent(source.get(lc(c.name))!)]);
  return `INSERT INTO ${rules().quoteIdent(toName)} (${pairs.map((p) => p[0]).join(", ")}) SELECT ${pairs.map((p) => p[1]).join(", ")} FROM ${rules().quoteIdent(fromName)}`;
}

/** The column renames a copy statement written by copyRowsSql makes (old lower-cased → new). */
export function copyRenames(sql: string): Map<string, string> {
  const m = /^INSERT INTO "(?:[^"]|"")*" \((.*)\) SELECT (.*) FROM "(?:[^"]|"")*"$/s.exec(sql);
  const out = new Map<string, string>();
  if (!m) return out;
  const idents = (list: string) => [...list.matchAll(/"((?:[^"]|"")*)"/g)].map((x) => x[1]!.replace(/""/g, '"'));
  const into = idents(m[1]!);
  const from = idents(m[2]!);
  into.forEach((now, i) => {
    if (from[i] !== undefined && from[i] !== now) out.set(lc(from[i]!), now);
  });
  return out;
}

/** Operations re-creating `from` (the table as it is) as `to` (as it must become). The
 *  operations carry the full definitions, so the group can be reversed as a unit. */
export function recreateOps(from: Table, to: Table, renames?: Map<string, string>): Operation[] {
  const tmp = recreateTempName(to.name);
  const ops: Operation[] = [
    { kind: "createTable", table: { ...to, name: tmp, indexes: [] } },
    { kind: "execute", sql: copyRowsSql(from, to, to.name, tmp, renames) },
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
  /** columns the copy renames (old name lower-cased → new name) */
  renames: Map<string, string>;
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
  return { length: j - i, from, to: { ...create.table, name, indexes }, renames: copyRenames(copy.sql) };
}
