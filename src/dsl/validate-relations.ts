// Relation checks: pairing problems (from relations.ts), `fields`/`references` that name unknown
// fields or differ in length or type, unknown referential actions, and implicit many-to-many
// relations whose models lack a single-field @id (Prisma needs it for the join table).

import type * as A from "./ast";
import { argValue, fieldMap, fieldsOf, findAttribute, type FieldRef } from "./attributes";
import { REFERENTIAL_ACTIONS } from "./builtins";
import type { DiagnosticBag } from "./diagnostics";
import { resolveRelations, type Relation, type RelationEnd } from "./relations";
import { didYouMean } from "./suggest";
import type { Symbols } from "./symbols";

export function validateRelations(sym: Symbols, bag: DiagnosticBag): Relation[] {
  const err = (loc: A.Loc, message: string) => bag.add(loc.start, message);
  const relations = resolveRelations(sym, err);
  for (const model of sym.models.values()) {
    for (const f of fieldsOf(model)) {
      const attr = findAttribute(f.attributes, "relation");
      if (attr && sym.models.has(f.type.name)) checkRelationAttribute(sym, model, f, attr, err);
    }
  }
  for (const r of relations) {
    if (r.kind === "m2m") {
      for (const end of [r.a, r.b]) {
        if (!singleId(end.target)) {
          err(end.field.loc, `implicit many-to-many relation ${end.model.name.value}.${end.field.name.value} needs a single-field @id on model ${end.target.name.value}`);
        }
      }
    }
  }
  return relations;
}

function checkRelationAttribute(sym: Symbols, model: A.ModelBlock, field: A.Field, attr: A.Attribute, err: (loc: A.Loc, m: string) => void): void {
  const label = `${model.name.value}.${field.name.value}`;
  for (const key of ["onDelete", "onUpdate"]) {
    const v = argValue(attr, key);
    if (!v) continue;
    if (v.kind !== "Constant" || !(v.value in REFERENTIAL_ACTIONS)) {
      const shown = v.kind === "Constant" ? v.value : "this value";
      err(v.loc, `unknown referential action ${shown} for ${key}${v.kind === "Constant" ? didYouMean(v.value, Object.keys(REFERENTIAL_ACTIONS)) : ""}; use one of ${Object.keys(REFERENTIAL_ACTIONS).join(", ")}`);
    }
  }
  const name = argValue(attr, "name", true);
  if (name && name.kind !== "String") err(name.loc, `the relation name must be a string: @relation("Name")`);
  const fieldsV = argValue(attr, "fields");
  const refsV = argValue(attr, "references");
  if (!fieldsV && !refsV) return;
  if (!fieldsV || !refsV) {
    err(attr.loc, `@relation on ${label} needs both fields and references`);
    return;
  }
  const fields = refList(fieldsV, "fields", err);
  const refs = refList(refsV, "references", err);
  if (!fields || !refs) return;
  if (fields.length !== refs.length) {
    err(refsV.loc, `fields and references of relation ${label} have different lengths (${fields.length} and ${refs.length})`);
  }
  const target = sym.models.get(field.type.name)!;
  const own = fieldMap(model);
  const theirs = fieldMap(target);
  const resolved: (A.Field | undefined)[] = fields.map((r) => {
    const f = own.get(r.name);
    if (!f) err(r.loc, `unknown field ${r.name} in fields of relation ${label}${didYouMean(r.name, own.keys())}`);
    else if (sym.models.has(f.type.name)) err(r.loc, `${r.name} is a relation field; fields takes the scalar fields that hold the key`);
    return f;
  });
  refs.forEach((r, i) => {
    const t = theirs.get(r.name);
    if (!t) {
      err(r.loc, `unknown field ${r.name} of model ${target.name.value} in references of relation ${label}${didYouMean(r.name, theirs.keys())}`);
      return;
    }
    if (sym.models.has(t.type.name)) {
      err(r.loc, `${target.name.value}.${r.name} is a relation field; references takes scalar fields`);
      return;
    }
    const f = resolved[i];
    if (f && !sym.models.has(f.type.name) && typeKey(f) !== typeKey(t)) {
      err(r.loc, `field ${model.name.value}.${f.name.value} (${typeKey(f)}) and referenced field ${target.name.value}.${t.name.value} (${typeKey(t)}) have different types`);
    }
  });
}

function refList(v: A.Value, what: string, err: (loc: A.Loc, m: string) => void): FieldRef[] | null {
  const items = v.kind === "Array" ? v.items : null;
  if (!items || items.some((i) => i.kind !== "Constant")) {
    err(v.loc, `${what} must be a list of field names, e.g. ${what}: [authorId]`);
    return null;
  }
  return items.map((i) => ({ name: (i as A.ConstantValue).value, loc: i.loc, desc: false, args: [] }));
}

function typeKey(f: A.Field): string {
  return f.type.name === "Unsupported" ? `Unsupported(${f.type.unsupported?.raw ?? ""})` : f.type.name;
}

/** The single @id field of a model, if it has exactly that. */
export function singleId(model: A.ModelBlock): A.Field | null {
  const ids = fieldsOf(model).filter((f) => findAttribute(f.attributes, "id"));
  return ids.length === 1 ? ids[0]! : null;
}

export type { RelationEnd };
