// Statements PostgreSQL refuses inside a transaction block (SQLSTATE 25001, "cannot run inside a
// transaction block"): a migration holding one must declare `export const transactional = false`,
// and the executor names the statement when it finds one in a transactional migration.
// The list follows the reference pages of each command (postgresql.org/docs/current/sql-*.html).

const RULES: { re: RegExp; what: string }[] = [
  { re: /^CREATE (UNIQUE )?INDEX CONCURRENTLY\b/, what: "CREATE INDEX CONCURRENTLY" },
  { re: /^DROP INDEX CONCURRENTLY\b/, what: "DROP INDEX CONCURRENTLY" },
  { re: /^REINDEX\b.*\bCONCURRENTLY\b/, what: "REINDEX ... CONCURRENTLY" },
  { re: /^REINDEX( \([^)]*\))? (SYSTEM|DATABASE|SCHEMA)\b/, what: "REINDEX SYSTEM / DATABASE / SCHEMA" },
  { re: /^VACUUM\b/, what: "VACUUM" },
  { re: /^(CREATE|DROP) DATABASE\b/, what: "CREATE / DROP DATABASE" },
  { re: /^ALTER DATABASE \S+ SET TABLESPACE\b/, what: "ALTER DATABASE ... SET TABLESPACE" },
  { re: /^(CREATE|DROP) TABLESPACE\b/, what: "CREATE / DROP TABLESPACE" },
  { re: /^ALTER SYSTEM\b/, what: "ALTER SYSTEM" },
  { re: /^(CREATE|DROP) SUBSCRIPTION\b/, what: "CREATE / DROP SUBSCRIPTION" },
  { re: /^ALTER TABLE\b.*\bDETACH PARTITION\b.*\bCONCURRENTLY\b/, what: "ALTER TABLE ... DETACH PARTITION CONCURRENTLY" },
  { re: /^CLUSTER$/, what: "CLUSTER (without a table)" },
  { re: /^DISCARD ALL\b/, what: "DISCARD ALL" },
];

/**
 * The statements of a SQL text, with comments removed and whitespace collapsed (string
 * constants, quoted identifiers and dollar-quoted bodies are kept whole, so a `;` or `--` in
 * them splits nothing: sql-syntax-lexical.html).
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let cur = "";
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === "-" && sql[i + 1] === "-") {
      while (i < n && sql[i] !== "\n") i++;
      cur += " ";
    } else if (c === "/" && sql[i + 1] === "*") {
      let depth = 0; // block comments nest in PostgreSQL
      do {
        if (sql[i] === "/" && sql[i + 1] === "*") (depth++, (i += 2));
        else if (sql[i] === "*" && sql[i + 1] === "/") (depth--, (i += 2));
        else i++;
      } while (i < n && depth > 0);
      cur += " ";
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      for (; j < n; j++) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) j++;
          else break;
        }
      }
      cur += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === "$" && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(sql.slice(i, i + 64)) && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? "")) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64))![0];
      const end = sql.indexOf(tag, i + tag.length);
      const stop = end < 0 ? n : end + tag.length;
      cur += sql.slice(i, stop);
      i = stop;
    } else if (c === ";") {
      out.push(cur);
      cur = "";
      i++;
    } else {
      cur += c;
      i++;
    }
  }
  out.push(cur);
  return out.map((s) => s.replace(/\s+/g, " ").trim()).filter((s) => s.length > 0);
}

/** The first statement of `sql` that cannot run inside a transaction block, or null. */
export function nonTransactionalStatement(sql: string): { statement: string; what: string } | null {
  for (const s of splitStatements(sql)) {
    const head = s.toUpperCase();
    for (const r of RULES) if (r.re.test(head)) return { statement: s, what: r.what };
  }
  return null;
}

/** True when `sql` holds a statement PostgreSQL refuses inside a transaction block. */
export function isNonTransactional(sql: string): boolean {
  return nonTransactionalStatement(sql) !== null;
}
