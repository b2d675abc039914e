// Reading attribute arguments from the syntax tree: named or first-positional arguments, string
// arguments, and field-reference lists such as `[a, b(sort: Desc)]` or a bare `userId`.

import type * as A from "./ast";

/** The value of argument `name`, or of the first unnamed argument when `positional`. */
export function argValue(attr: A.Attribute, name: string, positional = false): A.Value | null {
  if (!attr.args) return null;
  for (const a of attr.args) if (a.name?.value === name) return a.value;
  if (positional) {
    const first = attr.args[0];
    if (first && first.name === null) return first.value;
  }
  return null;
}

export function stringArg(attr: A.Attribute, name: string, positional = false): string | null {
  const v = argValue(attr, name, positional);
  return v && v.kind === "String" ? v.value : null;
}

export function findAttribute(attrs: readonly A.Attribute[], name: string): A.Attribute | undefined {
  return attrs.find((a) => a.name === name);
}

export interface FieldRef {
  name: string;
  loc: A.Loc;
  desc: boolean;
  args: A.Argument[];
}

/** `[a, b(sort: Desc)]`, `a` or `a(sort: Desc)` as a list of references; null if not a reference list. */
export function fieldRefs(v: A.Value | null): FieldRef[] | null {
  if (!v) return null;
  const items = v.kind === "Array" ? v.items : [v];
  const out: FieldRef[] = [];
  for (const it of items) {
    if (it.kind === "Constant") out.push({ name: it.value, loc: it.loc, desc: false, args: [] });
    else if (it.kind === "Function") {
      const sort = it.args.find((a) => a.name?.value === "sort");
      const desc = sort?.value.kind === "Constant" && sort.value.value === "Desc";
      out.push({ name: it.name, loc: it.loc, desc, args: it.args });
    } else return null;
  }
  return out;
}

/** Block attributes of a model (`@@x`). */
export function blockAttributes(members: readonly { kind: string }[]): A.Attribute[] {
  return members.filter((m): m is A.Attribute => m.kind === "Attribute");
}

// Trees are not changed after parsing, so per-model field lists can be cached.
const fieldCache = new WeakMap<A.ModelBlock, A.Field[]>();
const fieldMapCache = new WeakMap<A.ModelBlock, Map<string, A.Field>>();

export function fieldsOf(model: A.ModelBlock): A.Field[] {
  let fields = fieldCache.get(model);
  if (!fields) fieldCache.set(model, (fields = model.members.filter((m): m is A.Field => m.kind === "Field")));
  return fields;
}

/** Fields by name (the first of duplicates wins). */
export function fieldMap(model: A.ModelBlock): Map<string, A.Field> {
  let map = fieldMapCache.get(model);
  if (!map) {
    map = new Map();
    for (const f of fieldsOf(model)) if (!map.has(f.name.value)) map.set(f.name.value, f);
    fieldMapCache.set(model, map);
  }
  return map;
}

/** The field's `@<datasource>.Type(args)` attribute as a NativeType, or null. */
export function nativeTypeOf(field: A.Field, prefix: string): { name: string; args: string[]; attr: A.Attribute } | null {
  for (const a of field.attributes) {
    if (!a.name.startsWith(prefix + ".")) continue;
    const args = (a.args ?? []).map((x) => (x.value.kind === "Number" || x.value.kind === "Constant" || x.value.kind === "String" ? x.value.value : ""));
    return { name: a.name.slice(prefix.length + 1), args, attr: a };
  }
  return null;
}
