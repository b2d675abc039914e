// SQL literals in the syntax SQLite and PostgreSQL share (strings with doubled quotes, numbers,
// true/false, NULL), for the op builders and the SQLite dialect alike. Bytes are written X'..'
// (a BLOB on SQLite); PostgreSQL's dialect writes its own bytea literal.

/** A string as a SQL literal: `it's` → `'it''s'`. */
export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A JS value as a SQL literal (defaults, offline SQL). */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a SQL literal`);
    return String(value);
  }
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString("hex")}'`;
  return quoteString(String(value));
}
