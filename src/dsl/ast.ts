// The syntax tree of a Prisma-style model file. Every node has `loc` (source offsets); line and
// column are computed only when an error is reported. Comments are kept: `//` and `///` lines
// are Comment members in order, a same-line comment is the `comment` of its node.

export interface Loc {
  start: number;
  end: number;
}

export interface Name {
  kind: "Name";
  value: string;
  loc: Loc;
}

export interface StringValue {
  kind: "String";
  /** the decoded text */
  value: string;
  /** the literal as written, quotes and escapes included (the formatter prints it back) */
  raw: string;
  loc: Loc;
}

export interface NumberValue {
  kind: "Number";
  /** as written: "-1", "0.0", "1e3" */
  value: string;
  loc: Loc;
}

/** A bare identifier or dotted path used as a value: `true`, `Cascade`, `Desc`, an enum value. */
export interface ConstantValue {
  kind: "Constant";
  value: string;
  loc: Loc;
}

export interface ArrayValue {
  kind: "Array";
  items: Value[];
  loc: Loc;
}

/** `now()`, `env("X")`, `createdAt(sort: Desc)`, `raw("gin_trgm_ops")`. */
export interface FunctionValue {
  kind: "Function";
  name: string;
  args: Argument[];
  loc: Loc;
}

export type Value = StringValue | NumberValue | ConstantValue | ArrayValue | FunctionValue;

export interface Argument {
  kind: "Argument";
  name: Name | null;
  value: Value;
  loc: Loc;
}

/** `@unique`, `@db.VarChar(255)`, `@@index([a, b], map: "x")`. `loc` starts at the `@`. */
export interface Attribute {
  kind: "Attribute";
  /** true for `@@` block attributes */
  block: boolean;
  /** dotted name without the `@`: "default", "db.VarChar" */
  name: string;
  nameLoc: Loc;
  /** null when written without parentheses */
  args: Argument[] | null;
  /** a `//` comment after a block attribute on the same line */
  comment: string | null;
  loc: Loc;
}

export interface FieldType {
  kind: "FieldType";
  /** "String", a model or enum name, or "Unsupported" */
  name: string;
  /** the argument of `Unsupported("...")` */
  unsupported: StringValue | null;
  optional: boolean;
  list: boolean;
  loc: Loc;
}

export interface Field {
  kind: "Field";
  name: Name;
  type: FieldType;
  attributes: Attribute[];
  /** text of the `///` lines right above (without the slashes) */
  doc: string[];
  comment: string | null;
  loc: Loc;
}

export interface EnumValue {
  kind: "EnumValue";
  name: Name;
  attributes: Attribute[];
  doc: string[];
  comment: string | null;
  loc: Loc;
}

/** `key = value` inside datasource and generator blocks. */
export interface Property {
  kind: "Property";
  name: Name;
  value: Value;
  comment: string | null;
  loc: Loc;
}

export interface Comment {
  kind: "Comment";
  /** the whole comment, slashes included */
  text: string;
  doc: boolean;
  loc: Loc;
}

export interface ModelBlock {
  kind: "Model";
  /** `view` and `type` blocks parse like models and are rejected by validation */
  keyword: "model" | "view" | "type";
  name: Name;
  members: (Field | Attribute | Comment)[];
  doc: string[];
  /** a comment after the opening brace */
  comment: string | null;
  loc: Loc;
}

export interface EnumBlock {
  kind: "Enum";
  name: Name;
  members: (EnumValue | Attribute | Comment)[];
  doc: string[];
  comment: string | null;
  loc: Loc;
}

export interface ConfigBlock {
  kind: "Config";
  keyword: "datasource" | "generator";
  name: Name;
  members: (Property | Comment)[];
  doc: string[];
  comment: string | null;
  loc: Loc;
}

export type Block = ModelBlock | EnumBlock | ConfigBlock;

export interface Document {
  kind: "Document";
  items: (Block | Comment)[];
  loc: Loc;
}

/** A copy of a tree with every `loc`/`nameLoc` removed, for comparing two parses. */
export function stripLocations<T>(node: T): unknown {
  if (Array.isArray(node)) return node.map(stripLocations);
  if (node && typeof node === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (k !== "loc" && k !== "nameLoc") out[k] = stripLocations(v);
    return out;
  }
  return node;
}
