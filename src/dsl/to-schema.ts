// AST → neutral Schema for one provider (its ModelTarget), matching the tables Prisma's schema
// engine creates: names from @map/@@map, Prisma's constraint names (`T_a_key`, `T_a_b_idx`,
// `T_a_fkey`, on PostgreSQL `T_pkey`, cut to 63 bytes before the suffix), its default actions
// (required → RESTRICT, optional → SET NULL, update → CASCADE), `_AToB` join tables, enums as
// types or — our addition on SQLite — CHECKs, @check/@@check, rename hints from @was/@@was.

import type * as A from "./ast";
import { argValue, blockAttributes, fieldMap, fieldRefs, fieldsOf, findAttribute, nativeTypeOf, stringArg, type FieldRef } from "./attributes";
import { REFERENTIAL_ACTIONS } from "./builtins";
import { renderDefault } from "./defaults";
import type { ForeignKeyRelation, ManyToManyRelation, Relation } from "./relations";
import { columnName, enumDbValues, enumTypeName, tableName, type Symbols } from "./symbols";
import { singleId } from "./validate-relations";
import type { ModelTarget, NativeType } from "../schema/target";
import type { CheckConstraint, Column, EnumType, ForeignKey, Index, IndexColumn, ReferentialAction, Schema, Table } from "../schema/types";

/** Where each index came from (source offset), so that name clashes can be reported there. */
export type Origins = Map<Index, number>;

/** What building one model needs besides the model. */
interface Ctx {
  sym: Symbols;
  target: ModelTarget;
  origins: Origins;
}

/** Prisma's default constraint name: `prefix_suffix`, the prefix cut so that the whole fits the
 *  provider's identifier limit (PostgreSQL: 63; the suffix survives). */
function defaultName(target: ModelTarget, prefix: string, suffix: string): string {
  const max = target.naming?.maxIdentifierLength;
  if (max !== undefined && prefix.length + 1 + suffix.length > max) prefix = prefix.slice(0, max - suffix.length - 1);
  return `${prefix}_${suffix}`;
}

/** The native type of a field (`@db.VarChar(255)`), or null. */
function nativeOf(sym: Symbols, f: A.Field): NativeType | null {
  const n = nativeTypeOf(f, sym.datasource.name ?? "db");
  return n ? { name: n.name, args: n.args } : null;
}

function isAutoincrement(f: A.Field): boolean {
  const d = findAttribute(f.attributes, "default");
  const v = d ? argValue(d, "value", true) : null;
  return v?.kind === "Function" && v.name === "autoincrement";
}

/** The column type of a scalar or enum field. */
function fieldColumnType(ctx: Ctx, f: A.Field, opts: { autoincrement: boolean }): string {
  const enumBlock = ctx.sym.enums.get(f.type.name);
  if (enumBlock) return ctx.target.enumColumnType(enumTypeName(enumBlock), { list: f.type.list });
  if (f.type.name === "Unsupported") return (f.type.unsupported?.value ?? "") + (f.type.list && f.type.unsupported ? "[]" : "");
  return ctx.target.columnType(f.type.name, nativeOf(ctx.sym, f), { autoincrement: opts.autoincrement, list: f.type.list });
}

/** Build the schema of a validated document for `target`'s provider. */
export function buildSchema(sym: Symbols, relations: Relation[], target: ModelTarget, origins: Origins = new Map()): Schema {
  const ctx: Ctx = { sym, target, origins };
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
    const table = modelTable(ctx, item);
    if (withForeignKeys) {
      const rels = (fkByModel.get(item) ?? []).sort((x, y) => x.owner.field.loc.start - y.owner.field.loc.start);
      for (const r of rels) table.foreignKeys.push(foreignKey(target, table.name, r));
    }
    tables.push(table);
  }
  const joins = relations.filter((r): r is ManyToManyRelation => r.kind === "m2m").map((r) => joinTable(ctx, r, withForeignKeys));
  joins.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const schema: Schema = { tables: [...tables, ...joins], views: [], triggers: [] };
  if (target.enumStyle === "type") schema.enums = enumTypes(sym);
  return schema;
}

/** Every enum of the document as a type (Prisma creates unused ones too), sorted by name. */
function enumTypes(sym: Symbols): EnumType[] {
  const out: EnumType[] = [];
  for (const e of sym.enums.values()) out.push({ name: enumTypeName(e), values: enumDbValues(e) });
  return out.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

function modelTable(ctx: Ctx, model: A.ModelBlock): Table {
  const { sym, target, origins } = ctx;
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
    const type = fieldColumnType(ctx, f, { autoincrement: isAutoincrement(f) });
    const column: Column = {
      name: c,
      type,
      // a scalar list is a nullable array column (Prisma writes `TEXT[]` without NOT NULL)
      notNull: !f.type.optional && !f.type.list,
      default: def ? renderDefault(f, def, enumBlock, target, nativeOf(sym, f), type) : null,
      comment: f.doc.length ? f.doc.join("\n") : null,
      was: wasNames(f.attributes),
    };
    table.columns.push(column);
    if (enumBlock && target.enumStyle === "check") {
      // named in Prisma's style (`Model_field_key`, `_idx`, `_fkey`): a named CHECK can be swapped in
      // place when the enum changes (SQLite 3.53+) instead of re-creating the table
      enumChecks.push({
        name: `${table.name}_${c}_check`,
        expr: `${target.quoteIdent(c)} IN (${enumDbValues(enumBlock).map(target.quoteString).join(", ")})`,
      });
    }
    for (const a of f.attributes) if (a.name === "check") fieldChecks.push(check(a, target.naming?.checkNames ? defaultName(target, `${name}_${c}`, "check") : null));
    const id = findAttribute(f.attributes, "id");
    // Prisma's SQLite renderer adds AUTOINCREMENT to every single-column Int primary key.
    if (id) table.primaryKey = { name: pkName(target, name, id), columns: [c], autoincrement: target.autoincrementKeyword && f.type.name === "Int" };
    const unique = findAttribute(f.attributes, "unique");
    if (unique) {
      const index: Index = { name: stringArg(unique, "map") ?? defaultName(target, `${name}_${c}`, "key"), columns: [{ name: c, desc: false }], unique: true, where: null };
      origins.set(index, unique.loc.start);
      table.indexes.push(index);
    }
  }
  let autoChecks = 0;
  for (const a of blockAttributes(model.members)) {
    if (a.name === "check") {
      const auto = target.naming?.checkNames && stringArg(a, "map") === null ? blockCheckName(name, autoChecks++) : null;
      table.checks.push(check(a, auto));
      continue;
    }
    if (a.name !== "id" && a.name !== "unique" && a.name !== "index") continue;
    const refs = fieldRefs(argValue(a, "fields", true)) ?? [];
    const cols = refs.map((r) => col(r.name));
    if (a.name === "id") {
      table.primaryKey = { name: pkName(target, name, a), columns: cols, autoincrement: false };
      continue;
    }
    const suffix = a.name === "unique" ? "key" : "idx";
    const index: Index = {
      name: stringArg(a, "map") ?? (a.name === "index" ? stringArg(a, "name") : null) ?? defaultName(target, `${name}_${cols.join("_")}`, suffix),
      columns: refs.map((r, i) => indexColumn(target, cols[i]!, r)),
      unique: a.name === "unique",
      where: null,
    };
    const type = a.name === "index" && target.indexMethod ? argValue(a, "type") : null;
    const using = type?.kind === "Constant" ? target.indexMethod!(type.value) : null;
    if (using) index.using = using;
    origins.set(index, a.loc.start);
    table.indexes.push(index);
  }
  table.checks.unshift(...enumChecks, ...fieldChecks);
  return table;
}

const emptyAttr: A.Attribute = { kind: "Attribute", block: false, name: "", nameLoc: { start: 0, end: 0 }, args: null, comment: null, loc: { start: 0, end: 0 } };

/** `@id(map:)` / `@@id(map:)`, else `T_pkey` where the provider names primary keys. */
function pkName(target: ModelTarget, table: string, attr: A.Attribute): string | null {
  if (!target.naming?.primaryKeyNames) return null;
  return stringArg(attr, "map") ?? defaultName(target, table, "pkey");
}

/** An index term; `ops:` becomes an operator class where the provider has them. */
function indexColumn(target: ModelTarget, name: string, r: FieldRef): IndexColumn {
  const col: IndexColumn = { name, desc: r.desc };
  const ops = target.operatorClass ? r.args.find((x) => x.name?.value === "ops")?.value : undefined;
  if (ops?.kind === "Constant") col.opclass = target.operatorClass!(ops.value, false);
  else if (ops?.kind === "Function" && ops.name === "raw" && ops.args[0]?.value.kind === "String") col.opclass = target.operatorClass!(ops.args[0].value.value, true);
  return col;
}

/** PostgreSQL's own names for unnamed table CHECKs: `T_check`, `T_check1`, ... */
function blockCheckName(table: string, taken: number): string {
  return taken === 0 ? `${table}_check` : `${table}_check${taken}`;
}

function check(a: A.Attribute, fallbackName: string | null = null): CheckConstraint {
  return { name: stringArg(a, "map") ?? fallbackName, expr: stringArg(a, "expr", true) ?? "" };
}

function wasNames(attrs: readonly A.Attribute[]): string[] | null {
  const out: string[] = [];
  for (const a of attrs) {
    if (a.name !== "was") continue;
    for (const arg of a.args ?? []) if (arg.value.kind === "String") out.push(arg.value.value);
  }
  return out.length ? out : null;
}

function foreignKey(target: ModelTarget, table: string, r: ForeignKeyRelation): ForeignKey {
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
    name: (owner.attr && stringArg(owner.attr, "map")) ?? defaultName(target, `${table}_${columns.join("_")}`, "fkey"),
    columns,
    refTable: tableName(owner.target),
    refColumns,
    onDelete: action("onDelete", required ? "RESTRICT" : "SET NULL"),
    onUpdate: action("onUpdate", "CASCADE"),
  };
}

/** Prisma's implicit many-to-many table: `_Name(A, B)`, A pointing at the model that sorts first. */
function joinTable(ctx: Ctx, r: ManyToManyRelation, withForeignKeys: boolean): Table {
  const { target, origins } = ctx;
  const name = `_${r.name}`;
  const side = (end: typeof r.a, label: "A" | "B") => {
    const id = singleId(end.model)!;
    // the key's type without its SERIAL (PostgreSQL: INTEGER, BIGINT, SMALLINT; natives kept)
    return {
      column: { name: label, type: fieldColumnType(ctx, id, { autoincrement: false }), notNull: true, default: null } as Column,
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
  // Prisma 5+ on PostgreSQL: a primary key `_AToB_AB_pkey`; on SQLite a unique index
  const pk = target.naming?.joinTableKey === "primaryKey";
  const indexes: Index[] = [
    ...(pk ? [] : [{ name: `${name}_AB_unique`, columns: [{ name: "A" }, { name: "B" }], unique: true, where: null }]),
    { name: `${name}_B_index`, columns: [{ name: "B" }], unique: false, where: null },
  ];
  for (const i of indexes) origins.set(i, r.a.field.loc.start);
  return {
    name,
    columns: [a.column, b.column],
    primaryKey: pk ? { name: defaultName(target, name, "AB_pkey"), columns: ["A", "B"], autoincrement: false } : null,
    indexes,
    foreignKeys: withForeignKeys ? [a.fk, b.fk] : [],
    checks: [],
    uniques: [],
  };
}
