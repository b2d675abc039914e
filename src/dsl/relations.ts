// Pairs relation fields into relations, Prisma's way: the two fields of a relation point at each
// other's models and carry the same relation name (or none). A pair where both sides are lists
// and neither has `fields` is an implicit many-to-many relation (a `_AToB` join table); otherwise
// the side with `@relation(fields, references)` holds the foreign key.

import type * as A from "./ast";
import { argValue, fieldRefs, fieldsOf, findAttribute, type FieldRef } from "./attributes";
import type { Symbols } from "./symbols";

export interface RelationEnd {
  model: A.ModelBlock;
  field: A.Field;
  target: A.ModelBlock;
  attr: A.Attribute | null;
  /** explicit relation name, or null */
  name: string | null;
  fields: FieldRef[] | null;
  references: FieldRef[] | null;
}

export interface ForeignKeyRelation {
  kind: "fk";
  /** the side that holds the foreign key */
  owner: RelationEnd;
  other: RelationEnd;
}

export interface ManyToManyRelation {
  kind: "m2m";
  /** relation name: the explicit one or `ModelAToModelB` with the names sorted */
  name: string;
  /** A is the model whose name sorts first (Prisma's column `A`) */
  a: RelationEnd;
  b: RelationEnd;
}

export type Relation = ForeignKeyRelation | ManyToManyRelation;

export type Report = (loc: A.Loc, message: string) => void;

function relationEnd(sym: Symbols, model: A.ModelBlock, field: A.Field): RelationEnd {
  const attr = findAttribute(field.attributes, "relation") ?? null;
  const nameValue = attr ? argValue(attr, "name", true) : null;
  return {
    model,
    field,
    target: sym.models.get(field.type.name)!,
    attr,
    name: nameValue?.kind === "String" ? nameValue.value : null,
    fields: attr ? fieldRefs(argValue(attr, "fields")) : null,
    references: attr ? fieldRefs(argValue(attr, "references")) : null,
  };
}

/** Every relation of the document; problems with pairing are reported through `report`. */
export function resolveRelations(sym: Symbols, report: Report = () => {}): Relation[] {
  const groups = new Map<string, RelationEnd[]>();
  for (const model of sym.models.values()) {
    for (const field of fieldsOf(model)) {
      if (!sym.models.has(field.type.name)) continue;
      const end = relationEnd(sym, model, field);
      const pair = [model.name.value, end.target.name.value].sort();
      const key = `${pair[0]}\u0000${pair[1]}\u0000${end.name ?? ""}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(end);
    }
  }
  const relations: Relation[] = [];
  for (const ends of groups.values()) {
    const self = ends[0]!.model === ends[0]!.target;
    let pairs: [RelationEnd, RelationEnd][] = [];
    if (self) {
      if (ends.length === 2) pairs = [[ends[0]!, ends[1]!]];
      else if (ends.length === 1) missingOpposite(ends[0]!, report);
      else for (const e of ends.slice(2)) ambiguous(e, report);
    } else {
      const left = ends.filter((e) => e.model === ends[0]!.model);
      const right = ends.filter((e) => e.model !== ends[0]!.model);
      if (left.length === 0 || right.length === 0) for (const e of ends) missingOpposite(e, report);
      else if (left.length > 1 || right.length > 1) for (const e of [...left.slice(1), ...right.slice(1)]) ambiguous(e, report);
      else pairs = [[left[0]!, right[0]!]];
    }
    for (const [x, y] of pairs) {
      const r = classify(x, y, report);
      if (r) relations.push(r);
    }
  }
  return relations;
}

function classify(x: RelationEnd, y: RelationEnd, report: Report): Relation | null {
  const xHas = x.fields !== null || x.references !== null;
  const yHas = y.fields !== null || y.references !== null;
  if (!xHas && !yHas) {
    if (x.field.type.list && y.field.type.list) {
      const [a, b] = x.model.name.value <= y.model.name.value ? [x, y] : [y, x];
      const name = x.name ?? `${a.model.name.value}To${b.model.name.value}`;
      return { kind: "m2m", name, a, b };
    }
    const at = x.field.type.list ? y : x;
    report(
      at.field.loc,
      `relation between ${x.model.name.value}.${x.field.name.value} and ${y.model.name.value}.${y.field.name.value} needs @relation(fields: [...], references: [...]) on one side`,
    );
    return null;
  }
  if (xHas && yHas) {
    report(y.attr!.loc, `only one side of a relation may define fields and references (both ${x.model.name.value}.${x.field.name.value} and ${y.model.name.value}.${y.field.name.value} do)`);
    return null;
  }
  const owner = xHas ? x : y;
  const other = xHas ? y : x;
  if (owner.field.type.list) {
    report(owner.attr!.loc, `the list field ${owner.model.name.value}.${owner.field.name.value} cannot hold the foreign key: move fields and references to ${other.model.name.value}.${other.field.name.value}`);
    return null;
  }
  return { kind: "fk", owner, other };
}

function missingOpposite(e: RelationEnd, report: Report): void {
  report(
    e.field.name.loc,
    `relation field ${e.model.name.value}.${e.field.name.value} has no opposite relation field on model ${e.target.name.value}` +
      (e.name ? ` with @relation("${e.name}")` : ""),
  );
}

function ambiguous(e: RelationEnd, report: Report): void {
  report(
    e.field.name.loc,
    `ambiguous relation: ${e.model.name.value}.${e.field.name.value} and another field relate ${e.model.name.value} and ${e.target.name.value}; give both sides of each relation a name with @relation("Name")`,
  );
}
