// Checks on the built schema that need the final database names: index names are one namespace
// per database, shared with tables — on SQLite compared without regard to ASCII case
// (https://www.sqlite.org/lang_createindex.html), on PostgreSQL (quoted) exactly, as pg_class
// names — Prisma reports such clashes too.

import type { DiagnosticBag } from "./diagnostics";
import type { Origins } from "./to-schema";
import type { Schema } from "../schema/types";

export function checkDatabaseNames(schema: Schema, origins: Origins, bag: DiagnosticBag, foldCase = true): void {
  const fold = (n: string) => (foldCase ? n.toLowerCase() : n);
  const tables = new Set(schema.tables.map((t) => fold(t.name)));
  const seen = new Map<string, string>();
  for (const t of schema.tables) {
    for (const index of t.indexes) {
      const key = fold(index.name);
      const at = origins.get(index) ?? 0;
      const first = seen.get(key);
      if (first !== undefined) {
        bag.add(at, `index name "${index.name}" is already used by an index on table ${first}: give this one another name with map: "..."`);
      } else if (tables.has(key)) {
        bag.add(at, `index name "${index.name}" is already the name of a table: give the index another name with map: "..."`);
      } else seen.set(key, t.name);
    }
  }
}
