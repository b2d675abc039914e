// What the language knows by name: scalar types with their SQLite column types (as Prisma's
// schema engine writes them), referential actions, and the attributes with their arguments.

import type { ReferentialAction } from "../schema/types";

/** Prisma scalar → SQLite declared type. Json is JSONB: that is what Prisma 6.2+ writes on SQLite
 *  (the corpus' sqlite/*.sql files have JSONB for every Json field). */
export const SCALAR_SQLITE_TYPES: Record<string, string> = {
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
export const SCALAR_TYPES = Object.keys(SCALAR_SQLITE_TYPES);

export const REFERENTIAL_ACTIONS: Record<string, ReferentialAction> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

export interface AttributeSpec {
  /** argument names; the first one may also be given without a name */
  args: string[];
  positional: boolean;
  repeatable?: boolean;
  /** attributes Prisma has that a SQLite schema cannot use */
  notOnSqlite?: string;
}

export const FIELD_ATTRIBUTES: Record<string, AttributeSpec> = {
  id: { args: ["map", "length", "sort", "clustered"], positional: false },
  default: { args: ["value", "map"], positional: true },
  unique: { args: ["map", "length", "sort", "clustered"], positional: false },
  map: { args: ["name"], positional: true },
  updatedAt: { args: [], positional: false },
  relation: { args: ["name", "fields", "references", "onDelete", "onUpdate", "map"], positional: true },
  ignore: { args: [], positional: false },
  shardKey: { args: [], positional: false },
  // migrator extensions
  check: { args: ["expr", "map"], positional: true, repeatable: true },
  was: { args: ["name"], positional: true, repeatable: true },
};

export const BLOCK_ATTRIBUTES: Record<string, AttributeSpec> = {
  id: { args: ["fields", "name", "map", "clustered"], positional: true },
  unique: { args: ["fields", "name", "map", "clustered"], positional: true, repeatable: true },
  index: { args: ["fields", "name", "map", "type", "clustered"], positional: true, repeatable: true },
  fulltext: { args: ["fields", "map"], positional: true, repeatable: true, notOnSqlite: "full-text indexes are MySQL/MongoDB-only" },
  map: { args: ["name"], positional: true },
  ignore: { args: [], positional: false },
  schema: { args: ["name"], positional: true },
  shardKey: { args: ["fields"], positional: true },
  // migrator extensions
  check: { args: ["expr", "map"], positional: true, repeatable: true },
  was: { args: ["name"], positional: true, repeatable: true },
};

export const ENUM_VALUE_ATTRIBUTES: Record<string, AttributeSpec> = {
  map: FIELD_ATTRIBUTES.map!,
};
export const ENUM_BLOCK_ATTRIBUTES: Record<string, AttributeSpec> = {
  map: BLOCK_ATTRIBUTES.map!,
  schema: BLOCK_ATTRIBUTES.schema!,
};

/** Default-value functions and the scalar types they fit. */
export const DEFAULT_FUNCTIONS: Record<string, string[] | "any"> = {
  autoincrement: ["Int", "BigInt"],
  now: ["DateTime"],
  uuid: ["String"],
  cuid: ["String"],
  nanoid: ["String"],
  ulid: ["String"],
  dbgenerated: "any",
};
