// Autogenerate's differ (pure: two Schema values in, operations out). Renames are resolved
// first (renames.ts), then every table pair is diffed (compare-table.ts) and the operations are
// ordered so that they apply one after another, as Alembic's autogenerate orders them:
// dependants are dropped before what they use, referenced tables are created before the
// tables whose foreign keys point at them. Views and triggers are never diffed.

import type { SchemaRules } from "../schema/target";
import type { Schema, Table } from "../schema/types";
import type { Operation } from "../ops/types";
import { applyRenames, collidingRenames, resolveRenames, type AskRename, type RenamePlan } from "./renames";
import { diffTable } from "./compare-table";
import { recreateOps } from "./recreate";
import { withRules } from "./rules";

export type { RenameQuestion, AskRename, RenamePlan } from "./renames";

export interface CompareOptions {
  /** Confirms a rename candidate (a dropped and an added table with the same columns, or a
   *  dropped and an added column of the same type). Without it, candidates stay drop + add
   *  and a warning names the `@was` / `@@was` hint to add. */
  ask?: AskRename;
  /** the dialect's comparison rules (types, defaults, expressions) */
  rules?: SchemaRules;
}

export interface CompareResult {
  operations: Operation[];
  warnings: string[];
}

const lc = (s: string) => s.toLowerCase();
const DISPLACED_PREFIX = "_migrator_old_";

/** The operations that turn `from` (the database as the migrations leave it) into `to` (the
 *  model).
 *
 *  @example
 *  const { operations, warnings } = await compareSchemas(current, model, { ask: promptYesNo });
 */
export async function compareSchemas(from: Schema, to: Schema, opts: CompareOptions = {}): Promise<CompareResult> {
  if (opts.rules) return withRules(opts.rules, () => compareSchemas(from, to, { ...opts, rules: undefined }));
  const warnings: string[] = [];
  const plan = await resolveRenames(from, to, opts.ask, warnings);
  const result = diffSchemas(from, to, plan);
  return { operations: result.operations, warnings: [...warnings, ...result.warnings] };
}

/** The synchronous differ behind compareSchemas, for a rename plan already decided. */
export function diffSchemas(
  from: Schema,
  to: Schema,
  hints: RenamePlan = { tables: new Map(), columns: new Map() },
): CompareResult {
  let plan = hints;
  const warnings: string[] = [];
  // A table renamed onto the name of a table the model drops: that table first moves to a
  // temporary name and is dropped with the other dropped tables. SQLite's RENAME TABLE rewrites
  // the foreign keys pointing at it, so the references of other tables (and, in the downgrade,
  // of re-created ones) keep pointing at that table and not at the one taking its name.
  const targets = new Set([...plan.tables.values()].map(lc));
  const tableRenames = new Map(plan.tables);
  for (const t of from.tables) {
    if (targets.has(lc(t.name)) && !plan.tables.has(lc(t.name))) tableRenames.set(lc(t.name), DISPLACED_PREFIX + t.name);
  }
  plan = { tables: tableRenames, columns: plan.columns };
  const renames: Operation[] = orderRenames(from.tables.map((t) => t.name), tableRenames, "_migrator_swap_").map(
    ([a, b]): Operation => ({ kind: "renameTable", from: a, to: b }),
  );

  // Column renames onto names in use (a dropped column's name reused, a swap, a chain) are
  // made by re-creating the table with the rows copied column by column (recreate.ts): SQLite's
  // RENAME COLUMN refuses a name in use, and a drop-then-rename would lose the index and CHECK
  // definitions a downgrade needs.
  const oldTableOf = (newKey: string) =>
    from.tables.find((t) => lc(plan.tables.get(lc(t.name)) ?? t.name) === newKey)!;
  const remapped = new Map<string, Map<string, string>>();
  const inPlace = new Map<string, Map<string, string>>();
  for (const [tableKey, cols] of plan.columns) {
    const oldTable = oldTableOf(tableKey);
    (collidingRenames(cols, oldTable.columns.map((c) => c.name)) ? remapped : inPlace).set(tableKey, cols);
  }
  for (const [tableKey, cols] of inPlace) {
    const table = to.tables.find((t) => lc(t.name) === tableKey)!;
    const oldTable = oldTableOf(tableKey);
    for (const c of oldTable.columns) {
      const now = cols.get(lc(c.name));
      if (now) renames.push({ kind: "renameColumn", table: table.name, from: c.name, to: now });
    }
  }

  const old = applyRenames(from, { tables: plan.tables, columns: inPlace });
  const oldByName = new Map(old.tables.map((t) => [lc(t.name), t]));
  const newByName = new Map(to.tables.map((t) => [lc(t.name), t]));
  const dropped = old.tables.filter((t) => !newByName.has(lc(t.name)));
  const created = to.tables.filter((t) => !oldByName.has(lc(t.name)));

  const phase = {
    dropIndexes: [] as Operation[],
    dropConstraints: [] as Operation[],
    dropColumns: [] as Operation[],
    addColumns: [] as Operation[],
    alterColumns: [] as Operation[],
    recreates: [] as Operation[],
    createConstraints: [] as Operation[],
    createIndexes: [] as Operation[],
  };
  const recreated: Table[] = [];
  for (const t of to.tables) {
    const before = oldByName.get(lc(t.name));
    if (!before) continue;
    const remap = remapped.get(lc(t.name));
    if (remap) {
      recreated.push(before);
      phase.recreates.push(...recreateOps(before, t, remap));
      continue;
    }
    const d = diffTable(before, t);
    if (d.recreate.length) {
      recreated.push(before);
      phase.recreates.push(...recreateOps(before, t));
      continue;
    }
    phase.dropIndexes.push(...d.dropIndexes);
    phase.dropConstraints.push(...d.dropConstraints);
    phase.dropColumns.push(...d.dropColumns);
    phase.addColumns.push(...d.addColumns);
    phase.alterColumns.push(...d.alterColumns);
    phase.createConstraints.push(...d.createConstraints);
    phase.createIndexes.push(...d.createIndexes);
  }

  // Referencing tables are dropped before the tables they reference, and referenced tables are
  // created first; SQLite resolves references lazily, but this order also reads naturally and
  // keeps an ON DELETE CASCADE from firing into a table that is about to go anyway. Tables are
  // dropped after the re-creations, which may be what removes a foreign key to them, and
  // re-creations come after the new tables, whose rows their copied foreign keys may need.
  const dropTables: Operation[] = byDependency(dropped)
    .reverse()
    .map((t) => ({ kind: "dropTable", name: t.name, table: t }));
  const createTables: Operation[] = [];
  for (const t of byDependency(created)) {
    createTables.push({ kind: "createTable", table: { ...t, indexes: [] } });
    for (const index of t.indexes) phase.createIndexes.push({ kind: "createIndex", table: t.name, index });
  }

  // enum types (PostgreSQL): new ones and new value lists before the columns that use them,
  // dropped ones after the tables and columns that used them are gone
  const enums = diffEnums(from, to);

  warnings.push(...cascadeWarnings(old, to, dropped, recreated));
  return {
    operations: [
      ...renames,
      ...enums.create,
      ...enums.alter,
      ...phase.dropIndexes,
      ...phase.dropConstraints,
      ...phase.dropColumns,
      ...createTables,
      ...phase.addColumns,
      ...phase.alterColumns,
      ...phase.recreates,
      ...dropTables,
      ...enums.drop,
      ...phase.createConstraints,
      ...phase.createIndexes,
    ],
    warnings,
  };
}

/** The enum types to create, change (a new value list) and drop, compared by exact name. */
function diffEnums(from: Schema, to: Schema): { create: Operation[]; alter: Operation[]; drop: Operation[] } {
  const before = new Map((from.enums ?? []).map((e) => [e.name, e]));
  const after = new Map((to.enums ?? []).map((e) => [e.name, e]));
  const out = { create: [] as Operation[], alter: [] as Operation[], drop: [] as Operation[] };
  for (const [name, e] of after) {
    const was = before.get(name);
    if (!was) out.create.push({ kind: "createEnum", enum: { name, values: [...e.values] } });
    else if (was.values.join("\0") !== e.values.join("\0")) {
      out.alter.push({ kind: "alterEnum", name, values: [...e.values], existing: [...was.values] });
    }
  }
  for (const [name, e] of before) if (!after.has(name)) out.drop.push({ kind: "dropEnum", name, enum: { name, values: [...e.values] } });
  return out;
}

/** `renames` (old lower-cased → new) as an order of single renames that never targets a name
 *  in use: chains run from their free end, and a cycle (a swap) goes through a temporary name. */
export function orderRenames(names: string[], renames: Map<string, string>, tmpPrefix: string): [string, string][] {
  const current = new Map(names.map((n) => [lc(n), n])); // lc name in use → its spelling
  const pending = names.filter((n) => renames.has(lc(n))).map((n) => ({ now: n, to: renames.get(lc(n))! }));
  const out: [string, string][] = [];
  while (pending.length) {
    const i = pending.findIndex((p) => !current.has(lc(p.to)) || lc(p.to) === lc(p.now));
    if (i >= 0) {
      const p = pending.splice(i, 1)[0]!;
      current.delete(lc(p.now));
      current.set(lc(p.to), p.to);
      out.push([p.now, p.to]);
      continue;
    }
    // every pending target is in use: a cycle; move one out of the way
    const p = pending[0]!;
    const tmp = tmpPrefix + p.now;
    current.delete(lc(p.now));
    current.set(lc(tmp), tmp);
    out.push([p.now, tmp]);
    p.now = tmp;
  }
  return out;
}

/** Tables ordered so that a table comes after the tables (of the same list) it references;
 *  a reference cycle is broken at the first table met, keeping the input order otherwise. */
export function byDependency(tables: Table[]): Table[] {
  const names = new Map(tables.map((t) => [lc(t.name), t]));
  const out: Table[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (t: Table) => {
    const key = lc(t.name);
    if (state.has(key)) return;
    state.set(key, "visiting");
    for (const fk of t.foreignKeys) {
      const target = names.get(lc(fk.refTable));
      if (target && target !== t) visit(target);
    }
    state.set(key, "done");
    out.push(t);
  };
  for (const t of tables) visit(t);
  return out;
}

/** Dropping (or re-creating) a table that others reference with ON DELETE CASCADE deletes
 *  their rows when foreign keys are enforced (https://www.sqlite.org/foreignkeys.html#fk_actions,
 *  "DROP TABLE performs an implicit DELETE FROM"): say what the migration does about it. */
function cascadeWarnings(old: Schema, to: Schema, dropped: Table[], recreated: Table[]): string[] {
  const out: string[] = [];
  const droppedNames = new Set(dropped.map((t) => lc(t.name)));
  const check = (target: Table, verb: string) => {
    for (const child of old.tables) {
      for (const fk of child.foreignKeys) {
        if (lc(fk.refTable) !== lc(target.name) || fk.onDelete === "NO ACTION" || fk.onDelete === "RESTRICT") continue;
        if (child === target) continue;
        const where = `${child.name}(${fk.columns.join(", ")}) references ${target.name} ON DELETE ${fk.onDelete}`;
        const kept = to.tables
          .find((t) => lc(t.name) === lc(child.name))
          ?.foreignKeys.some((k) => lc(k.refTable) === lc(target.name));
        if (droppedNames.has(lc(child.name))) {
          out.push(`${verb} ${target.name}: ${where}; ${child.name} is dropped first, so no rows cascade`);
        } else if (!kept) {
          out.push(`${verb} ${target.name}: ${where}; that foreign key is dropped first, so no rows cascade`);
        } else {
          out.push(
            `${verb} ${target.name}: ${where}; if foreign keys are enforced while the migration runs, ` +
              `DROP TABLE ${target.name} applies that action to the rows of ${child.name}: review before applying`,
          );
        }
      }
    }
  };
  for (const t of dropped) check(t, "dropping table");
  for (const t of recreated) check(t, "re-creating table");
  return out;
}
