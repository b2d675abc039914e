// Finding things in a neutral schema by name, with the errors an op gives when they are not
// there. Names compare case-insensitively, as both SQLite and (unquoted) PostgreSQL fold them.

import { UsageError } from "../errors";
import { findTable, type Schema, type Table } from "./types";

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function fail(code: string, message: string, hint?: string): never {
  throw new UsageError(code, message, hint ? { hint } : {});
}

export function requireTable(schema: Schema, name: string, opName: string): Table {
  const t = findTable(schema, name);
  if (!t) fail("no_such_table", `${opName}: table "${name}" does not exist`, "check the table name, or create it first");
  return t;
}

export function findConstraint(t: Table, name: string, type?: "foreignKey" | "check" | "unique" | "primaryKey") {
  if (!type || type === "foreignKey") {
    const def = t.foreignKeys.find((f) => f.name !== null && eq(f.name, name));
    if (def) return { type: "foreignKey" as const, def };
  }
  if (!type || type === "check") {
    const def = t.checks.find((c) => c.name !== null && eq(c.name, name));
    if (def) return { type: "check" as const, def };
  }
  if (!type || type === "unique") {
    const def = t.uniques.find((u) => u.name !== null && eq(u.name, name));
    if (def) return { type: "unique" as const, def };
  }
  if (type === "primaryKey") {
    fail("drop_pk", `dropConstraint: dropping the primary key of "${t.name}" is not supported`,
      "re-create the table with createTable and copy the rows with execute");
  }
  return undefined;
}
