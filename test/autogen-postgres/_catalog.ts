// Catalog views for the PostgreSQL autogenerate round trips: dumpCatalog of a database with the
// version tables left out and column order ignored (ADD COLUMN appends, so a column a migration
// added sits last while Prisma's CREATE TABLE lists it where the model does), and Prisma's DDL
// applied to a scratch database and dumped the same way.

import { applyScript, dumpCatalog, withScratchDb, type Catalog } from "../postgres-model/_pg";

export const VERSION_TABLES = ["migrator_version", "migrator_history"];

/** First " | "-separated field of a dumpCatalog line: the table (regclass text may be quoted). */
const tableOf = (line: string) => line.split(" | ")[0]!.replace(/^"(.*)"$/, "$1").replace(/""/g, '"');

/** The catalog without the version tables; columns without ordinal_position, as a sorted set. */
export function comparable(c: Catalog): Catalog {
  const user = (lines: string[]) => lines.filter((l) => !VERSION_TABLES.includes(tableOf(l)));
  return {
    columns: user(c.columns)
      .map((l) => {
        const f = l.split(" | ");
        f.splice(1, 1); // ordinal_position
        return f.join(" | ");
      })
      .sort(),
    indexes: user(c.indexes),
    constraints: user(c.constraints),
    enums: c.enums,
  };
}

/** Tables of a catalog, from its column lines. */
export const tablesOf = (c: Catalog): string[] => [...new Set(c.columns.map(tableOf))].sort();

/** The comparable catalog of the live database at `url`. */
export async function catalogAt(url: string): Promise<Catalog> {
  const sql = new Bun.SQL(url, { max: 1 });
  try {
    return await dumpCatalog(sql);
  } finally {
    await sql.close();
  }
}

/** What Prisma's script creates on an empty database, as a comparable catalog. */
export function prismaCatalog(script: string): Promise<Catalog> {
  return withScratchDb(async (sql) => {
    await applyScript(sql, script);
    return comparable(await dumpCatalog(sql));
  });
}
