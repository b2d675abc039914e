// Foreign-key enforcement around schema changes. `PRAGMA foreign_keys` is a no-op inside a
// transaction (https://www.sqlite.org/foreignkeys.html#fk_enable), so the engine calls
// prepareForeignKeys before BEGIN; checkForeignKeys runs `PRAGMA foreign_key_check`
// (https://www.sqlite.org/pragma.html#pragma_foreign_key_check) as step 10 of the re-creation.

import { DatabaseError } from "../../errors";
import type { Connection } from "./sqlite-connection";
import { quoteIdent as q } from "./sqlite-quote";

export function foreignKeysEnabled(conn: Connection): boolean {
  return Number(conn.get<{ foreign_keys: number }>("PRAGMA foreign_keys")?.foreign_keys ?? 0) === 1;
}

/** Switch foreign-key enforcement off (outside a transaction) and read it back.
 *  `disabled` says whether enforcement is off now; `restore()` puts the old setting back. */
export function prepareForeignKeys(conn: Connection): { restore(): void; disabled: boolean } {
  const was = foreignKeysEnabled(conn);
  if (was && !conn.inTransaction) conn.exec("PRAGMA foreign_keys = OFF");
  const disabled = !foreignKeysEnabled(conn);
  let restored = false;
  return {
    disabled,
    restore() {
      if (restored || !was || conn.inTransaction) return;
      restored = true;
      conn.exec("PRAGMA foreign_keys = ON");
    },
  };
}

interface FkCheckRow { table: string; rowid: number | null; parent: string; fkid: number }

/** Violations per child table (lower-cased name → { table, parent, count }). */
export function foreignKeyViolations(conn: Connection, tables?: string[]): Map<string, { table: string; parents: Set<string>; count: number }> {
  const rows: FkCheckRow[] = [];
  if (tables) for (const t of tables) rows.push(...conn.all<FkCheckRow>(`PRAGMA foreign_key_check(${q(t)})`));
  else rows.push(...conn.all<FkCheckRow>("PRAGMA foreign_key_check"));
  const out = new Map<string, { table: string; parents: Set<string>; count: number }>();
  for (const r of rows) {
    const k = r.table.toLowerCase();
    const e = out.get(k) ?? { table: r.table, parents: new Set<string>(), count: 0 };
    e.parents.add(r.parent);
    e.count++;
    out.set(k, e);
  }
  return out;
}

/** Throw a DatabaseError naming each table with rows that violate a foreign key. */
export function checkForeignKeys(conn: Connection, tables?: string[]): void {
  const v = foreignKeyViolations(conn, tables);
  if (!v.size) return;
  const parts = [...v.values()].map((e) => `"${e.table}" has ${e.count} rows referencing missing ${[...e.parents].map((p) => `"${p}"`).join(", ")} rows`);
  throw new DatabaseError("foreign_key_violation", `foreign key check failed: ${parts.join("; ")}`, {
    hint: "fix or delete those rows (PRAGMA foreign_key_check lists them), or insert the missing parent rows",
  });
}
