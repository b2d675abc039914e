// Recursive-descent parser for the model language (graphql-js style: one parseX per construct,
// "Expected X, found Y." messages). Errors go to a DiagnosticBag; after one, the parser skips to
// the end of the line (or to the next block at top level) and goes on, so a file reports all its
// syntax errors at once. It never throws to its caller and always consumes input.

import type * as A from "./ast";
import type { DiagnosticBag } from "./diagnostics";
import { describeToken, tokenize, type Token, type TokenKind } from "./lexer";

const BLOCK_KEYWORDS = new Set(["model", "view", "type", "enum", "datasource", "generator"]);
const MAX_DEPTH = 64;

/** Thrown inside the parser to abandon the current line; always caught here. */
class SyntaxStop {}
const STOP = new SyntaxStop();

export function parseDocument(text: string, bag: DiagnosticBag): A.Document {
  return new Parser(text, bag).parseDocument();
}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly bag: DiagnosticBag,
  ) {
    this.tokens = tokenize(text);
    for (const t of this.tokens) if (t.kind === "Invalid") bag.add(t.start, t.value);
  }

  // ---- token helpers -------------------------------------------------------------------------

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== "EOF") this.pos++;
    return t;
  }
  private at(kind: TokenKind): boolean {
    return this.peek().kind === kind;
  }
  /** Report "Expected X, found Y." at the current token and abandon the line. */
  private fail(expected: string, t: Token = this.peek()): never {
    if (t.kind !== "Invalid") this.bag.add(t.start, `Expected ${expected}, found ${describeToken(t)}.`);
    throw STOP;
  }
  private expect(kind: TokenKind, expected = `"${kind}"`): Token {
    if (!this.at(kind)) this.fail(expected);
    return this.next();
  }
  /** Inside brackets and parentheses, line breaks and comments don't matter. */
  private skipTrivia(): void {
    while (this.at("Newline") || this.at("Comment")) this.next();
  }
  /** Skip the rest of a bad line; a `}` that starts a line still closes the block. */
  private skipLine(): void {
    while (!this.at("Newline") && !this.at("EOF")) {
      if (this.at("}") && this.atLineStart()) return;
      this.next();
    }
  }
  private atLineStart(): boolean {
    const prev = this.tokens[this.pos - 1];
    return prev === undefined || prev.kind === "Newline";
  }
  private name(t: Token): A.Name {
    return { kind: "Name", value: t.value, loc: { start: t.start, end: t.end } };
  }
  private comment(t: Token): A.Comment {
    return { kind: "Comment", text: t.value, doc: t.value.startsWith("///"), loc: { start: t.start, end: t.end } };
  }

  // ---- document and blocks --------------------------------------------------------------------

  parseDocument(): A.Document {
    const items: (A.Block | A.Comment)[] = [];
    while (!this.at("EOF")) {
      const t = this.peek();
      if (t.kind === "Newline") this.next();
      else if (t.kind === "Comment") items.push(this.comment(this.next()));
      else if (t.kind === "Name" && BLOCK_KEYWORDS.has(t.value)) {
        const block = this.parseBlock(docOf(this.text, items, t.start));
        if (block) items.push(block);
      } else {
        if (t.kind !== "Invalid") {
          this.bag.add(t.start, `Expected a block (model, enum, datasource or generator), found ${describeToken(t)}.`);
        }
        this.recoverTopLevel();
      }
    }
    return { kind: "Document", items, loc: { start: 0, end: this.text.length } };
  }

  /** Skip to the next block keyword at the start of a line. */
  private recoverTopLevel(): void {
    this.next();
    while (!this.at("EOF")) {
      const t = this.peek();
      if (t.kind === "Name" && BLOCK_KEYWORDS.has(t.value) && this.atLineStart()) return;
      this.next();
    }
  }

  private parseBlock(doc: string[]): A.Block | null {
    const kw = this.next();
    let name: A.Name;
    let comment: string | null = null;
    try {
      name = this.name(this.expect("Name", `a name after "${kw.value}"`));
      this.expect("{", `"{" after ${kw.value} ${name.value}`);
      if (this.at("Comment")) comment = this.next().value;
    } catch (e) {
      if (e !== STOP) throw e;
      this.recoverTopLevel();
      return null;
    }
    const start = kw.start;
    if (kw.value === "enum") {
      const members = this.parseMembers(kw.value, name.value, () => this.parseEnumValue());
      return { kind: "Enum", name, members, doc, comment, loc: { start, end: this.prevEnd() } };
    }
    if (kw.value === "datasource" || kw.value === "generator") {
      const members = this.parseMembers(kw.value, name.value, () => this.parseProperty(), false) as (A.Property | A.Comment)[];
      return { kind: "Config", keyword: kw.value, name, members, doc, comment, loc: { start, end: this.prevEnd() } };
    }
    const members = this.parseMembers(kw.value, name.value, () => this.parseField());
    const keyword = kw.value as "model" | "view" | "type";
    return { kind: "Model", keyword, name, members, doc, comment, loc: { start, end: this.prevEnd() } };
  }

  private prevEnd(): number {
    return this.tokens[Math.max(0, this.pos - 1)]!.end;
  }

  /** The lines of a block body up to its `}`: members, comments, `@@` attributes. */
  private parseMembers<M extends A.Field | A.EnumValue | A.Property>(
    keyword: string,
    blockName: string,
    parseMember: () => M,
    allowBlockAttributes = true,
  ): (M | A.Attribute | A.Comment)[] {
    const members: (M | A.Attribute | A.Comment)[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === "Newline") {
        this.next();
        continue;
      }
      if (t.kind === "}") {
        this.next();
        return members;
      }
      if (t.kind === "EOF" || (t.kind === "Name" && BLOCK_KEYWORDS.has(t.value) && this.atLineStart() && this.peek(2).kind === "{")) {
        this.bag.add(t.start, `Expected "}" to close ${keyword} ${blockName}, found ${describeToken(t)}.`);
        return members;
      }
      if (t.kind === "Comment") {
        members.push(this.comment(this.next()));
        continue;
      }
      try {
        if (t.kind === "@@" && allowBlockAttributes) {
          const attr = this.parseAttribute();
          attr.comment = this.endOfLine();
          members.push(attr);
        } else if (t.kind === "@") {
          this.bag.add(t.start, `attribute @${this.peek(1).kind === "Name" ? this.peek(1).value : ""} must follow a field on the same line (block attributes start with @@)`);
          throw STOP;
        } else if (t.kind === "Name") {
          const m = parseMember();
          if (m.kind !== "Property") m.doc = docOf(this.text, members, m.loc.start);
          members.push(m);
        } else {
          this.fail(keyword === "enum" ? "an enum value" : keyword === "datasource" || keyword === "generator" ? "a setting (key = value)" : "a field or a block attribute");
        }
      } catch (e) {
        if (e !== STOP) throw e;
        this.skipLine();
      }
    }
  }

  /** After a member: an optional trailing comment, then a line break, `}` or the end of file. */
  private endOfLine(): string | null {
    let comment: string | null = null;
    if (this.at("Comment")) comment = this.next().value;
    if (!this.at("Newline") && !this.at("}") && !this.at("EOF")) this.fail("end of line");
    return comment;
  }

  // ---- members --------------------------------------------------------------------------------

  private parseField(): A.Field {
    const name = this.name(this.next());
    const t = this.peek();
    if (t.kind !== "Name") this.fail(`a type for field "${name.value}"`);
    const type = this.parseFieldType();
    const attributes = this.parseFieldAttributes();
    const comment = this.endOfLine();
    return { kind: "Field", name, type, attributes, doc: [], comment, loc: { start: name.loc.start, end: this.prevEnd() } };
  }

  private parseFieldType(): A.FieldType {
    const t = this.next();
    let unsupported: A.StringValue | null = null;
    if (t.value === "Unsupported" && this.at("(")) {
      this.next();
      this.skipTrivia();
      const s = this.expect("String", `a string: Unsupported("type")`);
      unsupported = this.stringValue(s);
      this.skipTrivia();
      this.expect(")");
    }
    let optional = false;
    let list = false;
    if (this.at("[")) {
      this.next();
      this.expect("]", `"]" after "["`);
      list = true;
    }
    if (this.at("?")) {
      const q = this.next();
      if (list) {
        this.bag.add(q.start, "optional lists are not supported: use a list (Type[]) or an optional (Type?)");
        throw STOP;
      }
      optional = true;
    }
    if (this.at("[") && !list) {
      this.bag.add(this.peek().start, "write the list marker before the optional marker: Type[] (an optional list is not supported)");
      throw STOP;
    }
    return { kind: "FieldType", name: t.value, unsupported, optional, list, loc: { start: t.start, end: this.prevEnd() } };
  }

  private parseFieldAttributes(): A.Attribute[] {
    const attributes: A.Attribute[] = [];
    while (this.at("@") || this.at("@@")) {
      if (this.at("@@")) {
        this.bag.add(this.peek().start, "a block attribute (@@) must stand on its own line, after the fields");
        throw STOP;
      }
      attributes.push(this.parseAttribute());
    }
    return attributes;
  }

  private parseEnumValue(): A.EnumValue {
    const name = this.name(this.next());
    const attributes = this.parseFieldAttributes();
    const comment = this.endOfLine();
    return { kind: "EnumValue", name, attributes, doc: [], comment, loc: { start: name.loc.start, end: this.prevEnd() } };
  }

  private parseProperty(): A.Property {
    const name = this.name(this.next());
    this.expect("=", `"=" after ${name.value}`);
    if (this.at("Newline") || this.at("Comment") || this.at("EOF")) this.fail(`a value for ${name.value}`);
    const value = this.parseValue(0);
    const comment = this.endOfLine();
    return { kind: "Property", name, value, comment, loc: { start: name.loc.start, end: this.prevEnd() } };
  }

  // ---- attributes and values ------------------------------------------------------------------

  private parseAttribute(): A.Attribute {
    const at = this.next();
    const first = this.peek();
    if (first.kind !== "Name" || first.start !== at.end) this.fail(`an attribute name right after "${at.kind}"`);
    this.next();
    let name = first.value;
    while (this.at(".") && this.peek(1).kind === "Name") {
      this.next();
      name += "." + this.next().value;
    }
    const nameLoc = { start: first.start, end: this.prevEnd() };
    let args: A.Argument[] | null = null;
    if (this.at("(")) args = this.parseArguments(0);
    return { kind: "Attribute", block: at.kind === "@@", name, nameLoc, args, comment: null, loc: { start: at.start, end: this.prevEnd() } };
  }

  private parseArguments(depth: number): A.Argument[] {
    this.expect("(");
    const args: A.Argument[] = [];
    for (;;) {
      this.skipTrivia();
      if (this.at(")")) break;
      const start = this.peek().start;
      let name: A.Name | null = null;
      if (this.at("Name") && this.peek(1).kind === ":") {
        name = this.name(this.next());
        this.next();
      }
      const value = this.parseValue(depth + 1);
      args.push({ kind: "Argument", name, value, loc: { start, end: this.prevEnd() } });
      this.skipTrivia();
      if (this.at(",")) this.next();
      else if (!this.at(")")) this.fail(`"," or ")"`);
    }
    this.next();
    return args;
  }

  private parseValue(depth: number): A.Value {
    if (depth > MAX_DEPTH) {
      this.bag.add(this.peek().start, `values nested deeper than ${MAX_DEPTH} levels are not supported`);
      throw STOP;
    }
    this.skipTrivia();
    const t = this.peek();
    switch (t.kind) {
      case "String":
        return this.stringValue(this.next());
      case "Number":
        this.next();
        return { kind: "Number", value: t.value, loc: { start: t.start, end: t.end } };
      case "[": {
        this.next();
        const items: A.Value[] = [];
        for (;;) {
          this.skipTrivia();
          if (this.at("]")) break;
          items.push(this.parseValue(depth + 1));
          this.skipTrivia();
          if (this.at(",")) this.next();
          else if (!this.at("]")) this.fail(`"," or "]"`);
        }
        this.next();
        return { kind: "Array", items, loc: { start: t.start, end: this.prevEnd() } };
      }
      case "Name": {
        this.next();
        let name = t.value;
        while (this.at(".") && this.peek(1).kind === "Name") {
          this.next();
          name += "." + this.next().value;
        }
        if (this.at("(")) {
          const args = this.parseArguments(depth);
          return { kind: "Function", name, args, loc: { start: t.start, end: this.prevEnd() } };
        }
        return { kind: "Constant", value: name, loc: { start: t.start, end: this.prevEnd() } };
      }
      default:
        return this.fail("a value");
    }
  }

  private stringValue(t: Token): A.StringValue {
    return { kind: "String", value: t.value, raw: this.text.slice(t.start, t.end), loc: { start: t.start, end: t.end } };
  }
}

/** The `///` lines directly above `offset` (no blank line in between), without the slashes. */
function docOf(text: string, items: readonly { kind: string; loc: A.Loc }[], offset: number): string[] {
  const doc: string[] = [];
  let end = offset;
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i]! as A.Comment;
    if (it.kind !== "Comment" || !it.doc) break;
    if (!/^[ \t\r]*\n[ \t]*$/.test(text.slice(it.loc.end, end))) break;
    doc.unshift(it.text.slice(3).replace(/^ /, ""));
    end = it.loc.start;
  }
  return doc;
}
