// Deterministic fuzz inputs for the model parser (random bytes, and random mutations of the
// fixture schemas) and the property every input must satisfy: only located diagnostics, no
// exception, no hang; a valid model gives DDL SQLite accepts; parse(format(x)) = parse(x).

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { formatModel, loadModel, parseModel, stripLocations } from "../../src/dsl";
import { sqliteTarget } from "../../src/dialect/sqlite/sqlite-target";
import { renderSchema } from "../../src/dialect/sqlite/sqlite-ddl";

/** mulberry32: a small seeded PRNG, so a failing case can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedSchemas(): string[] {
  const dir = join(import.meta.dir, "fixtures");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".prisma"))
    .sort()
    .map((f) => readFileSync(join(dir, f), "utf8"));
}

const SNIPPETS = ["{", "}", "(", ")", "[", "]", "@", "@@", '"', "\\", "\n", ":", ",", "=", "?", ".", "//", "///", " ", "-1", "1.5", "model X {", "enum E {", "@relation(", "@default(", "Int", "String?", "[]", "@id", "\t", "\r\n", "é", "😀", "\u0000", "view V {", "datasource db {"];

export function randomBytes(r: () => number): string {
  const n = Math.floor(r() * 200);
  let s = "";
  for (let i = 0; i < n; i++) {
    const k = r();
    s += k < 0.6 ? String.fromCharCode(Math.floor(r() * 128)) : k < 0.9 ? SNIPPETS[Math.floor(r() * SNIPPETS.length)]! : String.fromCharCode(Math.floor(r() * 0xffff));
  }
  return s;
}

export function mutate(r: () => number, source: string): string {
  let s = source;
  const edits = 1 + Math.floor(r() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (s.length + 1));
    const len = Math.floor(r() * 12);
    switch (Math.floor(r() * 6)) {
      case 0: // delete a range
        s = s.slice(0, at) + s.slice(at + len);
        break;
      case 1: // insert a snippet
        s = s.slice(0, at) + SNIPPETS[Math.floor(r() * SNIPPETS.length)] + s.slice(at);
        break;
      case 2: // duplicate a range
        s = s.slice(0, at) + s.slice(at, at + len * 4) + s.slice(at);
        break;
      case 3: // replace one character with a random one
        s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 128)) + s.slice(at + 1);
        break;
      case 4: // truncate
        s = s.slice(0, at);
        break;
      default: {
        // move a line elsewhere
        const lines = s.split("\n");
        const i = Math.floor(r() * lines.length);
        const [line] = lines.splice(i, 1);
        lines.splice(Math.floor(r() * lines.length), 0, line ?? "");
        s = lines.join("\n");
      }
    }
  }
  return s;
}

/** Check one input; returns a description of what went wrong, or null. */
export function checkInput(text: string, maxMs = 2000): string | null {
  const t0 = performance.now();
  try {
    const lineCount = text.split("\n").length;
    const loaded = loadModel(text, "fuzz.prisma", sqliteTarget);
    const results = [loaded.errors, parseModel(text, "fuzz.prisma").errors];
    // a valid model gives DDL SQLite accepts (unless it carries raw SQL of its own)
    if (loaded.schema && loaded.schema.tables.length > 0 && !/dbgenerated|Unsupported|check/.test(text)) {
      const db = new Database(":memory:");
      try {
        db.run(renderSchema(loaded.schema).join("\n"));
      } catch (e) {
        return `DDL of a valid model fails: ${(e as Error).message}`;
      } finally {
        db.close();
      }
    }
    const formatted = formatModel(text, "fuzz.prisma");
    results.push(formatted.errors);
    for (const errors of results) {
      for (const d of errors) {
        if (d.file !== "fuzz.prisma" || !(d.line >= 1 && d.line <= lineCount) || !(d.column >= 1) || !d.message) return `badly located diagnostic ${JSON.stringify(d)}`;
        if (d.message.startsWith("internal error")) return d.message;
      }
    }
    if (formatted.output !== null) {
      const again = parseModel(formatted.output, "fuzz.prisma");
      if (again.errors.length) return `formatted output does not parse: ${again.errors[0]!.message}`;
      const a = JSON.stringify(stripLocations(parseModel(text, "fuzz.prisma").ast));
      const b = JSON.stringify(stripLocations(again.ast));
      if (a !== b) return "format changed the syntax tree";
    }
  } catch (e) {
    return `exception: ${(e as Error)?.stack ?? String(e)}`;
  }
  const ms = performance.now() - t0;
  return ms > maxMs ? `took ${ms.toFixed(0)} ms` : null;
}

/** The i-th case of a seeded run: alternately random bytes and a mutated fixture. */
export function caseAt(seed: number, i: number, seeds: string[]): string {
  const r = rng(seed * 1_000_003 + i);
  return i % 2 === 0 ? randomBytes(r) : mutate(r, seeds[Math.floor(r() * seeds.length)]!);
}
