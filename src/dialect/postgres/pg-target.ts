// The PostgreSQL ModelTarget: Prisma's scalar and `@db.*` native types as its schema engine
// writes them in PostgreSQL DDL (String → TEXT, DateTime → TIMESTAMP(3), Decimal →
// DECIMAL(65,30), ...), SERIAL types for autoincrement, `T[]` scalar lists, enums as types,
// `ARRAY[...]::T[]` list defaults, and its naming (63-byte names, `T_pkey`, `_AB_pkey`).

import type { LiteralDefault, ModelNaming, ModelTarget, NativeType } from "../../schema/target";
import { quoteIdent, quoteString } from "./pg-quote";

const SCALAR_TYPES: Record<string, string> = {
  String: "TEXT",
  Int: "INTEGER",
  BigInt: "BIGINT",
  Float: "DOUBLE PRECISION",
  Decimal: "DECIMAL(65,30)",
  Boolean: "BOOLEAN",
  DateTime: "TIMESTAMP(3)",
  Json: "JSONB",
  Bytes: "BYTEA",
};

interface NativeSpec {
  scalar: string;
  /** the SQL type name; arguments are appended as `(a,b)` */
  sql: string;
  /** allowed argument counts */
  args: number[];
}

/** Prisma's PostgreSQL native types (prisma.io/docs, "PostgreSQL native type mappings"). */
const NATIVE_TYPES: Record<string, NativeSpec> = {
  Text: { scalar: "String", sql: "TEXT", args: [0] },
  Char: { scalar: "String", sql: "CHAR", args: [0, 1] },
  VarChar: { scalar: "String", sql: "VARCHAR", args: [0, 1] },
  Bit: { scalar: "String", sql: "BIT", args: [0, 1] },
  VarBit: { scalar: "String", sql: "VARBIT", args: [0, 1] },
  Uuid: { scalar: "String", sql: "UUID", args: [0] },
  Xml: { scalar: "String", sql: "XML", args: [0] },
  Inet: { scalar: "String", sql: "INET", args: [0] },
  Citext: { scalar: "String", sql: "CITEXT", args: [0] },
  Boolean: { scalar: "Boolean", sql: "BOOLEAN", args: [0] },
  Integer: { scalar: "Int", sql: "INTEGER", args: [0] },
  SmallInt: { scalar: "Int", sql: "SMALLINT", args: [0] },
  Oid: { scalar: "Int", sql: "OID", args: [0] },
  BigInt: { scalar: "BigInt", sql: "BIGINT", args: [0] },
  DoublePrecision: { scalar: "Float", sql: "DOUBLE PRECISION", args: [0] },
  Real: { scalar: "Float", sql: "REAL", args: [0] },
  Decimal: { scalar: "Decimal", sql: "DECIMAL", args: [0, 2] },
  Money: { scalar: "Decimal", sql: "MONEY", args: [0] },
  Timestamp: { scalar: "DateTime", sql: "TIMESTAMP", args: [0, 1] },
  Timestamptz: { scalar: "DateTime", sql: "TIMESTAMPTZ", args: [0, 1] },
  Date: { scalar: "DateTime", sql: "DATE", args: [0] },
  Time: { scalar: "DateTime", sql: "TIME", args: [0, 1] },
  Timetz: { scalar: "DateTime", sql: "TIMETZ", args: [0, 1] },
  Json: { scalar: "Json", sql: "JSON", args: [0] },
  JsonB: { scalar: "Json", sql: "JSONB", args: [0] },
  ByteA: { scalar: "Bytes", sql: "BYTEA", args: [0] },
};

const INDEX_METHODS: Record<string, string | null> = { BTree: null, Hash: "hash", Gist: "gist", Gin: "gin", SpGist: "spgist", Brin: "brin" };

export const pgNaming: ModelNaming = {
  // NAMEDATALEN - 1 (https://www.postgresql.org/docs/current/sql-syntax-lexical.html)
  maxIdentifierLength: 63,
  primaryKeyNames: true,
  joinTableKey: "primaryKey",
  checkNames: true,
  foldCase: false,
};

function baseType(scalar: string, native: NativeType | null): string {
  const spec = native ? NATIVE_TYPES[native.name] : undefined;
  if (!spec) return SCALAR_TYPES[scalar] ?? "";
  return native!.args.length ? `${spec.sql}(${native!.args.join(",")})` : spec.sql;
}

function item(scalar: string, v: LiteralDefault, native: NativeType | null, columnType: string): string {
  switch (v.kind) {
    case "String":
      // bytea's hex input format; the DSL hands Bytes over as hex
      return quoteString(scalar === "Bytes" ? `\\x${v.value}` : v.value);
    case "Number":
    case "Constant":
      return v.value;
    case "Array":
      // Prisma's form: ARRAY['a', 'b']::TEXT[] (an empty ARRAY[] needs the cast)
      return `ARRAY[${v.items.map((i) => item(scalar, i, native, columnType)).join(", ")}]::${columnType}`;
  }
}

export const pgTarget: ModelTarget = {
  providers: ["postgresql", "postgres"],
  enumStyle: "type",
  scalarLists: true,
  nativeTypes: Object.keys(NATIVE_TYPES),
  quoteIdent,
  quoteString,
  columnType(scalar, native, opts) {
    let t = baseType(scalar, native);
    if (opts.autoincrement) t = native?.name === "SmallInt" ? "SMALLSERIAL" : scalar === "BigInt" ? "BIGSERIAL" : "SERIAL";
    return opts.list ? `${t}[]` : t;
  },
  enumColumnType(dbName, opts) {
    return `${quoteIdent(dbName)}${opts.list ? "[]" : ""}`;
  },
  literalDefault(scalar, value, native, enumValue, columnType) {
    if (enumValue !== undefined) return quoteString(enumValue);
    return item(scalar, value, native, columnType ?? `${baseType(scalar, native)}[]`);
  },
  nowDefault() {
    return "CURRENT_TIMESTAMP";
  },
  autoincrementKeyword: false,
  naming: pgNaming,
  checkNative(scalar, native) {
    const spec = NATIVE_TYPES[native.name];
    if (!spec) return `unknown native type @db.${native.name} for postgresql`;
    if (spec.scalar !== scalar) return `@db.${native.name} belongs on a ${spec.scalar} field, not ${scalar}`;
    if (!spec.args.includes(native.args.length)) {
      const n = spec.args.filter((a) => a > 0);
      return `@db.${native.name} takes ${n.length ? `${n.join(" or ")} argument${n[0] === 1 ? "" : "s"}${spec.args.includes(0) ? " or none" : ""}` : "no arguments"}`;
    }
    if (native.args.some((a) => !/^\d+$/.test(a))) return `the arguments of @db.${native.name} must be whole numbers`;
    return null;
  },
  indexMethod(type) {
    return type in INDEX_METHODS ? (INDEX_METHODS[type] ?? null) : type.toLowerCase();
  },
  operatorClass(ops, raw) {
    if (raw) return ops;
    // Prisma's names are PostgreSQL's in CamelCase: JsonbPathOps → jsonb_path_ops,
    // Int4MinMaxMultiOps → int4_minmax_multi_ops, TimestampTzBloomOps → timestamptz_bloom_ops
    const s = ops.replace("TimestampTz", "Timestamptz").replace("TimeTz", "Timetz").replace("VarBit", "Varbit").replace("MinMax", "Minmax");
    return s
      .split(/(?=[A-Z])/)
      .map((w) => w.toLowerCase())
      .join("_");
  },
};
