// Table re-creation, SQLite's procedure for "other kinds of table schema changes"
// (https://www.sqlite.org/lang_altertable.html#otheralter, the 12 steps): the engine has already
// turned foreign keys off and begun the transaction; here: remember indexes, triggers and views,
// create the new table, copy rows (in rowid chunks, reporting progress), drop the old table,
// rename the new one with `PRAGMA legacy_alter_table=ON` (pragma.html#pragma_legacy_alter_table,
// so nothing else is rewritten), re-create indexes, triggers and views, run foreign_key_check.
// A SAVEPOINT around it makes a failed re-creation leave the database as it was.

import { DatabaseError, MigratorError, UsageError } from "../../errors";
import type { Table } from "../../schema/types";
import type { SqlParam } from "../../ops/types";
import type { Connection } from "./sqlite-connection";
import { renderCreateIndex, renderCreateTable } from "./sqlite-ddl";
import { quoteIdent as q } from "./sqlite-quote";
import { mentionsIdent } from "./sqlite-tokenizer";
import { rowidAlias, rowidName } from "./sqlite-alter-rules";
import { checkRecreateData } from "./sqlite-data-checks";
import { foreignKeysEnabled, foreignKeyViolations } from "./sqlite-foreign-keys";
import type { PlanStep } from "./sqlite-planner";

export interface RunContext {
  conn: Connection;
  /** execute one statement and record it (onStatement, statements list) */
  run(sql: string, params?: SqlParam[]): void;
  onProgress?: (info: { table: string; copied: number; total: number }) => void;
  /** rows copied per INSERT during a re-creation */
  chunkRows: number;
}

type Recreate = Extract<PlanStep, { kind: "recreate" }>;
interface MasterRow { type: string; name: string; tbl_name: string; sql: string | null }
const lc = (s: string) => s.toLowerCase();

/** Tables with a foreign key to `table`, with their ON DELETE actions; `table` itself only
 *  when `includeSelf` (a self-reference is copied into the new table under the old name). */
export function childTables(conn: Connection, table: string, includeSelf = false): { table: string; onDelete: string }[] {
  return conn.all<{ table: string; onDelete: string }>(
    `SELECT DISTINCT m.name AS "table", f.on_delete AS onDelete FROM main.sqlite_master AS m, pragma_foreign_key_list(m.name) AS f
     WHERE m.type = 'table' AND f."table" = ? COLLATE NOCASE AND (? OR m.name <> ? COLLATE NOCASE)`, [table, includeSelf ? 1 : 0, table]);
}

/** With enforcement on, DROP TABLE deletes every row first and fires ON DELETE actions on the
 *  children (lang_droptable.html, foreignkeys.html#fk_actions): refuse rather than lose rows. */
export function refuseIfForeignKeysEnforced(conn: Connection, tables: string[]): void {
  if (!tables.length || !foreignKeysEnabled(conn)) return;
  for (const t of tables) {
    // the new table's own foreign keys name the old table too, so a self-reference counts:
    // dropping the old table would cascade into the rows just copied
    const children = childTables(conn, t, true);
    if (!children.length) continue;
    const destructive = children.filter((c) => /CASCADE|SET NULL|SET DEFAULT/i.test(c.onDelete));
    const list = (destructive.length ? destructive : children).map((c) => `"${c.table}" (ON DELETE ${c.onDelete})`).join(", ");
    throw new DatabaseError("fk_enforced",
      `cannot re-create table "${t}": foreign keys are enforced and ${list} reference it; dropping the old table would ` +
      (destructive.length ? "delete or change their rows" : "fail"),
      { hint: "run the change with PRAGMA foreign_keys=OFF set before the transaction begins (the engine does this; some SQLite-compatible servers ignore it)" });
  }
}

function tempName(master: MasterRow[], table: string): string {
  const names = new Set(master.map((m) => lc(m.name)));
  let n = `_migrator_new_${table}`;
  for (let i = 2; names.has(lc(n)); i++) n = `_migrator_new_${table}_${i}`;
  return n;
}

/** Columns dropped by this re-creation must not be used by views or triggers that survive it. */
function refuseDroppedColumnsInUse(step: Recreate, master: MasterRow[]): void {
  const kept = new Set([...step.sources.values()].filter((s): s is string => !!s).map(lc));
  const dropped = step.from.columns.filter((c) => !c.generated && !kept.has(lc(c.name)));
  const T = step.from.name;
  for (const col of dropped) {
    for (const m of master) {
      if ((m.type !== "view" && m.type !== "trigger") || !m.sql) continue;
      const onTable = m.type === "trigger" && lc(m.tbl_name) === lc(T);
      if ((onTable || mentionsIdent(m.sql, T)) && mentionsIdent(m.sql, col.name)) {
        throw new UsageError("column_in_use",
          `cannot drop "${T}"."${col.name}": ${m.type} "${m.name}" uses it`,
          { hint: `drop the ${m.type} first (op.execute('DROP ${m.type.toUpperCase()} ${q(m.name)}')) and create it again without the column` });
      }
    }
  }
}

export function recreateTable(ctx: RunContext, step: Recreate): void {
  const { conn } = ctx;
  const from: Table = step.from;
  const to: Table = step.to;
  const T = from.name;
  const master = conn.all<MasterRow>("SELECT type, name, tbl_name, sql FROM main.sqlite_master ORDER BY rowid");
  const triggers = master.filter((m) => m.type === "trigger" && m.sql && lc(m.tbl_name) === lc(T));
  const views = master.filter((m) => m.type === "view" && m.sql && mentionsIdent(m.sql, T));
  const indexSql = new Map(master.filter((m) => m.type === "index" && m.sql).map((m) => [lc(m.name), m.sql!]));

  // Everything that can fail on the data or the schema is checked before the first change.
  refuseDroppedColumnsInUse(step, master);
  refuseIfForeignKeysEnforced(conn, [T]);
  checkRecreateData(conn, step);
  const fkTables = [T, ...new Set(childTables(conn, T).map((c) => c.table))];
  const baseline = foreignKeyViolations(conn, fkTables);
  const seq = from.primaryKey?.autoincrement
    ? conn.get<{ seq: number }>("SELECT seq FROM main.sqlite_sequence WHERE name = ?", [T])?.seq ?? null
    : null;
  const total = Number(conn.get<{ n: number }>(`SELECT count(*) AS n FROM ${q(T)}`)?.n ?? 0);
  const tmp = tempName(master, T);

  ctx.run("SAVEPOINT migrator_recreate;");
  try {
    for (const v of views) ctx.run(`DROP VIEW ${q(v.name)};`);
    ctx.run(renderCreateTable({ ...to, name: tmp }));
    copyRows(ctx, step, tmp, total);
    ctx.run(`DROP TABLE ${q(T)};`);
    const legacy = Number(conn.get<{ legacy_alter_table: number }>("PRAGMA legacy_alter_table")?.legacy_alter_table ?? 0);
    ctx.run("PRAGMA legacy_alter_table = ON;");
    try {
      ctx.run(`ALTER TABLE ${q(tmp)} RENAME TO ${q(to.name)};`);
    } finally {
      if (!legacy) ctx.run("PRAGMA legacy_alter_table = OFF;");
    }
    // keep the AUTOINCREMENT high-water mark, which the copy alone would lower (autoinc.html)
    if (seq !== null && to.primaryKey?.autoincrement) {
      ctx.run(`UPDATE main.sqlite_sequence SET seq = max(seq, ${Number(seq)}) WHERE name = ${sqlString(to.name)};`);
    }
    for (const ix of to.indexes) {
      const old = from.indexes.find((o) => lc(o.name) === lc(ix.name));
      const keep = old && JSON.stringify(old) === JSON.stringify(ix) && indexSql.get(lc(ix.name));
      ctx.run(keep ? `${keep};` : renderCreateIndex(to.name, ix));
    }
    for (const tr of triggers) ctx.run(`${tr.sql};`);
    for (const v of views) ctx.run(`${v.sql};`);
    const after = foreignKeyViolations(conn, fkTables);
    for (const [k, e] of after) {
      const before = baseline.get(k)?.count ?? 0;
      if (e.count > before) {
        throw new DatabaseError("foreign_key_violation",
          `re-creating "${T}" left ${e.count - before} rows of "${e.table}" referencing missing ${[...e.parents].map((p) => `"${p}"`).join(", ")} rows`,
          { hint: "fix or delete those rows first; the database was left unchanged" });
      }
    }
    ctx.run("RELEASE migrator_recreate;");
  } catch (e) {
    conn.exec("ROLLBACK TO migrator_recreate");
    conn.exec("RELEASE migrator_recreate");
    if (e instanceof MigratorError && e.code !== "sql_error") throw e;
    const err = e as DatabaseError;
    throw new DatabaseError("recreate_failed", `re-creating table "${T}" failed: ${err.message}`, {
      cause: e,
      statement: err.statement,
      hint: "the table was left unchanged; the statement above is the one SQLite refused",
    });
  }
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function copyRows(ctx: RunContext, step: Recreate, tmp: string, total: number): void {
  const { from, to } = step;
  const cols = to.columns.filter((c) => !c.generated && step.sources.get(lc(c.name)));
  const target = cols.map((c) => q(c.name));
  const select = cols.map((c) => q(step.sources.get(lc(c.name))!));
  const rid = rowidName(from);
  // tables without an INTEGER PRIMARY KEY keep their rowids too (lang_createtable.html#rowid)
  const toRid = rowidName(to);
  if (rid && toRid && !rowidAlias(to)) {
    target.unshift(toRid);
    select.unshift(rid);
  }
  const report = (copied: number) => ctx.onProgress?.({ table: to.name, copied, total });
  if (!target.length) {
    if (total > 0) throw new UsageError("recreate_no_columns", `re-creating "${from.name}": no column of the old table survives the change`);
    report(0);
    return;
  }
  const base = `INSERT INTO ${q(tmp)} (${target.join(", ")}) SELECT ${select.join(", ")} FROM ${q(from.name)}`;
  if (!rid) {
    ctx.run(`${base};`);
    report(total);
    return;
  }
  const chunk = Math.max(1, Math.floor(ctx.chunkRows));
  let last: number | null = null;
  let copied = 0;
  for (;;) {
    const lower: string = last === null ? "" : `${rid} > ${last}`;
    const upper: number | null | undefined = ctx.conn.get<{ r: number }>(
      `SELECT ${rid} AS r FROM ${q(from.name)}${lower ? ` WHERE ${lower}` : ""} ORDER BY ${rid} LIMIT 1 OFFSET ${chunk - 1}`)?.r;
    if (upper === undefined || upper === null) {
      if (copied < total || total === 0) ctx.run(`${base}${lower ? ` WHERE ${lower}` : ""} ORDER BY ${rid};`);
      report(total);
      return;
    }
    ctx.run(`${base} WHERE ${lower ? `${lower} AND ` : ""}${rid} <= ${upper} ORDER BY ${rid};`);
    copied += chunk;
    last = upper;
    report(Math.min(copied, total));
  }
}
