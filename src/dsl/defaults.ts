// `@default(...)`: does the value fit the field's type (validation), and which SQL DEFAULT Prisma
// writes for it (schema building, through the provider's ModelTarget): now() → the target's,
// autoincrement/uuid/cuid/nanoid/ulid → none (the client fills them, or a SERIAL type does),
// dbgenerated("x") → x verbatim, literals in Prisma's printed form (date-times, Bytes as hex).

import type * as A from "./ast";
import { DEFAULT_FUNCTIONS } from "./builtins";
import { didYouMean } from "./suggest";
import { enumValueDbName } from "./symbols";
import type { LiteralDefault, ModelTarget, NativeType } from "../schema/target";

const INTEGER = /^-?\d+$/;
const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The problem with `value` as the default of `field`, or null when it fits. */
export function checkDefault(field: A.Field, value: A.Value, enumBlock: A.EnumBlock | undefined): { loc: A.Loc; message: string } | null {
  const type = field.type.name;
  const shown = shortText(value);
  const misfit = (why: string) => ({ loc: value.loc, message: `default value ${shown} does not fit ${field.name.value}'s type ${typeLabel(field)}: ${why}` });
  if (value.kind === "Function") {
    const fits = DEFAULT_FUNCTIONS[value.name];
    if (fits === undefined) {
      return { loc: value.loc, message: `unknown default function ${value.name}()${didYouMean(value.name, Object.keys(DEFAULT_FUNCTIONS))}` };
    }
    if (value.name === "dbgenerated") {
      const a = value.args[0];
      if (value.args.length > 1 || (a && a.value.kind !== "String")) return { loc: value.loc, message: `dbgenerated() takes one string: the SQL expression, e.g. dbgenerated("(lower('x'))")` };
      return null;
    }
    if (field.type.list || !fits.includes(type)) return misfit(`${value.name}() fits ${(fits as string[]).join(" or ")} fields`);
    return null;
  }
  if (field.type.list) {
    if (value.kind !== "Array") return misfit("a list field needs a list default such as []");
    for (const item of value.items) {
      const p = checkDefault({ ...field, type: { ...field.type, list: false } }, item, enumBlock);
      if (p) return p;
    }
    return null;
  }
  if (enumBlock) {
    if (value.kind !== "Constant") return misfit(`expected one of the values of enum ${enumBlock.name.value}`);
    const names = enumBlock.members.filter((m): m is A.EnumValue => m.kind === "EnumValue").map((m) => m.name.value);
    if (!names.includes(value.value)) {
      return { loc: value.loc, message: `unknown value ${value.value} of enum ${enumBlock.name.value}${didYouMean(value.value, names)}` };
    }
    return null;
  }
  switch (type) {
    case "Int":
    case "BigInt":
      return value.kind === "Number" && INTEGER.test(value.value) ? null : misfit("expected an integer");
    case "Float":
    case "Decimal":
      return value.kind === "Number" ? null : misfit("expected a number");
    case "String":
      return value.kind === "String" ? null : misfit("expected a string");
    case "Boolean":
      return value.kind === "Constant" && (value.value === "true" || value.value === "false") ? null : misfit("expected true or false");
    case "DateTime":
      return value.kind === "String" && RFC3339.test(value.value) ? null : misfit('expected now() or an RFC 3339 date-time such as "2024-01-01T00:00:00Z"');
    case "Json":
      if (value.kind !== "String") return misfit('expected a string with JSON, e.g. "{}"');
      try {
        JSON.parse(value.value);
        return null;
      } catch {
        return misfit("the string is not valid JSON");
      }
    case "Bytes":
      return value.kind === "String" && BASE64.test(value.value) ? null : misfit("expected a base64 string");
    default:
      return misfit("only dbgenerated(...) defaults fit this type");
  }
}

function typeLabel(field: A.Field): string {
  const t = field.type;
  return `${t.name === "Unsupported" && t.unsupported ? `Unsupported(${t.unsupported.raw})` : t.name}${t.list ? "[]" : ""}`;
}

function shortText(v: A.Value): string {
  const s = v.kind === "String" ? v.raw : v.kind === "Function" ? `${v.name}()` : v.kind === "Array" ? "[...]" : v.value;
  return s.length > 40 ? s.slice(0, 37) + "..." : s;
}

/** The SQL after DEFAULT for a validated default, or null when the database gets none.
 *  `columnType` is the column's type as the target wrote it (casts of list defaults). */
export function renderDefault(
  field: A.Field,
  value: A.Value,
  enumBlock: A.EnumBlock | undefined,
  target: ModelTarget,
  native: NativeType | null = null,
  columnType?: string,
): string | null {
  if (value.kind === "Function") {
    if (value.name === "now") return target.nowDefault(native);
    if (value.name === "dbgenerated") {
      const a = value.args[0]?.value;
      return a && a.kind === "String" && a.value !== "" ? a.value : null;
    }
    return null;
  }
  const scalar = enumBlock ? "String" : field.type.name;
  if (enumBlock && value.kind === "Constant") {
    return target.literalDefault(scalar, { kind: "String", value: enumDbName(enumBlock, value.value) }, native, enumDbName(enumBlock, value.value), columnType);
  }
  const lit = literalOf(value, field.type.name, enumBlock);
  return lit ? target.literalDefault(scalar, lit, native, undefined, columnType) : null;
}

function enumDbName(e: A.EnumBlock, name: string): string {
  const v = e.members.find((m): m is A.EnumValue => m.kind === "EnumValue" && m.name.value === name);
  return v ? enumValueDbName(v) : name;
}

/** A literal as the target receives it: date-times as Prisma prints them, Bytes as hex, enum
 *  values as their database names. */
function literalOf(value: A.Value, scalar: string, enumBlock: A.EnumBlock | undefined): LiteralDefault | null {
  switch (value.kind) {
    case "String":
      if (scalar === "Bytes") return { kind: "String", value: base64ToHex(value.value) };
      if (scalar === "DateTime") return { kind: "String", value: prismaDateTime(value.value) };
      return { kind: "String", value: value.value };
    case "Number":
      return { kind: "Number", value: value.value };
    case "Constant":
      return enumBlock ? { kind: "String", value: enumDbName(enumBlock, value.value) } : { kind: "Constant", value: value.value };
    case "Array": {
      const items: LiteralDefault[] = [];
      for (const i of value.items) {
        const l = literalOf(i, scalar, enumBlock);
        if (l) items.push(l);
      }
      return { kind: "Array", items };
    }
    default:
      return null;
  }
}

function base64ToHex(b64: string): string {
  let bin = "";
  try {
    bin = atob(b64);
  } catch {
    return "";
  }
  let hex = "";
  for (let i = 0; i < bin.length; i++) hex += bin.charCodeAt(i).toString(16).padStart(2, "0");
  return hex;
}

/** A date-time default as Prisma's engine prints it (chrono's Display of a fixed-offset time):
 *  "2024-01-01T10:00:00.5Z" → "2024-01-01 10:00:00.500 +00:00". */
function prismaDateTime(text: string): string {
  const m = RFC3339.exec(text);
  if (!m) return text;
  let frac = "";
  const nanos = Number((m[3] ?? "").padEnd(9, "0") || "0");
  if (nanos % 1_000_000 === 0 && nanos) frac = "." + String(nanos / 1_000_000).padStart(3, "0");
  else if (nanos % 1000 === 0 && nanos) frac = "." + String(nanos / 1000).padStart(6, "0");
  else if (nanos) frac = "." + String(nanos).padStart(9, "0");
  const offset = m[4]!.toUpperCase() === "Z" ? "+00:00" : m[4]!;
  return `${m[1]} ${m[2]}${frac} ${offset}`;
}
