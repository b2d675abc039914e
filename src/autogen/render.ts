// Operations → the TypeScript inside a generated migration's upgrade() and downgrade(), written
// as a careful person would: one `op` call per line in the public Op API's spellings
// (src/ops/types.ts), defaults as `{ sql }` so they round-trip exactly, a header listing the
// changes and a `// DESTRUCTIVE:` comment above each operation that can lose data.

import type { SchemaRules } from "../schema/target";
import type { Column, ForeignKey, Index, Schema, Table } from "../schema/types";
import type { Operation } from "../ops/types";
import { describeOperation, destructiveReason, isDestructive } from "./describe";
import { recreateReasons } from "./compare-table";
import { matchRecreate, type RecreateGroup } from "./recreate";
import { reverseOperations } from "./reverse";
import { rules, withRules } from "./rules";

export interface RenderedMigration {
  /** body of `upgrade(op)`, each line indented two spaces */
  upgrade: string;
  /** body of `downgrade(op)`, the exact inverse of `upgrade` */
  downgrade: string;
  /** one line per change, as listed in the upgrade header */
  summary: string[];
}

const IND = "  ";
const lc = (s: string) => s.toLowerCase();
/** A TypeScript string literal with the fewest escapes: SQL is full of double quotes. */
function str(s: string): string {
  if (!s.includes('"')) return JSON.stringify(s);
  const plain = !/[\\\n\r\u2028\u2029]/.test(s);
  if (plain && !s.includes("'")) return `'${s}'`;
  if (plain && !s.includes("`") && !s.includes("${")) return `\`${s}\``;
  return JSON.stringify(s);
}
const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/** Renders `ops` (from compareSchemas(from, to)) as upgrade and downgrade bodies. */
export function renderMigrationBody(ops: readonly Operation[], from: Schema, to: Schema, opts: { rules?: SchemaRules } = {}): RenderedMigration {
  if (opts.rules) return withRules(opts.rules, () => renderMigrationBody(ops, from, to));
  const up = renderList(ops, from);
  const down = renderList(reverseOperations(ops, from), to);
  const header = up.summary.length
    ? [`${IND}// Changes detected by autogenerate (review before applying):`, ...up.summary.map((s) => `${IND}//   - ${oneLine(s)}`), ""]
    : [`${IND}// No changes detected.`];
  return {
    upgrade: [...header, ...up.lines].join("\n").trimEnd(),
    downgrade: (down.lines.length ? down.lines : [`${IND}// Nothing to undo.`]).join("\n").trimEnd(),
    summary: up.summary,
  };
}

function renderList(ops: readonly Operation[], before: Schema): { lines: string[]; summary: string[] } {
  const lines: string[] = [];
  const summary: string[] = [];
  const lookup = (n: string) => before.tables.find((t) => lc(t.name) === lc(n));
  for (let i = 0; i < ops.length; ) {
    const group = matchRecreate(ops, i, lookup);
    if (group) {
      const { text, lost } = describeRecreate(group);
      summary.push(lost.length ? `${text} (DESTRUCTIVE)` : text);
      if (lines.length) lines.push("");
      lines.push(`${IND}// Re-create ${group.to.name}: ${oneLine(groupReasons(group).join("; "))}.`);
      lines.push(`${IND}// SQLite cannot change this in place: the rows are copied into a new table that takes the old name.`);
      for (const l of lost) lines.push(`${IND}// DESTRUCTIVE: ${oneLine(l)}`);
      lines.push(...notNullGuards(group).map((l) => IND + l));
      for (const op of ops.slice(i, i + group.length)) lines.push(...renderOp(op).map((l) => IND + l));
      lines.push("");
      i += group.length;
      continue;
    }
    const op = ops[i]!;
    const replaced = replacedLater(ops, i);
    if (!replaced) {
      const text = describeOperation(op, before);
      const replacing = (op.kind === "createIndex" || op.kind.startsWith("create")) && replacesEarlier(ops, i);
      summary.push(replacing && !text.startsWith("change") ? `${text} (replacing the old definition)` : text);
    }
    if (isDestructive(op, before)) lines.push(`${IND}// DESTRUCTIVE: ${oneLine(destructiveReason(op, before)!)}`);
    lines.push(...renderOp(op).map((l) => IND + l));
    i++;
  }
  while (lines[lines.length - 1] === "") lines.pop();
  return { lines, summary };
}

/** Name and table a drop or create operation is about, for pairing a drop with its re-creation. */
function definitionKey(op: Operation): string | null {
  switch (op.kind) {
    case "dropIndex":
      return `index|${lc(op.table)}|${lc(op.name)}`;
    case "createIndex":
      return `index|${lc(op.table)}|${lc(op.index.name)}`;
    case "dropConstraint":
      return op.type ? `${op.type}|${lc(op.table)}|${lc(op.name)}` : null;
    case "createForeignKey":
      return op.foreignKey.name ? `foreignKey|${lc(op.table)}|${lc(op.foreignKey.name)}` : null;
    case "createCheckConstraint":
      return op.check.name ? `check|${lc(op.table)}|${lc(op.check.name)}` : null;
    case "createUniqueConstraint":
      return op.unique.name ? `unique|${lc(op.table)}|${lc(op.unique.name)}` : null;
    default:
      return null;
  }
}
const isDrop = (op: Operation) => op.kind === "dropIndex" || op.kind === "dropConstraint";

/** A drop whose definition is created again further down: the header lists it once, as the create. */
function replacedLater(ops: readonly Operation[], i: number): boolean {
  const key = isDrop(ops[i]!) ? definitionKey(ops[i]!) : null;
  return key !== null && ops.slice(i + 1).some((o) => !isDrop(o) && definitionKey(o) === key);
}
function replacesEarlier(ops: readonly Operation[], i: number): boolean {
  const key = definitionKey(ops[i]!);
  return key !== null && ops.slice(0, i).some((o) => isDrop(o) && definitionKey(o) === key);
}

/** The old column each new column is copied from (none for a new column). */
function sourceOf(g: RecreateGroup, name: string): Column | undefined {
  const taken = new Set([...g.renames.values()].map(lc));
  return g.from.columns.find((c) => {
    const now = g.renames.get(lc(c.name)) ?? (taken.has(lc(c.name)) ? null : c.name);
    return now !== null && lc(now) === lc(name);
  });
}

/** `from` with the group's column renames applied, for comparing column by column. */
function renamedFrom(g: RecreateGroup): Table {
  const columns = g.to.columns.map((c) => sourceOf(g, c.name)).filter((c): c is Column => !!c);
  const rename = (c: Column) => ({ ...c, name: g.to.columns.find((x) => sourceOf(g, x.name) === c)?.name ?? c.name });
  return { ...g.from, columns: [...columns.map(rename), ...g.from.columns.filter((c) => !columns.includes(c))] };
}

function groupReasons(g: RecreateGroup): string[] {
  const renames = [...g.renames].map(([old, now]) => `${g.from.columns.find((c) => lc(c.name) === old)?.name ?? old} → ${now}`);
  const why = renames.length ? [`column renames onto names in use (${renames.join(", ")})`] : [];
  return [...why, ...recreateReasons(renamedFrom(g), g.to)];
}

/**
 * The copy of a re-creation is a plain INSERT ... SELECT, which the runner's data checks
 * (DESIGN.md §6) never see: SQLite would stop it with "NOT NULL constraint failed:
 * _migrator_tmp_T.c". These lines stop it first with the runner's own wording — table, column
 * and the number of offending rows — and the run's transaction leaves the database unchanged.
 */
function notNullGuards(g: RecreateGroup): string[] {
  const t = rules().quoteIdent(g.to.name);
  const out: string[] = [];
  const guard = (sql: string, before: string, after: string) => {
    out.push("{", `  const n = (await op.query<{ n: number }>(${str(sql)}))[0]?.n ?? 0;`);
    out.push(`  if (n > 0) throw new Error(${str(before)} + n + ${str(after)});`, "}");
  };
  for (const now of g.to.columns) {
    if (!now.notNull || now.generated) continue;
    const src = sourceOf(g, now.name);
    const col = `${t}.${rules().quoteIdent(now.name)}`;
    if (src && !src.notNull) {
      guard(`SELECT count(*) AS n FROM ${t} WHERE ${rules().quoteIdent(src.name)} IS NULL`, `cannot make ${col} NOT NULL: `, " rows have NULL in it (fill them first with op.execute)");
    } else if (!src && rules().isNullDefault(now.default)) {
      guard(`SELECT count(*) AS n FROM ${t}`, `cannot add NOT NULL column ${col} without a default: the table has `, " rows");
    }
  }
  return out;
}

function describeRecreate(g: RecreateGroup): { text: string; lost: string[] } {
  const lost: string[] = [];
  const kept = new Set<Column>();
  for (const now of g.to.columns) {
    const c = sourceOf(g, now.name);
    if (c) {
      kept.add(c);
      if (rules().isNarrowing(c.type, now.type)) lost.push(`narrows ${g.to.name}.${now.name} from ${c.type} to ${now.type}`);
      if (now.notNull && !c.notNull && !now.generated) lost.push(`makes ${g.to.name}.${now.name} NOT NULL: fails if a row holds NULL`);
    } else if (now.notNull && rules().isNullDefault(now.default) && !now.generated) {
      lost.push(`adds NOT NULL column ${g.to.name}.${now.name} without a default: fails if the table has rows`);
    }
  }
  for (const c of g.from.columns) if (!kept.has(c)) lost.push(`drops column ${g.to.name}.${c.name} and its data`);
  return { text: `re-create table ${g.to.name} (${groupReasons(g).join("; ")})`, lost };
}

// ---------------------------------------------------------------------------

function renderDefault(sql: string | null | undefined): string {
  return rules().isNullDefault(sql) ? "null" : `{ sql: ${str(sql!)} }`;
}

function obj(entries: [string, string | undefined][]): string {
  const parts = entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`);
  return parts.length ? `{ ${parts.join(", ")} }` : "{}";
}

const strArray = (xs: string[]) => `[${xs.map(str).join(", ")}]`;

function inlinePk(t: Table): string | null {
  const pk = t.primaryKey;
  return pk && pk.columns.length === 1 && !pk.name ? pk.columns[0]! : null;
}

function columnSpec(c: Column, t?: Table): string {
  const pk = t && inlinePk(t) !== null && lc(inlinePk(t)!) === lc(c.name);
  return obj([
    ["name", str(c.name)],
    ["type", str(c.type)],
    ["nullable", String(!c.notNull)],
    ["default", rules().isNullDefault(c.default) ? undefined : renderDefault(c.default)],
    ["primaryKey", pk ? "true" : undefined],
    ["autoincrement", pk && t!.primaryKey!.autoincrement ? "true" : undefined],
    ["collate", c.collate ? str(c.collate) : undefined],
  ]);
}

function fkSpec(fk: ForeignKey, withName: boolean): string {
  return obj([
    ["name", withName && fk.name ? str(fk.name) : undefined],
    ["columns", strArray(fk.columns)],
    ["refTable", str(fk.refTable)],
    ["refColumns", strArray(fk.refColumns)],
    ["onDelete", fk.onDelete && fk.onDelete !== "NO ACTION" ? str(fk.onDelete) : undefined],
    ["onUpdate", fk.onUpdate && fk.onUpdate !== "NO ACTION" ? str(fk.onUpdate) : undefined],
    ["deferrable", fk.deferrable ? "true" : undefined],
  ]);
}

/** An index term as the Op API takes it: a column name, "name DESC", or an SQL expression. */
function indexTerm(c: Index["columns"][number]): string {
  const plain = c.name !== null && /^[A-Za-z_][A-Za-z0-9_]*$/.test(c.name);
  let s = c.name === null ? (c.expr ?? "") : plain ? c.name : rules().quoteIdent(c.name);
  if (c.collate) s += ` COLLATE ${c.collate}`;
  if (c.desc) s += " DESC";
  return s;
}

function renderCreateTableCall(t: Table): string[] {
  if (t.columns.some((c) => c.generated)) {
    // ColumnSpec has no spelling for GENERATED ALWAYS AS: the statement is written out.
    return [`await op.execute(${str(rules().renderCreateTableSql({ ...t, indexes: [] }).replace(/;$/, ""))});`];
  }
  const lines = [`op.createTable(${str(t.name)}, [`, ...t.columns.map((c) => `  ${columnSpec(c, t)},`)];
  const opts: string[] = [];
  if (t.primaryKey && inlinePk(t) === null) {
    const pk = t.primaryKey;
    opts.push(`  primaryKey: ${pk.name ? obj([["name", str(pk.name)], ["columns", strArray(pk.columns)]]) : strArray(pk.columns)},`);
  }
  const list = (key: string, items: string[]) => {
    if (items.length) opts.push(`  ${key}: [`, ...items.map((x) => `    ${x},`), "  ],");
  };
  list("foreignKeys", t.foreignKeys.map((fk) => fkSpec(fk, true)));
  list("checks", t.checks.map((c) => (c.name ? obj([["name", str(c.name)], ["expr", str(c.expr)]]) : str(c.expr))));
  list("uniques", t.uniques.map((u) => (u.name ? obj([["name", str(u.name)], ["columns", strArray(u.columns)]]) : strArray(u.columns))));
  if (t.strict) opts.push("  strict: true,");
  if (t.withoutRowid) opts.push("  withoutRowid: true,");
  if (opts.length) lines.push("], {", ...opts, "});");
  else lines.push("]);");
  return lines;
}

/** The source lines of one op call (not indented). */
export function renderOp(op: Operation): string[] {
  switch (op.kind) {
    case "createTable":
      return renderCreateTableCall(op.table);
    case "dropTable":
      return [`op.dropTable(${str(op.name)});`];
    case "renameTable":
      return [`op.renameTable(${str(op.from)}, ${str(op.to)});`];
    case "addColumn":
      if (op.column.generated) {
        const sql = `ALTER TABLE ${rules().quoteIdent(op.table)} ADD COLUMN ${rules().renderColumnSql(op.column, { name: op.table, columns: [op.column], primaryKey: null, indexes: [], foreignKeys: [], checks: [], uniques: [] })}`;
        return [`await op.execute(${str(sql)});`];
      }
      return [`op.addColumn(${str(op.table)}, ${columnSpec(op.column)});`];
    case "dropColumn":
      return [`op.dropColumn(${str(op.table)}, ${str(op.name)});`];
    case "alterColumn": {
      const c = op.changes;
      const spec = obj([
        ["type", c.type !== undefined ? str(c.type) : undefined],
        ["nullable", c.notNull !== undefined ? String(!c.notNull) : undefined],
        ["default", c.default !== undefined ? renderDefault(c.default) : undefined],
        ["newName", c.newName !== undefined ? str(c.newName) : undefined],
      ]);
      const alter = `op.alterColumn(${str(op.table)}, ${str(op.name)}, ${spec});`;
      const fill = c.default !== undefined ? c.default : op.existing?.default;
      if (c.notNull === true && fill !== null && fill !== undefined && !/^null$/i.test(fill.trim())) {
        // optional → required with a default: rows holding NULL take the default first, so the
        // NOT NULL change succeeds instead of stopping on them (the data check would refuse)
        const update = `UPDATE ${rules().quoteIdent(op.table)} SET ${rules().quoteIdent(op.name)} = ${fill} WHERE ${rules().quoteIdent(op.name)} IS NULL`;
        return [`// rows where ${op.name} is NULL take the default, so NOT NULL can apply`, `await op.execute(${str(update)});`, alter];
      }
      return [alter];
    }
    case "renameColumn":
      return [`op.renameColumn(${str(op.table)}, ${str(op.from)}, ${str(op.to)});`];
    case "createIndex": {
      const i = op.index;
      const opts = obj([
        ["unique", i.unique ? "true" : undefined],
        ["where", i.where ? str(i.where) : undefined],
      ]);
      const tail = opts === "{}" ? "" : `, ${opts}`;
      return [`op.createIndex(${str(i.name)}, ${str(op.table)}, ${strArray(i.columns.map(indexTerm))}${tail});`];
    }
    case "dropIndex":
      return [`op.dropIndex(${str(op.name)}, ${str(op.table)});`];
    case "createForeignKey": {
      const fk = op.foreignKey;
      return [`op.createForeignKey(${fk.name ? str(fk.name) : "null"}, ${str(op.table)}, ${fkSpec(fk, false)});`];
    }
    case "createCheckConstraint":
      return [`op.createCheckConstraint(${op.check.name ? str(op.check.name) : "null"}, ${str(op.table)}, ${str(op.check.expr)});`];
    case "createUniqueConstraint":
      return [
        `op.createUniqueConstraint(${op.unique.name ? str(op.unique.name) : "null"}, ${str(op.table)}, ${strArray(op.unique.columns)});`,
      ];
    case "dropConstraint": {
      const type = op.type && op.type !== "primaryKey" ? `, ${str(op.type)}` : "";
      return [`op.dropConstraint(${str(op.name)}, ${str(op.table)}${type});`];
    }
    case "execute":
      return [`await op.execute(${str(op.sql)}${op.params?.length ? `, ${renderRows(op.params)}` : ""});`];
    case "bulkInsert":
      return [`await op.bulkInsert(${str(op.table)}, ${renderRows(op.rows)});`];
    case "createEnum":
      return [`op.createEnum(${str(op.enum.name)}, ${strArray(op.enum.values)});`];
    case "dropEnum":
      return [`op.dropEnum(${str(op.name)});`];
    case "alterEnum":
      return [`op.alterEnum(${str(op.name)}, ${strArray(op.values)});`];
    default: {
      const never: never = op;
      throw new Error(`unknown operation ${(never as Operation).kind}`);
    }
  }
}

function renderRows(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Uint8Array) return `new Uint8Array(${JSON.stringify([...value])})`;
  if (Array.isArray(value)) return `[${value.map(renderRows).join(", ")}]`;
  if (typeof value === "object") {
    return `{ ${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${str(k)}: ${renderRows(v)}`).join(", ")} }`;
  }
  return JSON.stringify(value);
}
