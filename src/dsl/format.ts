// Canonical Prisma-style text of a parsed file: two-space indent, field names, types and
// attributes aligned in columns within each group of lines (a blank line starts a new group),
// `key = value` settings aligned on "=", one blank line between blocks, runs of blank lines
// collapsed to one, comments and attribute order kept. parse(format(x)) equals parse(x).

import type * as A from "./ast";

type Member = A.Field | A.EnumValue | A.Property | A.Attribute | A.Comment;
type Row = A.Field | A.EnumValue | A.Property;

export function formatDocument(doc: A.Document, source: string): string {
  const out: string[] = [];
  let prev: A.Block | A.Comment | null = null;
  for (const item of doc.items) {
    if (prev) {
      const blank = blankBetween(source, prev.loc.end, item.loc.start);
      if (blank || (prev.kind !== "Comment" && item.kind !== "Comment") || (prev.kind !== "Comment" && item.kind === "Comment")) out.push("");
    }
    if (item.kind === "Comment") out.push(item.text.trimEnd());
    else out.push(...formatBlock(item, source));
    prev = item;
  }
  return out.length ? out.join("\n") + "\n" : "";
}

function blankBetween(source: string, from: number, to: number): boolean {
  let n = 0;
  for (let i = from; i < to; i++) if (source.charCodeAt(i) === 10 && ++n >= 2) return true;
  return false;
}

function formatBlock(block: A.Block, source: string): string[] {
  const keyword = block.kind === "Enum" ? "enum" : block.keyword;
  const head = `${keyword} ${block.name.value} {${block.comment ? " " + block.comment.trimEnd() : ""}`;
  const lines = [head];
  const members = block.members as Member[];
  let group: { member: Member; blankBefore: boolean }[] = [];
  const flush = () => {
    lines.push(...formatGroup(group.map((g) => g.member)).map((l) => (l ? "  " + l : l)));
    group = [];
  };
  members.forEach((m, i) => {
    const blank = i > 0 && blankBetween(source, members[i - 1]!.loc.end, m.loc.start);
    if (blank) {
      flush();
      lines.push("");
    }
    group.push({ member: m, blankBefore: blank });
  });
  flush();
  lines.push("}");
  return lines;
}

/** Lines of consecutive members (no blank line between them), aligned in columns. */
function formatGroup(members: Member[]): string[] {
  const rows = members.filter((m): m is Row => m.kind === "Field" || m.kind === "EnumValue" || m.kind === "Property");
  const attrsOf = (r: A.Field | A.EnumValue) => r.attributes.map(formatAttribute).join(" ");
  const nameWidth = Math.max(0, ...rows.filter((r) => r.kind !== "EnumValue" || r.attributes.length > 0).map((r) => r.name.value.length));
  // Prisma pads the type column to the widest type of the group, whether or not attributes follow
  const typeWidth = Math.max(0, ...rows.filter((r): r is A.Field => r.kind === "Field").map((r) => formatType(r.type).length));
  const withComment = (line: string, comment: string | null) => (comment ? `${line} ${comment.trimEnd()}` : line);
  return members.map((m) => {
    switch (m.kind) {
      case "Comment":
        return m.text.trimEnd();
      case "Attribute":
        return withComment(formatAttribute(m), m.comment);
      case "Property":
        return withComment(`${m.name.value.padEnd(nameWidth)} = ${formatValue(m.value)}`, m.comment);
      case "EnumValue": {
        const attrs = attrsOf(m);
        return withComment(attrs ? `${m.name.value.padEnd(nameWidth)} ${attrs}` : m.name.value, m.comment);
      }
      case "Field": {
        const attrs = attrsOf(m);
        const type = formatType(m.type);
        const line = `${m.name.value.padEnd(nameWidth)} ${attrs ? `${type.padEnd(typeWidth)} ${attrs}` : type}`;
        return withComment(line, m.comment);
      }
    }
  });
}

export function formatType(t: A.FieldType): string {
  return `${t.name}${t.unsupported ? `(${t.unsupported.raw})` : ""}${t.list ? "[]" : ""}${t.optional ? "?" : ""}`;
}

export function formatAttribute(a: A.Attribute): string {
  return `${a.block ? "@@" : "@"}${a.name}${a.args === null ? "" : `(${formatArguments(a.args)})`}`;
}

function formatArguments(args: A.Argument[]): string {
  return args.map((a) => (a.name ? `${a.name.value}: ` : "") + formatValue(a.value)).join(", ");
}

export function formatValue(v: A.Value): string {
  switch (v.kind) {
    case "String":
      return v.raw;
    case "Number":
    case "Constant":
      return v.value;
    case "Array":
      return `[${v.items.map(formatValue).join(", ")}]`;
    case "Function":
      return `${v.name}(${formatArguments(v.args)})`;
  }
}
