// The SQLite ModelTarget: Prisma scalar types as Prisma's schema engine writes them for SQLite,
// its quoting and defaults, AUTOINCREMENT on single-column Int keys, enums as TEXT plus a CHECK.
// Native `@db.*` types are accepted and ignored (SQLite has none; existing files keep working).

import type { LiteralDefault, ModelTarget, NativeType } from "../../schema/target";
import { quoteIdent, quoteString } from "./sqlite-quote";

/** Prisma scalar → SQLite declared type. Json is JSONB: that is what Prisma 6.2+ writes on SQLite
 *  (the corpus' sqlite/*.sql files have JSONB for every Json field). */
const SCALAR_TYPES: Record<string, string> = {
  Int: "INTEGER",
  BigInt: "BIGINT",
  Float: "REAL",
  Decimal: "DECIMAL",
  String: "TEXT",
  Boolean: "BOOLEAN",
  DateTime: "DATETIME",
  Json: "JSONB",
  Bytes: "BLOB",
};

function literal(value: LiteralDefault): string {
  switch (value.kind) {
    case "String":
      // Prisma writes Json defaults unquoted (`DEFAULT {}`), which SQLite rejects: we quote them.
      return quoteString(value.value);
    case "Number":
    case "Constant":
      return value.value;
    case "Array":
      // scalar lists are refused on SQLite before a schema is built; a JSON text is the nearest
      return quoteString(JSON.stringify(value.items.map((i) => (i.kind === "Array" ? null : i.value))));
  }
}

export const sqliteTarget: ModelTarget = {
  providers: ["sqlite"],
  enumStyle: "check",
  scalarLists: false,
  nativeTypes: [],
  quoteIdent,
  quoteString,
  columnType(scalar: string, _native: NativeType | null): string {
    return SCALAR_TYPES[scalar] ?? "";
  },
  enumColumnType(): string {
    return "TEXT";
  },
  literalDefault(_scalar: string, value: LiteralDefault, _native: NativeType | null, enumValue?: string): string {
    return enumValue !== undefined ? quoteString(enumValue) : literal(value);
  },
  nowDefault(): string {
    return "CURRENT_TIMESTAMP";
  },
  autoincrementKeyword: true,
};
