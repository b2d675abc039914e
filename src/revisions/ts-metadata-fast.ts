// Fast path of the TypeScript metadata reader for the shape generated files have: comments,
// plain imports and `export const name[: simple type] = literal;` up to the first top-level
// function or class, recognised by one sticky regular expression (native code even while the
// JS around it is still cold: a CLI run reads 10,000 files once). Anything else returns null
// and the tokenizer (ts-lexer.ts) reads the file; the grammar below accepts only text the
// tokenizer reads the same way (same whitespace, identifier boundaries, brackets balanced).

/** One declaration: its name, the literal's source text and the literal's offset. */
export interface FastDeclaration {
  name: string;
  raw: string;
  offset: number;
}

export interface FastScan {
  declarations: FastDeclaration[];
  /** Offset just after the first top-level `function`/`class` keyword, or the text's length. */
  end: number;
}

// The tokenizer's whitespace (not \s: it also matches U+00A0 etc., which the tokenizer reads
// as identifier characters) and identifier boundary (characters above U+007F continue a name).
const WS = "[ \\t\\n\\r\\v\\f\\uFEFF]";
const END_OF_WORD = "(?![\\w$\\u0080-\\uFFFF])";
// Strings without escapes or line breaks; templates without escapes or `$`.
const STR = `"[^"\\\\\\n]*"|'[^'\\\\\\n]*'`;
const VALUE = `${STR}|\`[^\`\\\\$]*\`|(?:null|undefined|true|false)${END_OF_WORD}|\\[${WS}*(?:(?:${STR})${WS}*(?:,${WS}*(?:${STR})${WS}*)*,?${WS}*)?\\]`;
// Braces of named imports hold names, commas, `as` and `type` only (balanced, no comments).
const NAMED = `\\{[^{}()\\[\\]<>;'"\`/=]*\\}`;
const IMPORT =
  `import${WS}+(?:type${WS}+)?(?:${NAMED}|\\*${WS}*as${WS}+[\\w$]+|[\\w$]+(?:${WS}*,${WS}*${NAMED})?)${WS}*from${WS}*(?:${STR})${WS}*;?` +
  `|import${WS}*(?:${STR})${WS}*;?`;
// A type annotation of names, `|`, `.`, `,`, `?` and `[]` pairs: no brackets to balance, no
// `<`/`>` (the tokenizer reads `>=` as one punctuator).
const TYPE = `:(?:[\\w$ \\t\\n\\r\\v\\f|.,?]|\\[\\])*`;
const DECL = `export${WS}+(?:const|let|var)${WS}+(revision|downRevision|branchLabels|dependsOn|transactional)${END_OF_WORD}${WS}*(?:${TYPE})?=${WS}*(${VALUE})(${WS}*;?)`;
const CODE = `((?:export${WS}+)?(?:(?:async${WS}+)?function|class))${END_OF_WORD}`;
const COMMENT = `/\\*[\\s\\S]*?\\*/|//[^\\n]*`;

// Groups: 1 name, 2 value, 3 rest of the statement, 4 code starts.
const UNIT = new RegExp(`${WS}*(?:${COMMENT}|${IMPORT}|${DECL}|${CODE}|$)`, "y");

/** The declarations of a file in the common shape, or null when the tokenizer must read it. */
export function scanCommonShape(text: string): FastScan | null {
  const declarations: FastDeclaration[] = [];
  let pos = 0;
  for (;;) {
    UNIT.lastIndex = pos;
    const m = UNIT.exec(text);
    if (m === null) return null;
    const next = UNIT.lastIndex;
    const name = m[1];
    if (name !== undefined) {
      const raw = m[2] ?? "";
      // declared twice: the reader reports it (an indexed loop: no iterator while interpreted)
      for (let i = 0; i < declarations.length; i++) if (declarations[i]!.name === name) return null;
      declarations.push({ name, raw, offset: next - (m[3] ?? "").length - raw.length });
    } else if (m[4] !== undefined || next >= text.length) {
      return { declarations, end: next };
    } else if (next === pos) {
      return null;
    }
    pos = next;
  }
}
