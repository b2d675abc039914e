// Rename resolution for autogenerate: `@@was`/`@was` hints first, then drop+add pairs that look
// like renames, confirmed through an injected `ask` (a terminal prompt in the CLI). Without an
// answer a pair stays a drop plus an add and a warning names the hint that would make it a
// rename: data is never silently dropped nor silently kept (DESIGN.md §2, "Renames").

import type { Schema, Table } from "../schema/types";
import { rules } from "./rules";

export type RenameQuestion =
  | { kind: "table"; from: string; to: string }
  | { kind: "column"; table: string; from: string; to: string; type: string };

export type AskRename = (q: RenameQuestion) => Promise<boolean> | boolean;

export interface RenamePlan {
  /** old table name (lower case) → new table name */
  tables: Map<string, string>;
  /** new table name (lower case) → (old column name (lower case) → new column name) */
  columns: Map<string, Map<string, string>>;
}

const lc = (s: string) => s.toLowerCase();

function columnSignature(t: Table): string {
  return t.columns
    .map((c) => `${lc(c.name)}:${rules().normalizeType(c.type)}`)
    .sort()
    .join(",");
}

/** Decides which tables and columns of `from` are renamed in `to`. */
export async function resolveRenames(
  from: Schema,
  to: Schema,
  ask: AskRename | undefined,
  warnings: string[],
): Promise<RenamePlan> {
  const plan: RenamePlan = { tables: new Map(), columns: new Map() };
  const toNames = new Set(to.tables.map((t) => lc(t.name)));
  const fromNames = new Set(from.tables.map((t) => lc(t.name)));
  const dropped = new Map(from.tables.filter((t) => !toNames.has(lc(t.name))).map((t) => [lc(t.name), t]));
  const added = to.tables.filter((t) => !fromNames.has(lc(t.name)));

  // Hints: a stale hint (the old name is gone, as after the rename was applied) is ignored. A
  // hint also holds when the new name is in use in `from` (a rename onto the name of a table the
  // model drops, or a swap of two names): the old name must then leave `to`, or be renamed itself.
  const fromByName = new Map(from.tables.map((t) => [lc(t.name), t]));
  const toByName = new Map(to.tables.map((t) => [lc(t.name), t]));
  const hinted = new Set<string>();
  for (const t of to.tables) {
    const old = (t.was ?? []).map(lc).find((w) => w !== lc(t.name) && fromByName.has(w) && !plan.tables.has(w) && leavesName(w, fromByName, toByName));
    if (!old) continue;
    plan.tables.set(old, t.name);
    dropped.delete(old);
    hinted.add(lc(t.name));
  }
  const tableCycles = dropCycles(plan.tables, "tables");
  for (const t of tableCycles.targets) hinted.delete(lc(t));
  if (tableCycles.warning) warnings.push(tableCycles.warning);
  const unhinted = added.filter((t) => !hinted.has(lc(t.name)));
  for (const t of unhinted) {
    const sig = columnSignature(t);
    const cand = [...dropped.values()].find((d) => columnSignature(d) === sig);
    if (!cand) continue;
    if (ask) {
      if (await ask({ kind: "table", from: cand.name, to: t.name })) {
        plan.tables.set(lc(cand.name), t.name);
        dropped.delete(lc(cand.name));
      }
    } else {
      warnings.push(
        `table ${rules().quoteIdent(cand.name)} is dropped and ${rules().quoteIdent(t.name)} added with the same columns: ` +
          `if this is a rename, add @@was("${cand.name}") to the model of ${t.name}; as generated, the rows of ${cand.name} are lost`,
      );
    }
  }

  const oldNameOf = new Map([...plan.tables].map(([old, now]) => [lc(now), old]));
  for (const t of to.tables) {
    const old = fromByName.get(oldNameOf.get(lc(t.name)) ?? lc(t.name));
    if (!old) continue;
    const map = await resolveColumnRenames(old, t, ask, warnings);
    if (map.size) plan.columns.set(lc(t.name), map);
  }
  return plan;
}

async function resolveColumnRenames(
  from: Table,
  to: Table,
  ask: AskRename | undefined,
  warnings: string[],
): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  const toNames = new Set(to.columns.map((c) => lc(c.name)));
  const fromNames = new Set(from.columns.map((c) => lc(c.name)));
  const dropped = new Map(from.columns.filter((c) => !toNames.has(lc(c.name))).map((c) => [lc(c.name), c]));
  const added = to.columns.filter((c) => !fromNames.has(lc(c.name)));
  // hints, also onto a name in use (see resolveRenames)
  const fromByName = new Map(from.columns.map((c) => [lc(c.name), c]));
  const toByName = new Map(to.columns.map((c) => [lc(c.name), c]));
  const hinted = new Set<string>();
  for (const c of to.columns) {
    const old = (c.was ?? []).map(lc).find((w) => w !== lc(c.name) && fromByName.has(w) && !map.has(w) && leavesName(w, fromByName, toByName));
    if (!old) continue;
    map.set(old, c.name);
    dropped.delete(old);
    hinted.add(lc(c.name));
  }
  const cycles = dropCycles(map, `columns of ${to.name}`);
  for (const t of cycles.targets) hinted.delete(lc(t));
  if (cycles.warning) warnings.push(cycles.warning);
  const unhinted = added.filter((c) => !hinted.has(lc(c.name)));
  for (const c of unhinted) {
    const type = rules().normalizeType(c.type);
    const cand = [...dropped.values()].find((d) => rules().normalizeType(d.type) === type);
    if (!cand) continue;
    if (ask) {
      if (await ask({ kind: "column", table: to.name, from: cand.name, to: c.name, type: c.type })) {
        map.set(lc(cand.name), c.name);
        dropped.delete(lc(cand.name));
      }
    } else {
      // one suggestion per dropped column
      dropped.delete(lc(cand.name));
      warnings.push(
        `column ${to.name}.${cand.name} is dropped and ${to.name}.${c.name} added with the same type ${type || "(none)"}: ` +
          `if this is a rename, add @was("${cand.name}") to the field ${c.name}; as generated, the data in ${cand.name} is lost`,
      );
    }
  }
  return map;
}

/** True when the item called `old` in `from` gives its name up in `to`: no item of `to` has
 *  that name, or the one that has it was renamed from another item of `from` (a swap). */
function leavesName<T extends { name: string; was?: string[] | null }>(
  old: string,
  from: Map<string, T>,
  to: Map<string, T>,
): boolean {
  const holder = to.get(old);
  return !holder || (holder.was ?? []).some((w) => lc(w) !== old && from.has(lc(w)));
}

/** Removes hinted renames that form a cycle (a swap of names): after the swap has run, the
 *  database looks exactly as before it (the same names, the hints still in the model), so the
 *  hints would swap the names back on every autogenerate. A swap is written by hand. */
function dropCycles(map: Map<string, string>, what: string): { targets: string[]; warning: string | null } {
  const inCycle: string[] = [];
  for (const start of map.keys()) {
    let k: string | undefined = start;
    for (let i = 0; i <= map.size && k !== undefined; i++) {
      k = map.has(k) ? lc(map.get(k)!) : undefined;
      if (k === start) {
        inCycle.push(start);
        break;
      }
    }
  }
  if (!inCycle.length) return { targets: [], warning: null };
  const names = inCycle.map((k) => `${k} → ${map.get(k)}`).join(", ");
  const targets = inCycle.map((k) => map.get(k)!);
  for (const k of inCycle) map.delete(k);
  return {
    targets,
    warning:
      `the @was/@@was hints on ${what} swap names in a cycle (${names}): ignored, because once applied the ` +
      `database looks the same as before and the hints would swap the names back; write the swap by hand ` +
      `(rename through a temporary name) and remove the hints`,
  };
}

/** Renames whose targets are names in use before they run (a dropped item's name reused, a
 *  swap, a chain): `rename` is `old → new` (old name lower-cased), `existing` the names in use. */
export function collidingRenames(rename: Map<string, string>, existing: Iterable<string>): boolean {
  const names = new Set([...existing].map(lc));
  return [...rename.values()].some((now) => names.has(lc(now)));
}

// ---------------------------------------------------------------------------
// Applying a plan to the old schema, the way SQLite's ALTER TABLE ... RENAME does: references
// in foreign keys, indexes and CHECK expressions follow (lang_altertable.html#altertabrename).

/** Replaces identifier `old` by `now` outside string literals (bare or double-quoted). */
export function renameIdentInSql(sql: string, old: string, now: string): string {
  const parts = sql.split(/('(?:[^']|'')*')/);
  const esc = old.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const quoted = new RegExp(`"${esc.replace(/"/g, '""')}"`, "gi");
  const bare = new RegExp(`(?<![\\w."$])${esc}(?![\\w"$])`, "gi");
  return parts
    .map((p, i) => (i % 2 === 1 ? p : p.replace(quoted, rules().quoteIdent(now)).replace(bare, rules().quoteIdent(now))))
    .join("");
}

export function applyRenames(schema: Schema, plan: RenamePlan): Schema {
  if (plan.tables.size === 0 && plan.columns.size === 0) return schema;
  const tableName = (n: string) => plan.tables.get(lc(n)) ?? n;
  const colMapFor = (table: string) => plan.columns.get(lc(tableName(table)));
  const colName = (table: string, n: string) => colMapFor(table)?.get(lc(n)) ?? n;
  const renameInExpr = (table: string, sql: string) => {
    let out = sql;
    for (const [old, now] of colMapFor(table) ?? []) out = renameIdentInSql(out, old, now);
    return out;
  };
  const tables = schema.tables.map((t): Table => {
    const name = tableName(t.name);
    return {
      ...t,
      name,
      columns: t.columns.map((c) => ({ ...c, name: colName(t.name, c.name) })),
      primaryKey: t.primaryKey && {
        ...t.primaryKey,
        columns: t.primaryKey.columns.map((c) => colName(t.name, c)),
      },
      indexes: t.indexes.map((i) => ({
        ...i,
        columns: i.columns.map((ic) => ({
          ...ic,
          name: ic.name === null ? null : colName(t.name, ic.name),
          expr: ic.expr ? renameInExpr(t.name, ic.expr) : ic.expr,
        })),
        where: i.where ? renameInExpr(t.name, i.where) : i.where,
      })),
      foreignKeys: t.foreignKeys.map((fk) => ({
        ...fk,
        columns: fk.columns.map((c) => colName(t.name, c)),
        refTable: tableName(fk.refTable),
        refColumns: fk.refColumns.map((c) => colName(fk.refTable, c)),
      })),
      checks: t.checks.map((ck) => ({ ...ck, expr: renameInExpr(t.name, ck.expr) })),
      uniques: t.uniques.map((u) => ({ ...u, columns: u.columns.map((c) => colName(t.name, c)) })),
    };
  });
  return { ...schema, tables };
}
