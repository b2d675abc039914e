// Quoting rules for PostgreSQL (https://www.postgresql.org/docs/current/sql-syntax-lexical.html):
// identifiers always double-quoted with embedded quotes doubled; string constants in single
// quotes with quotes doubled (standard_conforming_strings is on since 9.1, so `\` is literal).

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A JS value as a PostgreSQL literal (defaults, offline SQL, bulk inserts). */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a SQL literal`);
    return String(value);
  }
  if (typeof value === "bigint") return value.toString();
  // bytea's hex input format: '\x0a1b'
  if (value instanceof Uint8Array) return `'\\x${Buffer.from(value).toString("hex")}'`;
  if (value instanceof Date) return quoteString(value.toISOString());
  if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(", ")}]`;
  if (typeof value === "object") return quoteString(JSON.stringify(value));
  return quoteString(String(value));
}
