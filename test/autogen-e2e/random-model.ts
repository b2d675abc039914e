// A deterministic generator of Prisma model pairs (A, B) for the random autogenerate test:
// tables with every scalar type, optional/required fields, defaults, @unique/@@unique,
// @@index, @check/@@check, enums, relations with referential actions, and B derived from A by
// adding, removing, renaming (@was/@@was) and changing things. Items carry stable keys so the
// test can tell which A column became which B column. Rows are generated for A so that every
// change B makes can succeed on them (no NULL where B requires a value, no duplicates where B
// wants uniqueness, CHECKs and enum values that both sides accept: random-rows.ts).

export type Scalar = "Int" | "BigInt" | "Float" | "Decimal" | "String" | "Boolean" | "DateTime" | "Json" | "Bytes";
const SCALARS: Scalar[] = ["Int", "BigInt", "Float", "Decimal", "String", "Boolean", "DateTime", "Json", "Bytes"];
const UNIQUEABLE = new Set<string>(["Int", "BigInt", "Float", "Decimal", "String", "DateTime"]);
const NUMERIC = new Set<string>(["Int", "BigInt", "Float", "Decimal"]);

export interface Field {
  key: string;
  name: string;
  /** a scalar, or the name of an enum */
  type: Scalar | { enum: string };
  optional: boolean;
  /** Prisma default literal (`5`, `"x"`, `now()`, an enum value), or null */
  def: string | null;
  unique: boolean;
  check: boolean;
  /** the foreign key column of a relation: never mutated on its own */
  fk?: boolean;
  was?: string;
}
export interface Rel {
  key: string;
  column: string; // key of the FK field
  target: string; // key of the target model
  optional: boolean;
  onDelete: "Cascade" | "Restrict" | "NoAction" | "SetNull" | null;
}
export interface Model {
  key: string;
  name: string;
  fields: Field[];
  rels: Rel[];
  indexes: string[][]; // field keys
  uniques: string[][];
  tableCheck: boolean;
  was?: string;
}
export interface Enum {
  name: string;
  values: string[];
}
export interface Spec {
  models: Model[];
  enums: Enum[];
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}
export type Rng = ReturnType<typeof prng>;

/** AUTOGEN_NAME_REUSE=0 turns off renames onto the name of a dropped table or column. */
const NAME_REUSE = process.env.AUTOGEN_NAME_REUSE !== "0";

const MODEL_WORDS = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet", "Kilo", "Lima"];
const FIELD_WORDS = ["amount", "title", "note", "score", "flag", "born", "payload", "blob", "rank", "label", "level", "price", "kind", "code"];

class Names {
  n = 0;
  key(prefix: string) {
    return `${prefix}${++this.n}`;
  }
}

function defaultFor(r: Rng, f: Pick<Field, "type">, spec: Spec): string | null {
  const t = f.type;
  if (typeof t === "object") return spec.enums.find((e) => e.name === t.enum)!.values[0]!;
  switch (t) {
    case "Int":
    case "BigInt":
      return String(r.int(0, 99));
    case "Float":
      return r.pick(["1.5", "0", "2.25"]);
    case "Decimal":
      return r.pick(["0.5", "10"]);
    case "String":
      return JSON.stringify(r.pick(["", "x", "hello world", "it's", "7"]));
    case "Boolean":
      return r.pick(["true", "false"]);
    case "DateTime":
      return r.pick(["now()", '"2024-01-02T03:04:05Z"']);
    case "Json":
      return r.pick(['"{}"', '"[1,2]"']);
    case "Bytes":
      return '"AQID"';
  }
}

/** The same value as `def` (a default of type `from`) written as a literal of type `to`, as a
 *  user keeps a default through a type change (`Int @default(7)` → `String @default("7")`);
 *  null when the value has no such literal. */
export function carriedDefault(def: string, from: Scalar, to: Scalar): string | null {
  const text = def.startsWith('"') ? (JSON.parse(def) as string) : def;
  if (def === "now()" || from === "Bytes" || to === "Bytes") return null;
  if (from === "Boolean") return NUMERIC.has(to) && to !== "Decimal" ? (def === "true" ? "1" : "0") : null;
  if (to === "DateTime" && !/^\d{4}-\d\d-\d\dT/.test(text)) return null;
  if (to === "Json" && !isJson(text)) return null;
  if (to === "String" || to === "Json" || to === "DateTime") return JSON.stringify(text);
  if (to === "Int" || to === "BigInt") return /^-?\d+$/.test(text) ? text : null;
  if (to === "Float" || to === "Decimal") return /^-?\d+(\.\d+)?$/.test(text) ? text : null;
  return null;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function newField(r: Rng, names: Names, taken: Set<string>, spec: Spec, mustBeSafeToAdd: boolean): Field {
  let name: string;
  do name = `${r.pick(FIELD_WORDS)}${r.int(1, 9)}`;
  while (taken.has(name));
  taken.add(name);
  const type: Field["type"] = spec.enums.length && r.chance(0.15) ? { enum: r.pick(spec.enums).name } : r.pick(SCALARS);
  const optional = r.chance(0.5);
  const f: Field = { key: names.key("f"), name, type, optional, def: null, unique: false, check: false };
  if (r.chance(optional ? 0.3 : 0.6) || (mustBeSafeToAdd && !optional)) f.def = defaultFor(r, f, spec);
  // a new unique column on a table with rows must start out NULL: a default would repeat
  if (typeof type === "string" && UNIQUEABLE.has(type) && r.chance(0.12) && (!mustBeSafeToAdd || (optional && f.def === null))) {
    f.unique = true;
  }
  if (typeof type === "string" && (NUMERIC.has(type) || type === "String") && r.chance(0.2)) f.check = true;
  return f;
}

function taken(m: Model): Set<string> {
  return new Set([...m.fields.map((f) => f.name), ...m.rels.flatMap((x) => [`to_${x.key}`])]);
}

function addRelation(r: Rng, names: Names, m: Model, target: Model, forceOptional: boolean): void {
  const key = names.key("r");
  const optional = forceOptional || r.chance(0.6);
  m.fields.push({ key: names.key("f"), name: `${key}_id`, type: "Int", optional, def: null, unique: false, check: false, fk: true });
  const actions: Rel["onDelete"][] = optional ? [null, "Cascade", "Restrict", "NoAction", "SetNull"] : [null, "Cascade", "Restrict", "NoAction"];
  m.rels.push({ key, column: m.fields[m.fields.length - 1]!.key, target: target.key, optional, onDelete: r.pick(actions) });
}

function uniqueable(m: Model) {
  return m.fields.filter((f) => !f.fk && typeof f.type === "string" && UNIQUEABLE.has(f.type));
}

function randomIndex(r: Rng, m: Model, allowed: (f: Field) => boolean = () => true): string[] | null {
  const cands = uniqueable(m).filter(allowed);
  if (!cands.length) return null;
  const a = r.pick(cands);
  const b = r.pick(cands);
  return a === b ? [a.key] : [a.key, b.key];
}

const sameCols = (a: string[], b: string[]) => a.join() === b.join();

function newModel(r: Rng, names: Names, spec: Spec, earlier: Model[], usedNames: Set<string>): Model {
  let name: string;
  do name = `${r.pick(MODEL_WORDS)}${r.int(1, 9)}`;
  while ([...usedNames].some((u) => u.toLowerCase() === name.toLowerCase()));
  usedNames.add(name);
  const m: Model = { key: names.key("m"), name, fields: [], rels: [], indexes: [], uniques: [], tableCheck: r.chance(0.15) };
  const t = new Set<string>(["id"]);
  for (let i = r.int(1, 5); i > 0; i--) m.fields.push(newField(r, names, t, spec, false));
  for (const target of earlier) if (r.chance(0.3)) addRelation(r, names, m, target, false);
  if (r.chance(0.1)) addRelation(r, names, m, m, true);
  for (let i = r.int(0, 2); i > 0; i--) {
    const ix = randomIndex(r, m);
    if (ix && !m.indexes.some((x) => sameCols(x, ix))) m.indexes.push(ix);
  }
  if (r.chance(0.2)) {
    const u = randomIndex(r, m);
    if (u && u.length > 1) m.uniques.push(u);
  }
  return m;
}

export function randomSpec(r: Rng, names: Names = new Names()): { spec: Spec; names: Names } {
  const spec: Spec = { models: [], enums: [] };
  for (let i = r.int(0, 2); i > 0; i--) {
    const name = `Enum${spec.enums.length + 1}`;
    spec.enums.push({ name, values: Array.from({ length: r.int(2, 4) }, (_, j) => `${name.toUpperCase()}_V${j}`) });
  }
  const used = new Set<string>();
  for (let i = r.int(1, 5); i > 0; i--) spec.models.push(newModel(r, names, spec, [...spec.models], used));
  return { spec, names };
}

const clone = <T>(x: T): T => structuredClone(x);

/** B: a changed copy of A. */
export function mutate(r: Rng, a: Spec, names: Names): Spec {
  const b = clone(a);
  // enums: add values, remove values (always keeping the first one, which the rows use)
  for (const e of b.enums) {
    if (r.chance(0.3)) e.values.push(`${e.name.toUpperCase()}_NEW${names.key("")}`);
    if (r.chance(0.25) && e.values.length > 2) e.values.splice(r.int(1, e.values.length - 1), 1);
  }
  if (r.chance(0.1)) b.enums.push({ name: `Enum${names.key("x")}`, values: ["NEW_A", "NEW_B"] });

  const used = new Set(b.models.map((m) => m.name));
  // removed tables, and every relation pointing at them
  // (a required foreign key column, like any NOT NULL column without a default, cannot come back
  // on downgrade once the table has rows: such columns are never dropped)
  const requiredTargets = new Set(b.models.flatMap((m) => m.rels.filter((x) => !x.optional).map((x) => x.target)));
  const removed = new Set(b.models.filter((m) => !requiredTargets.has(m.key) && r.chance(0.15)).map((m) => m.key));
  b.models = b.models.filter((m) => !removed.has(m.key));
  for (const m of b.models) dropRels(m, (rel) => removed.has(rel.target));

  for (const m of b.models) {
    if (r.chance(0.1)) {
      const freedTables = a.models.filter((x) => removed.has(x.key)).map((x) => x.name).filter((n) => !b.models.some((y) => y.name === n));
      const reuse = freedTables.length > 0 && r.chance(0.5) && NAME_REUSE;
      const now = reuse ? freedTables[0]! : `${m.name}Renamed`;
      if (reuse || ![...used].some((u) => u.toLowerCase() === now.toLowerCase())) {
        m.was = m.name;
        m.name = now;
        used.add(now);
      }
    }
    const t = taken(m);
    t.add("id");
    const existing = new Set(m.fields.map((f) => f.key));
    const freed: string[] = [];
    for (const f of [...m.fields]) {
      if (f.fk) continue;
      const roll = r.next();
      // a dropped column comes back on downgrade as NULL or its default: only droppable when that
      // satisfies A (NOT NULL needs a default, a unique column can only come back all NULL)
      const inUnique = f.unique || m.uniques.some((u) => u.includes(f.key));
      const droppable = inUnique ? f.optional && f.def === null : f.optional || f.def !== null;
      if (roll < 0.08 && droppable) {
        m.fields.splice(m.fields.indexOf(f), 1);
        m.indexes = m.indexes.filter((ix) => !ix.includes(f.key));
        m.uniques = m.uniques.filter((ix) => !ix.includes(f.key));
        freed.push(f.name);
      } else if (roll < 0.16 && !f.was) {
        // sometimes the new name is the name of a column this model drops
        const reuse = freed.length > 0 && r.chance(0.5) && NAME_REUSE;
        const now = reuse ? freed.pop()! : `${f.name}_r`;
        if (reuse || !t.has(now)) {
          f.was = f.name;
          f.name = now;
          t.add(now);
          // a rename together with another change of the same column
          if (r.chance(0.25)) f.optional = !f.optional;
          else if (r.chance(0.2) && typeof f.type === "string" && !f.unique && !m.uniques.some((u) => u.includes(f.key))) {
            f.type = r.pick(SCALARS.filter((x) => x !== f.type));
            m.indexes = m.indexes.filter((ix) => !ix.includes(f.key));
            if (f.check && !(NUMERIC.has(f.type) || f.type === "String")) f.check = false;
            if (f.def !== null || !f.optional) f.def = defaultFor(r, f, b);
          }
        }
      } else if (roll < 0.26 && typeof f.type === "string") {
        const before = { type: f.type, def: f.def };
        // half the time a default keeps its value, written as a literal of the new type (issue 13)
        const keep = f.def !== null && r.chance(0.5) ? SCALARS.filter((s) => s !== before.type && carriedDefault(f.def!, before.type, s) !== null) : [];
        f.type = r.pick(keep.length ? keep : SCALARS.filter((s) => s !== f.type));
        if (!UNIQUEABLE.has(f.type)) {
          f.unique = false;
          m.indexes = m.indexes.filter((ix) => !ix.includes(f.key));
          m.uniques = m.uniques.filter((ix) => !ix.includes(f.key));
        }
        if (f.check && !(NUMERIC.has(f.type) || f.type === "String")) f.check = false;
        if (keep.length) f.def = carriedDefault(before.def!, before.type, f.type);
        else if (f.def !== null || !f.optional) f.def = r.chance(0.7) ? defaultFor(r, f, b) : null;
      } else if (roll < 0.36) {
        f.optional = !f.optional;
      } else if (roll < 0.46) {
        f.def = f.def !== null && r.chance(0.4) ? null : defaultFor(r, f, b);
      } else if (roll < 0.54 && typeof f.type === "string" && UNIQUEABLE.has(f.type)) {
        f.unique = !f.unique;
      } else if (roll < 0.62 && typeof f.type === "string" && (NUMERIC.has(f.type) || f.type === "String")) {
        f.check = !f.check;
      }
    }
    for (let i = r.int(0, 2); i > 0; i--) m.fields.push(newField(r, names, t, b, true));
    if (m.indexes.length && r.chance(0.2)) m.indexes.splice(r.int(0, m.indexes.length - 1), 1);
    if (r.chance(0.25)) {
      const ix = randomIndex(r, m);
      if (ix && !m.indexes.some((x) => sameCols(x, ix))) m.indexes.push(ix);
    }
    if (m.uniques.length && r.chance(0.2)) m.uniques.splice(r.int(0, m.uniques.length - 1), 1);
    if (r.chance(0.15)) {
      // columns added by B hold their default in every row: only NULL-filled ones may join a unique
      const u = randomIndex(r, m, (f) => existing.has(f.key) || (f.optional && f.def === null));
      if (u && u.length > 1 && !m.uniques.some((x) => sameCols(x, u))) m.uniques.push(u);
    }
    if (r.chance(0.1)) m.tableCheck = !m.tableCheck;
    for (const rel of m.rels) {
      if (r.chance(0.15)) {
        const actions: Rel["onDelete"][] = rel.optional ? [null, "Cascade", "Restrict", "NoAction", "SetNull"] : [null, "Cascade", "Restrict", "NoAction"];
        rel.onDelete = r.pick(actions);
      }
    }
    const optionalRels = m.rels.filter((x) => x.optional);
    if (optionalRels.length && r.chance(0.12)) {
      const gone = r.pick(optionalRels);
      dropRels(m, (x) => x === gone);
    }
  }
  // new relations (nullable: the existing rows have none), new tables
  for (const m of b.models) {
    if (r.chance(0.15)) {
      const target = r.pick(b.models);
      if (target !== m) addRelation(r, names, m, target, true);
    }
  }
  for (let i = r.chance(0.4) ? r.int(1, 2) : 0; i > 0; i--) b.models.push(newModel(r, names, b, [...b.models], used));
  return b;
}

function dropRels(m: Model, gone: (r: Rel) => boolean) {
  const cols = new Set(m.rels.filter(gone).map((x) => x.column));
  m.rels = m.rels.filter((x) => !gone(x));
  m.fields = m.fields.filter((f) => !cols.has(f.key));
  m.indexes = m.indexes.filter((ix) => !ix.some((k) => cols.has(k)));
  m.uniques = m.uniques.filter((ix) => !ix.some((k) => cols.has(k)));
}

// ---------------------------------------------------------------------------

const typeName = (t: Field["type"]) => (typeof t === "string" ? t : t.enum);

export function render(spec: Spec): string {
  const out: string[] = [];
  for (const e of spec.enums) out.push(`enum ${e.name} {\n${e.values.map((v) => `  ${v}\n`).join("")}}\n`);
  const byKey = new Map(spec.models.map((m) => [m.key, m]));
  for (const m of spec.models) {
    const fieldName = (k: string) => m.fields.find((f) => f.key === k)!.name;
    const lines = [`  id Int @id @default(autoincrement())`];
    for (const f of m.fields) {
      let s = `  ${f.name} ${typeName(f.type)}${f.optional ? "?" : ""}`;
      if (f.def !== null) s += ` @default(${f.def})`;
      if (f.unique) s += ` @unique`;
      if (f.check) s += typeName(f.type) === "String" ? ` @check("length(${f.name}) <= 40")` : ` @check("${f.name} >= 0")`;
      if (f.was) s += ` @was("${f.was}")`;
      lines.push(s);
    }
    for (const rel of m.rels) {
      const target = byKey.get(rel.target)!;
      const action = rel.onDelete ? `, onDelete: ${rel.onDelete}` : "";
      lines.push(`  to_${rel.key} ${target.name}${rel.optional ? "?" : ""} @relation("${rel.key}", fields: [${fieldName(rel.column)}], references: [id]${action})`);
    }
    for (const other of spec.models) {
      for (const rel of other.rels) if (rel.target === m.key) lines.push(`  back_${rel.key} ${other.name}[] @relation("${rel.key}")`);
    }
    for (const ix of m.indexes) lines.push(`  @@index([${ix.map(fieldName).join(", ")}])`);
    for (const u of m.uniques) lines.push(`  @@unique([${u.map(fieldName).join(", ")}])`);
    if (m.tableCheck) lines.push(`  @@check("id > 0")`);
    if (m.was) lines.push(`  @@was("${m.was}")`);
    out.push(`model ${m.name} {\n${lines.join("\n")}\n}\n`);
  }
  return out.join("\n");
}

export { Names };
export { randomRows, type Data, type Value } from "./random-rows";
