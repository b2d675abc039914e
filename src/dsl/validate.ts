// Semantic checks of a parsed model file. Every problem is collected (never the first only):
// unknown types and attributes with suggestions, duplicates, defaults that don't fit, `@map`
// collisions, Prisma's unique-identifier rule; relations are checked in validate-relations.ts.

import type * as A from "./ast";
import { argValue, blockAttributes, fieldRefs, fieldsOf, findAttribute, nativeTypeOf } from "./attributes";
import { BLOCK_ATTRIBUTES, ENUM_BLOCK_ATTRIBUTES, ENUM_VALUE_ATTRIBUTES, FIELD_ATTRIBUTES, INDEX_TYPES, PROVIDERS, SCALAR_TYPES, type AttributeSpec } from "./builtins";
import { checkDefault } from "./defaults";
import type { DiagnosticBag } from "./diagnostics";
import type { Relation } from "./relations";
import { didYouMean } from "./suggest";
import { columnName, tableName, type Symbols } from "./symbols";
import { validateRelations } from "./validate-relations";
import type { ModelTarget } from "../schema/target";

/** Checks `sym` for the provider `target` serves (native types, scalar lists, name rules). */
export function validateDocument(sym: Symbols, bag: DiagnosticBag, target: ModelTarget): Relation[] {
  const v = new Validator(sym, bag, target);
  v.blocks();
  for (const item of sym.doc.items) {
    if (item.kind === "Model" && item.keyword === "model") v.model(item);
    else if (item.kind === "Enum") v.enumBlock(item);
  }
  const models = sym.doc.items.filter((i): i is A.ModelBlock => i.kind === "Model" && i.keyword === "model");
  v.renameHints(models.map((m) => ({ owner: `model ${m.name.value}`, attrs: blockAttributes(m.members) })), "in the model file");
  return validateRelations(sym, bag);
}

class Validator {
  private readonly nativePrefix: string;
  /** the provider's name in messages */
  private readonly provider: string;
  private readonly foldCase: boolean;
  /** view and type blocks are reported once, not again at every field that uses them */
  private readonly views = new Set<string>();

  constructor(
    private readonly sym: Symbols,
    private readonly bag: DiagnosticBag,
    private readonly target: ModelTarget,
  ) {
    this.nativePrefix = sym.datasource.name ?? "db";
    const p = sym.datasource.provider;
    this.provider = p !== null && target.providers.includes(p) ? p : target.providers[0]!;
    this.foldCase = target.naming?.foldCase ?? true;
    for (const item of sym.doc.items) if (item.kind === "Model" && item.keyword !== "model") this.views.add(item.name.value);
  }

  private err(loc: A.Loc, message: string): void {
    this.bag.add(loc.start, message);
  }

  blocks(): void {
    const seen = new Map<string, A.Block>();
    const tables = new Map<string, A.ModelBlock>();
    let datasources = 0;
    for (const item of this.sym.doc.items) {
      if (item.kind === "Comment") continue;
      if (item.kind === "Config") {
        if (item.keyword === "datasource" && ++datasources > 1) this.err(item.name.loc, "only one datasource block is allowed");
        if (item.keyword === "datasource" && datasources === 1) this.datasource(item);
        continue;
      }
      if (item.kind === "Model" && item.keyword === "view") {
        this.err(item.loc, `view ${item.name.value}: view blocks are not supported; create the view with op.execute in a migration`);
      } else if (item.kind === "Model" && item.keyword === "type") {
        this.err(item.loc, `type ${item.name.value}: composite types are MongoDB-only and not supported`);
      }
      const name = item.name.value;
      const first = seen.get(name);
      const what = item.kind === "Enum" ? "enum" : item.keyword;
      if (first) this.err(item.name.loc, `duplicate ${what} ${name} (first defined on line ${this.bag.lineOf(first.name.loc.start)})`);
      else seen.set(name, item);
      if (SCALAR_TYPES.includes(name) || name === "Unsupported") this.err(item.name.loc, `${what} ${name} has the name of a built-in type`);
      if (item.kind === "Model" && item.keyword === "model" && !first) {
        // SQLite compares names without regard to ASCII case, PostgreSQL (quoted) exactly
        const t = this.foldCase ? tableName(item).toLowerCase() : tableName(item);
        const other = tables.get(t);
        if (other) this.err(mapLoc(item) ?? item.name.loc, `table name "${tableName(item)}" of model ${name} is already used by model ${other.name.value}: change @@map`);
        else tables.set(t, item);
      }
    }
  }

  private datasource(block: A.ConfigBlock): void {
    const ds = this.sym.datasource;
    if (!ds.providerValue) {
      if (!this.bag.anyWithin(block.loc.start, block.loc.end)) this.err(block.name.loc, `datasource ${block.name.value} has no provider: add provider = "sqlite"`);
    } else if (ds.providerValue.kind !== "String") this.err(ds.providerValue.loc, 'provider must be a string: provider = "sqlite"');
    else if (!PROVIDERS.includes(ds.provider!)) this.err(ds.providerValue.loc, `provider "${ds.provider}" is not supported: migrator works with "sqlite" and "postgresql"`);
    else if (!this.target.providers.includes(ds.provider!)) {
      this.err(ds.providerValue.loc, `provider "${ds.provider}" does not match the database this model is loaded for (${this.target.providers.join(" / ")})`);
    }
  }

  model(model: A.ModelBlock): void {
    const fields = fieldsOf(model);
    const byName = new Map<string, A.Field>();
    const byColumn = new Map<string, A.Field>();
    for (const f of fields) {
      const first = byName.get(f.name.value);
      if (first) {
        this.err(f.name.loc, `field ${f.name.value} is defined twice in model ${model.name.value} (first on line ${this.bag.lineOf(first.loc.start)})`);
        continue;
      }
      byName.set(f.name.value, f);
      this.field(model, f);
      if (this.sym.models.has(f.type.name)) continue;
      const col = columnName(f);
      const clash = byColumn.get(col.toLowerCase());
      if (clash) {
        const at = findAttribute(f.attributes, "map")?.loc ?? f.name.loc;
        this.err(at, `column name "${col}" of ${model.name.value}.${f.name.value} is already used by field ${clash.name.value}: change @map`);
      } else byColumn.set(col.toLowerCase(), f);
    }
    for (const attr of blockAttributes(model.members)) this.blockAttribute(model, attr, byName);
    this.renameHints(
      fields.map((f) => ({ owner: `${model.name.value}.${f.name.value}`, attrs: f.attributes })),
      `in model ${model.name.value}`,
    );
    // a model with a syntax error lost lines: its identifier may be among them
    const ignored = findAttribute(blockAttributes(model.members), "ignore") !== undefined;
    if (!ignored && !this.bag.anyWithin(model.loc.start, model.loc.end)) this.hasIdentifier(model, fields, byName);
  }

  /**
   * Rename hints must name each old name once: two fields (or models) claiming the same
   * `@was` / `@@was` would make it a guess which one inherits the data.
   */
  renameHints(items: { owner: string; attrs: readonly A.Attribute[] }[], scope: string): void {
    const claimed = new Map<string, string>();
    for (const { owner, attrs } of items) {
      for (const a of attrs) {
        if (a.name !== "was") continue;
        for (const arg of a.args ?? []) {
          if (arg.value.kind !== "String") continue;
          const old = arg.value.value.toLowerCase();
          const first = claimed.get(old);
          if (first && first !== owner) {
            this.err(arg.value.loc, `${owner} and ${first} both say they were "${arg.value.value}" ${scope}: only one can inherit its data`);
          } else claimed.set(old, owner);
        }
      }
    }
  }

  private field(model: A.ModelBlock, f: A.Field): void {
    const t = f.type;
    const isModel = this.sym.models.has(t.name);
    const enumBlock = this.sym.enums.get(t.name);
    const relation = findAttribute(f.attributes, "relation");
    if (t.name === "Unsupported") {
      if (!t.unsupported) this.err(t.loc, 'Unsupported needs the database type as a string: Unsupported("circle")');
    } else if (!isModel && !enumBlock && !SCALAR_TYPES.includes(t.name) && !this.views.has(t.name)) {
      const candidates = [...SCALAR_TYPES, ...this.sym.models.keys(), ...this.sym.enums.keys()];
      const what = relation ? `relation to unknown model ${t.name}` : `unknown type ${t.name}`;
      this.err(t.loc, `${what}${didYouMean(t.name, relation ? this.sym.models.keys() : candidates)}`);
    }
    if (t.list && !isModel && !this.target.scalarLists) this.err(t.loc, `scalar lists (${t.name}[]) are not supported on ${this.provider}: use a relation or a Json field`);
    const seen = new Set<string>();
    for (const attr of f.attributes) {
      if (attr.name.includes(".")) {
        const prefix = attr.name.split(".")[0]!;
        if (prefix !== this.nativePrefix) this.err(attr.loc, `unknown attribute @${attr.name} (native types are written @${this.nativePrefix}.Type)`);
        else this.nativeType(f, attr, isModel || enumBlock !== undefined);
        continue;
      }
      const spec = FIELD_ATTRIBUTES[attr.name];
      if (!spec) {
        this.err(attr.loc, `unknown attribute @${attr.name}${didYouMean(attr.name, Object.keys(FIELD_ATTRIBUTES), "@")}`);
        continue;
      }
      if (seen.has(attr.name) && !spec.repeatable) this.err(attr.loc, `@${attr.name} is given twice on field ${f.name.value}`);
      seen.add(attr.name);
      this.arguments(attr, spec);
      this.fieldAttribute(model, f, attr, isModel, enumBlock);
    }
  }

  /** `@db.VarChar(255)`: known to the provider, fitting the field's scalar type and arguments. */
  private nativeType(f: A.Field, attr: A.Attribute, notScalar: boolean): void {
    if (!this.target.checkNative) return;
    const native = nativeTypeOf({ ...f, attributes: [attr] }, this.nativePrefix)!;
    if (notScalar || f.type.name === "Unsupported") {
      this.err(attr.loc, `@${attr.name} belongs on a field of a scalar type, and ${f.type.name} is not one`);
      return;
    }
    if (!this.target.nativeTypes.includes(native.name)) {
      this.err(attr.loc, `unknown native type @${attr.name} for ${this.provider}${didYouMean(native.name, this.target.nativeTypes, `@${this.nativePrefix}.`)}`);
      return;
    }
    const problem = this.target.checkNative(f.type.name, { name: native.name, args: native.args });
    if (problem) this.err(attr.loc, `${f.name.value}: ${problem}`);
  }

  private fieldAttribute(model: A.ModelBlock, f: A.Field, attr: A.Attribute, isModel: boolean, enumBlock: A.EnumBlock | undefined): void {
    switch (attr.name) {
      case "default": {
        const value = argValue(attr, "value", true);
        if (!value) this.err(attr.loc, "@default needs a value, e.g. @default(0) or @default(now())");
        else if (isModel) this.err(attr.loc, "a relation field cannot have a default");
        else {
          const p = checkDefault(f, value, enumBlock);
          if (p) this.err(p.loc, p.message);
        }
        break;
      }
      case "id":
        if (f.type.optional) this.err(attr.loc, `the @id field ${model.name.value}.${f.name.value} must be required: remove the "?"`);
        if (isModel || f.type.list) this.err(attr.loc, "@id belongs on a scalar field");
        break;
      case "unique":
        if (isModel) this.err(attr.loc, "@unique belongs on a scalar field; put it on the relation's fields");
        break;
      case "map":
      case "was":
        this.needString(attr, "name", `@${attr.name}("name")`);
        break;
      case "check":
        this.needString(attr, "expr", '@check("expr")');
        break;
      case "updatedAt":
        if (f.type.name !== "DateTime") this.err(attr.loc, "@updatedAt belongs on a DateTime field");
        break;
      case "relation":
        if (!isModel && (enumBlock || SCALAR_TYPES.includes(f.type.name))) this.err(attr.loc, `@relation belongs on a relation field, and ${f.type.name} is not a model`);
        break;
    }
  }

  private needString(attr: A.Attribute, name: string, example: string): void {
    const v = argValue(attr, name, true);
    if (!v || v.kind !== "String") this.err(v?.loc ?? attr.loc, `@${attr.block ? "@" : ""}${attr.name} needs a string: ${attr.block ? "@" : ""}${example}`);
  }

  /** Argument names must be known; only the first argument may omit its name. */
  private arguments(attr: A.Attribute, spec: AttributeSpec): void {
    const seen = new Set<string>();
    const at = `@${attr.block ? "@" : ""}${attr.name}`;
    (attr.args ?? []).forEach((a, i) => {
      if (a.name === null) {
        if (!spec.positional || (i > 0 && attr.name !== "was")) {
          this.err(a.loc, spec.positional ? `only the first argument of ${at} may be written without a name` : `${at} takes no unnamed arguments`);
        }
        return;
      }
      const n = a.name.value;
      if (!spec.args.includes(n)) this.err(a.name.loc, `unknown argument ${n} of ${at}${didYouMean(n, spec.args)}`);
      else if (seen.has(n)) this.err(a.name.loc, `argument ${n} of ${at} is given twice`);
      seen.add(n);
    });
  }

  private blockAttribute(model: A.ModelBlock, attr: A.Attribute, byName: Map<string, A.Field>): void {
    const spec = BLOCK_ATTRIBUTES[attr.name];
    if (!spec) {
      this.err(attr.loc, `unknown attribute @@${attr.name}${didYouMean(attr.name, Object.keys(BLOCK_ATTRIBUTES), "@@")}`);
      return;
    }
    this.arguments(attr, spec);
    if (spec.unsupported) this.err(attr.loc, `@@${attr.name} is not supported on ${this.provider}: ${spec.unsupported}`);
    if (attr.name === "index" && this.target.indexMethod) {
      const type = argValue(attr, "type");
      if (type && (type.kind !== "Constant" || !INDEX_TYPES.includes(type.value))) {
        const shown = type.kind === "Constant" ? type.value : "this value";
        this.err(type.loc, `unknown index type ${shown}${type.kind === "Constant" ? didYouMean(type.value, INDEX_TYPES) : ""}; use one of ${INDEX_TYPES.join(", ")}`);
      }
    }
    if (attr.name === "map" || attr.name === "was" || attr.name === "schema") this.needString(attr, "name", `${attr.name}("name")`);
    if (attr.name === "check") this.needString(attr, "expr", 'check("expr")');
    if (!["id", "unique", "index", "fulltext"].includes(attr.name)) return;
    const v = argValue(attr, "fields", true);
    const refs = fieldRefs(v);
    if (!refs || refs.length === 0) {
      this.err(v?.loc ?? attr.loc, `@@${attr.name} needs a list of fields, e.g. @@${attr.name}([a, b])`);
      return;
    }
    for (const r of refs) {
      const f = byName.get(r.name);
      if (!f) this.err(r.loc, `unknown field ${r.name} in @@${attr.name} of model ${model.name.value}${didYouMean(r.name, byName.keys())}`);
      else if (this.sym.models.has(f.type.name)) this.err(r.loc, `${r.name} is a relation field; @@${attr.name} takes scalar fields (use the relation's fields)`);
      else if (attr.name === "id" && f.type.optional) this.err(r.loc, `field ${r.name} in @@id must be required: remove the "?"`);
    }
    if (attr.name === "id" && [...byName.values()].some((f) => findAttribute(f.attributes, "id"))) {
      this.err(attr.loc, `model ${model.name.value} has both @id and @@id: keep one`);
    }
  }

  /** Prisma's rule: a model needs @id, @@id, or @unique / @@unique on required fields only. */
  private hasIdentifier(model: A.ModelBlock, fields: A.Field[], byName: Map<string, A.Field>): void {
    const scalar = (f: A.Field | undefined) => f !== undefined && !this.sym.models.has(f.type.name) && f.type.name !== "Unsupported";
    if (fields.some((f) => findAttribute(f.attributes, "id") || (findAttribute(f.attributes, "unique") && !f.type.optional && scalar(f)))) return;
    for (const attr of blockAttributes(model.members)) {
      if (attr.name === "id") return;
      if (attr.name === "unique") {
        const refs = fieldRefs(argValue(attr, "fields", true)) ?? [];
        if (refs.length > 0 && refs.every((r) => scalar(byName.get(r.name)) && !byName.get(r.name)!.type.optional)) return;
      }
    }
    this.err(model.name.loc, `model ${model.name.value} has no unique identifier: add @id to a field, @@id([...]), or @unique / @@unique on required fields`);
  }

  enumBlock(e: A.EnumBlock): void {
    const names = new Map<string, A.EnumValue>();
    const dbNames = new Set<string>();
    let count = 0;
    for (const m of e.members) {
      if (m.kind === "Comment") continue;
      if (m.kind === "Attribute") {
        const spec = ENUM_BLOCK_ATTRIBUTES[m.name];
        if (!spec) this.err(m.loc, `unknown attribute @@${m.name}${didYouMean(m.name, Object.keys(ENUM_BLOCK_ATTRIBUTES), "@@")}`);
        else this.arguments(m, spec);
        continue;
      }
      count++;
      const first = names.get(m.name.value);
      if (first) this.err(m.name.loc, `duplicate value ${m.name.value} in enum ${e.name.value} (first defined on line ${this.bag.lineOf(first.loc.start)})`);
      else names.set(m.name.value, m);
      for (const attr of m.attributes) {
        const spec = ENUM_VALUE_ATTRIBUTES[attr.name];
        if (!spec) this.err(attr.loc, `unknown attribute @${attr.name}${didYouMean(attr.name, Object.keys(ENUM_VALUE_ATTRIBUTES), "@")}`);
        else {
          this.arguments(attr, spec);
          this.needString(attr, "name", 'map("name")');
        }
      }
      const map = findAttribute(m.attributes, "map");
      const db = map && argValue(map, "name", true)?.kind === "String" ? (argValue(map, "name", true) as A.StringValue).value : m.name.value;
      if (dbNames.has(db) && !first) this.err(map?.loc ?? m.name.loc, `value "${db}" of enum ${e.name.value} is used twice: change @map`);
      dbNames.add(db);
    }
    if (count === 0) this.err(e.name.loc, `enum ${e.name.value} has no values`);
  }
}

function mapLoc(model: A.ModelBlock): A.Loc | null {
  return findAttribute(blockAttributes(model.members), "map")?.loc ?? null;
}
