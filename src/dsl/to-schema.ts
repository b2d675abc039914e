// AST → neutral Schema for SQLite, matching the tables Prisma's schema engine creates: names from
// @map/@@map, Prisma's constraint names (`T_a_key`, `T_a_b_idx`, `T_a_fkey`), its default actions
// (required → RESTRICT, optional → SET NULL, update → CASCADE), `_AToB` join tables, and — our
// additions — CHECKs for enums and @check/@@check, rename hints from @was/@@was.

import type * as A from "./ast";
import { argValue, blockAttributes, fieldMap, fieldRefs, fieldsOf, findAttribute, stringArg } from "./attributes";
import { REFERENTIAL_ACTIONS } from "./builtins";
import { renderDefault, sqliteColumnType } from "./defaults";
import type { ForeignKeyRelation, ManyToManyRelation, Relation } from "./relations";
import { columnName, enumDbValues, tableName, type Symbols } from "./symbols";
import { singleId } from "./validate-relations";
import type { CheckConstraint, Column, ForeignKey, Index, ReferentialAction, Schema, Table } from "../schema/types";
import { quoteIdent, quoteString } from "../dialect/sqlite/sqlite-quote";

/** Where each index came from (source offset), so that name clashes can be reported there. */
export type Origins = Map<Index, number>;

/** Build the schema of a validated document. */
export function buildSchema(sym: Symbols, relations: Relation[], origins: Origins = new Map()): Schema {
  const withForeignKeys = sym.datasource.relationMode !== "prisma";
  const fkByModel = new Map<A.ModelBlock, ForeignKeyRelation[]>();
  for (const r of relations) {
    if (r.kind !== "fk") continue;
    const list = fkByModel.get(r.owner.model) ?? [];
    list.push(r);
    fkByModel.set(r.owner.model, list);
  }
  const tables: Table[] = [];
  for (const item of sym.doc.items) {
    if (item.kind !== "Model" || item.keyword !== "model" || sym.models.get(item.name.value) !== item) continue;
    const table = modelTable(sym, item, origins);
    if (withForeignKeys) {
      const rels = (fkByModel.get(item) ?? []).sort((x, y) => x.owner.field.loc.start - y.owner.field.loc.start);
      for (const r of rels) table.foreignKeys.push(foreignKey(table.name, r));
    }
    tables.push(table);
  }
  const joins = relations.filter((r): r is ManyToManyRelation => r.kind === "m2m").map((r) => joinTable(r, withForeignKeys, origins));
  joins.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return { tables: [...tables, ...joins], views: [], triggers: [] };
}

function modelTable(sym: Symbols, model: A.ModelBlock, origins: Origins): Table {
  const name = tableName(model);
  const table: Table = {
    name,
    columns: [],
    primaryKey: null,
    indexes: [],
    foreignKeys: [],
    checks: [],
    uniques: [],
    comment: model.doc.length ? model.doc.join("\n") : null,
    was: wasNames(blockAttributes(model.members)),
  };
  const fields = fieldsOf(model).filter((f) => !sym.models.has(f.type.name));
  const byName = new Map(fields.map((f) => [f.name.value, f]));
  const col = (fieldName: string) => {
    const f = byName.get(fieldName);
    return f ? columnName(f) : fieldName;
  };
  const enumChecks: CheckConstraint[] = [];
  const fieldChecks: CheckConstraint[] = [];
  for (const f of fields) {
    const enumBlock = sym.enums.get(f.type.name);
    const c = columnName(f);
    const def = argValue(findAttribute(f.attributes, "default") ?? emptyAttr, "value", true);
    const column: Column = {
      name: c,
      type: sqliteColumnType(f, enumBlock !== undefined),
      notNull: !f.type.optional,
      default: def ? renderDefault(f, def, enumBlock) : null,
      comment: f.doc.length ? f.doc.join("\n") : null,
      was: wasNames(f.attributes),
    };
    table.columns.push(column);
    if (enumBlock) {
      // named in Prisma's style (`Model_field_key`, `_idx`, `_fkey`): a named CHECK can be swapped in
      // place when the enum changes (SQLite 3.53+) instead of re-creating the table
      enumChecks.push({
        name: `${table.name}_${c}_check`,
        expr: `${quoteIdent(c)} IN (${enumDbValues(enumBlock).map(quoteString).join(", ")})`,
      });
    }
    for (const a of f.attributes) if (a.name === "check") fieldChecks.push(check(a));
    const id = findAttribute(f.attributes, "id");
    // Prisma's SQLite renderer adds AUTOINCREMENT to every single-column Int primary key.
    if (id) table.primaryKey = { name: null, columns: [c], autoincrement: f.type.name === "Int" };
    const unique = findAttribute(f.attributes, "unique");
    if (unique) {
      const index: Index = { name: stringArg(unique, "map") ?? `${name}_${c}_key`, columns: [{ name: c, desc: false }], unique: true, where: null };
      origins.set(index, unique.loc.start);
      table.indexes.push(index);
    }
  }
  for (const a of blockAttributes(model.members)) {
    if (a.name === "check") {
      table.checks.push(check(a));
      continue;
    }
    if (a.name !== "id" && a.name !== "unique" && a.name !== "index") continue;
    const refs = fieldRefs(argValue(a, "fields", true)) ?? [];
    const cols = refs.map((r) => col(r.name));
    if (a.name === "id") {
      table.primaryKey = { name: null, columns: cols, autoincrement: false };
      continue;
    }
    const suffix = a.name === "unique" ? "key" : "idx";
    const index: Index = {
      name: stringArg(a, "map") ?? (a.name === "index" ? stringArg(a, "name") : null) ?? `${name}_${cols.join("_")}_${suffix}`,
      columns: refs.map((r, i) => ({ name: cols[i]!, desc: r.desc })),
      unique: a.name === "unique",
      where: null,
    };
    origins.set(index, a.loc.start);
    table.indexes.push(index);
  }
  table.checks.unshift(...enumChecks, ...fieldChecks);
  return table;
}

const emptyAttr: A.Attribute = { kind: "Attribute", block: false, name: "", nameLoc: { start: 0, end: 0 }, args: null, comment: null, loc: { start: 0, end: 0 } };

function check(a: A.Attribute): CheckConstraint {
  return { name: stringArg(a, "map"), expr: stringArg(a, "expr", true) ?? "" };
}

function wasNames(attrs: readonly A.Attribute[]): string[] | null {
  const out: string[] = [];
  for (const a of attrs) {
    if (a.name !== "was") continue;
    for (const arg of a.args ?? []) if (arg.value.kind === "String") out.push(arg.value.value);
  }
  return out.length ? out : null;
}

function foreignKey(table: string, r: ForeignKeyRelation): ForeignKey {
  const { owner } = r;
  const own = fieldMap(owner.model);
  const theirs = fieldMap(owner.target);
  const fields = (owner.fields ?? []).map((x) => own.get(x.name)!);
  const columns = fields.map(columnName);
  const refColumns = (owner.references ?? []).map((x) => columnName(theirs.get(x.name)!));
  // Prisma: onDelete defaults to SetNull for an optional relation, Restrict for a required one.
  const required = !owner.field.type.optional || fields.some((f) => !f.type.optional);
  const action = (key: string, fallback: ReferentialAction): ReferentialAction => {
    const v = owner.attr ? argValue(owner.attr, key) : null;
    return (v?.kind === "Constant" && REFERENTIAL_ACTIONS[v.value]) || fallback;
  };
  return {
    name: (owner.attr && stringArg(owner.attr, "map")) ?? `${table}_${columns.join("_")}_fkey`,
    columns,
    refTable: tableName(owner.target),
    refColumns,
    onDelete: action("onDelete", required ? "RESTRICT" : "SET NULL"),
    onUpdate: action("onUpdate", "CASCADE"),
  };
}

/** Prisma's implicit many-to-many table: `_Name(A, B)`, A pointing at the model that sorts first. */
function joinTable(r: ManyToManyRelation, withForeignKeys: boolean, origins: Origins): Table {
  const name = `_${r.name}`;
  const side = (end: typeof r.a, label: "A" | "B") => {
    const id = singleId(end.model)!;
    return {
      column: { name: label, type: sqliteColumnType(id, false), notNull: true, default: null } as Column,
      fk: {
        name: `${name}_${label}_fkey`,
        columns: [label],
        refTable: tableName(end.model),
        refColumns: [columnName(id)],
        onDelete: "CASCADE",
        onUpdate: "CASCADE",
      } as ForeignKey,
    };
  };
  const a = side(r.a, "A");
  const b = side(r.b, "B");
  const indexes: Index[] = [
    { name: `${name}_AB_unique`, columns: [{ name: "A" }, { name: "B" }], unique: true, where: null },
    { name: `${name}_B_index`, columns: [{ name: "B" }], unique: false, where: null },
  ];
  for (const i of indexes) origins.set(i, r.a.field.loc.start);
  return {
    name,
    columns: [a.column, b.column],
    primaryKey: null,
    indexes,
    foreignKeys: withForeignKeys ? [a.fk, b.fk] : [],
    checks: [],
    uniques: [],
  };
}
