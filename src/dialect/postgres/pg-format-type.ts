// PostgreSQL's own type spelling (format_type(), functions-info.html) → the spelling Prisma's
// DDL uses and the neutral Column.type documents: "character varying(255)" → "VARCHAR(255)",
// "timestamp(3) without time zone" → "TIMESTAMP(3)", "numeric(65,30)" → "DECIMAL(65,30)".

/** format_type's long names of the built-in types, and the short name Prisma writes */
const RENAMES: ReadonlyArray<[RegExp, string]> = [
  [/^character varying(\(\d+\))?$/, "VARCHAR$1"],
  [/^character(\(\d+\))?$/, "CHAR$1"],
  [/^bit varying(\(\d+\))?$/, "VARBIT$1"],
  [/^numeric(\(\d+(?:,\d+)?\))?$/, "DECIMAL$1"],
  [/^timestamp(\(\d+\))? without time zone$/, "TIMESTAMP$1"],
  [/^timestamp(\(\d+\))? with time zone$/, "TIMESTAMPTZ$1"],
  [/^time(\(\d+\))? without time zone$/, "TIME$1"],
  [/^time(\(\d+\))? with time zone$/, "TIMETZ$1"],
];

/** The serial pseudo-type of an integer column that owns its sequence (datatype-numeric.html §8.1.4). */
export function serialType(type: string): string | null {
  return type === "INTEGER" ? "SERIAL" : type === "BIGINT" ? "BIGSERIAL" : type === "SMALLINT" ? "SMALLSERIAL" : null;
}

/**
 * Prisma's spelling of a built-in type from format_type's text: upper-cased, long names
 * shortened, `[]` kept for arrays (format_type prints one `[]` whatever the dimensions).
 * Types of the user (enums, domains, composites) are not passed here: they are written as
 * their quoted name by the caller.
 */
export function prismaTypeName(formatted: string): string {
  let base = formatted.trim();
  let suffix = "";
  while (base.endsWith("[]")) {
    base = base.slice(0, -2);
    suffix += "[]";
  }
  for (const [re, to] of RENAMES) {
    if (re.test(base)) return base.replace(re, to).toUpperCase() + suffix;
  }
  return base.toUpperCase() + suffix;
}
