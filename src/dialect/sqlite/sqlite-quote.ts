// Quoting rules for SQLite (https://www.sqlite.org/lang_keywords.html): identifiers are always
// double-quoted with embedded quotes doubled, so a name from the model never reaches SQL unescaped.

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export { quoteString, sqlLiteral } from "../../schema/sql-literal";
