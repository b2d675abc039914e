// The SQL text the op builders write from a migration's JS values, in the syntax SQLite and
// PostgreSQL share: string literals with doubled quotes, numbers, true/false; and the reading
// of an index term ("email", "\"Full Name\" DESC", "lower(email) COLLATE x"). Dialect-specific
// spellings (a bytea literal on PostgreSQL) are written with `{ sql: "..." }` by the user.

export { quoteString, sqlLiteral } from "../schema/sql-literal";

export interface IndexTerm {
  /** the term without a trailing ASC/DESC and COLLATE */
  text: string;
  /** the column name when the term is a single (quoted or bare) identifier */
  name: string | null;
  collate: string | null;
  desc: boolean;
}

const TRAILING_ORDER = /\s+(ASC|DESC)\s*$/i;
const TRAILING_COLLATE = /\s+COLLATE\s+("(?:[^"]|"")+"|[A-Za-z_][\w$]*)\s*$/i;
const BARE = /^[A-Za-z_][\w$]*$/;
const QUOTED = /^"((?:[^"]|"")+)"$/;

/** Read an index term as the op API takes it. */
export function parseIndexTerm(term: string): IndexTerm {
  let text = term.trim();
  let desc = false;
  let collate: string | null = null;
  const order = TRAILING_ORDER.exec(text);
  if (order && !insideParensOrQuotes(text, order.index)) {
    desc = order[1]!.toUpperCase() === "DESC";
    text = text.slice(0, order.index);
  }
  const coll = TRAILING_COLLATE.exec(text);
  if (coll && !insideParensOrQuotes(text, coll.index)) {
    const c = coll[1]!;
    collate = QUOTED.test(c) ? QUOTED.exec(c)![1]!.replace(/""/g, '"') : c;
    text = text.slice(0, coll.index);
  }
  text = text.trim();
  const q = QUOTED.exec(text);
  const name = BARE.test(text) ? text : q ? q[1]!.replace(/""/g, '"') : null;
  return { text, name, collate, desc };
}

/** true when offset `at` of `text` lies inside parentheses or quotes (so a keyword there is
 *  part of an expression, not the term's own). */
function insideParensOrQuotes(text: string, at: number): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < at; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
  }
  return depth !== 0 || quote !== null;
}
