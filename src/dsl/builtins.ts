// What the language knows by name: the scalar types, the datasource providers, referential
// actions, index types, and the attributes with their arguments. Dialect-neutral: the column
// types of each provider come from its ModelTarget (schema/target.ts).

import type { ReferentialAction } from "../schema/types";

export const SCALAR_TYPES = ["Int", "BigInt", "Float", "Decimal", "String", "Boolean", "DateTime", "Json", "Bytes"];

/** The datasource providers migrator serves (the caller passes the ModelTarget of the one used). */
export const PROVIDERS = ["sqlite", "postgresql", "postgres"];

/** Prisma's `@@index(type: ...)` values for relational databases. */
export const INDEX_TYPES = ["BTree", "Hash", "Gist", "Gin", "SpGist", "Brin"];

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
  /** attributes Prisma has that neither a SQLite nor a PostgreSQL schema can use */
  unsupported?: string;
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
  fulltext: { args: ["fields", "map"], positional: true, repeatable: true, unsupported: "full-text indexes are MySQL/MongoDB-only" },
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
