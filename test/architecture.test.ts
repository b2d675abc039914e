// Guards the layering of DESIGN.md §3 (STYLE.md habit 11): reads every import line under src/
// and fails when a lower layer imports an upper one, when a pure layer does I/O, or when
// bun:sqlite, citty or consola appear outside their one home.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";

const SRC = resolve(import.meta.dir, "../src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

interface Import {
  file: string; // relative to src/
  target: string; // relative to src/ for project files, else the bare specifier
  typeOnly: boolean;
  /** a relative import of another file of the project */
  project: boolean;
  /** import() or require(): loaded when first used */
  lazy: boolean;
  /** the names a static import takes, as written between braces */
  names: string;
}

const imports: Import[] = files(SRC).flatMap((abs) => {
  const text = readFileSync(abs, "utf8");
  const out: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?([^;]*?)from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[4] ?? m[5] ?? m[6] ?? m[7]!;
    let target = spec.startsWith(".") ? relative(SRC, resolve(dirname(abs), spec)).replace(/\.ts$/, "") : spec;
    if (spec.startsWith(".") && existsSync(join(SRC, target)) && statSync(join(SRC, target)).isDirectory()) target += "/index";
    out.push({ file: relative(SRC, abs), target, typeOnly: !!m[2], project: spec.startsWith("."), lazy: m[6] !== undefined || m[7] !== undefined, names: m[3] ?? "" });
  }
  return out;
});

/** Strongly connected groups of more than one file in the graph of runtime imports. */
function cycles(): string[][] {
  const edges = new Map<string, string[]>();
  for (const i of imports) {
    if (!i.project || i.typeOnly || i.target.endsWith(".json")) continue;
    const from = i.file.replace(/\.ts$/, "");
    edges.set(from, [...(edges.get(from) ?? []), i.target]);
  }
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) out.push(group.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return out;
}

const area = (p: string) => (p.includes("/") ? p.split("/")[0]! : p.replace(/\.ts$/, ""));

/** What each area may import (project areas); anything not listed is forbidden. */
const ALLOWED: Record<string, string[]> = {
  errors: [],
  sys: [], // file reading and path arithmetic without node:fs/node:path (start-up); imports nothing
  schema: ["errors"],
  dsl: ["errors", "schema"],
  revisions: ["errors", "sys"],
  dialect: ["errors", "schema", "ops", "sys"], // ops: types only, checked below
  ops: ["errors", "schema", "dialect"], // dialect: the neutral interface only, checked below
  autogen: ["errors", "schema", "ops"],
  engine: ["errors", "schema", "ops", "dialect", "revisions", "sys"], // dialect: the interface only
  api: ["errors", "schema", "ops", "dialect", "revisions", "dsl", "autogen", "engine", "api", "sys"],
  cli: ["errors", "api", "cli", "index", "sys"], // index: the exports migration files import, loaded lazily
  index: ["api", "ops", "schema", "revisions", "engine", "errors"],
};

/** A dialect implementation: anything under dialect/ but the neutral interface. */
const isImplementation = (target: string) => target.startsWith("dialect/") && target !== "dialect/dialect";

describe("architecture", () => {
  test("every import stays within the layering of DESIGN.md §3", () => {
    const bad = imports
      .filter((i) => i.project && !i.target.endsWith(".json")) // package.json: the version number
      .filter((i) => {
        const from = area(i.file);
        const to = area(i.target);
        return from !== to && !(ALLOWED[from] ?? []).includes(to);
      })
      .map((i) => `${i.file} imports ${i.target}`);
    expect(bad).toEqual([]);
  });

  test("dialect/ imports only types from ops/", () => {
    const bad = imports.filter((i) => i.file.startsWith("dialect/") && i.target.startsWith("ops/") && !i.typeOnly && i.target !== "ops/types");
    expect(bad.map((i) => `${i.file} imports ${i.target}`)).toEqual([]);
  });

  test("the Dialect seam: only dialect/ itself and the composition root in api/ import a dialect implementation", () => {
    const bad = imports.filter((i) => i.project && isImplementation(i.target) && !i.file.startsWith("dialect/") && !i.file.startsWith("api/"));
    expect(bad.map((i) => `${i.file} imports ${i.target}`)).toEqual([]);
  });

  test("dsl/, schema/, revisions/ and autogen/ import no dialect at all, not even the interface", () => {
    const bad = imports.filter((i) => /^(dsl|schema|revisions|autogen)\//.test(i.file) && i.target.startsWith("dialect"));
    expect(bad.map((i) => `${i.file} imports ${i.target}`)).toEqual([]);
  });

  test("one dialect never imports another's code, except PostgreSQL using SQLite's pure expression helpers", () => {
    const pure = new Set(["dialect/sqlite/sqlite-apply-operation", "dialect/sqlite/sqlite-affinity", "dialect/sqlite/sqlite-tokenizer"]);
    const bad = imports.filter((i) => {
      const from = /^dialect\/(sqlite|postgres)\//.exec(i.file)?.[1];
      const to = /^dialect\/(sqlite|postgres)\//.exec(i.target)?.[1];
      return from && to && from !== to && !(from === "postgres" && pure.has(i.target));
    });
    expect(bad.map((i) => `${i.file} imports ${i.target}`)).toEqual([]);
  });

  test("PostgreSQL's code loads lazily: the API reaches dialect/postgres only through import() or require()", () => {
    const eager = imports.filter((i) => i.file.startsWith("api/") && i.target.startsWith("dialect/postgres") && !i.lazy && !i.typeOnly);
    expect(eager.map((i) => `${i.file} imports ${i.target}`)).toEqual([]);
  });

  test("Bun.SQL is used only by the PostgreSQL dialect's session", () => {
    const users = [...new Set(imports.filter((i) => i.target === "bun" && i.names.includes("SQL")).map((i) => i.file))];
    expect(users).toEqual(["dialect/postgres/pg-session.ts"]);
  });

  test("no import circles among the files of src/ (runtime imports, lazy ones included)", () => {
    expect(cycles()).toEqual([]);
  });

  // revisions/ reads migration files in script-directory.ts, writes new ones in
  // write-revision.ts (split so that reading commands don't load the writer) and keeps the
  // metadata cache of large folders in metadata-cache.ts
  test("the pure layers do no I/O: no node:fs, sys/files, bun: modules or Bun globals in schema/, dsl/, autogen/, revisions/ (but script-directory.ts, write-revision.ts and metadata-cache.ts)", () => {
    const io = ["revisions/script-directory.ts", "revisions/write-revision.ts", "revisions/metadata-cache.ts"];
    const pure = (f: string) => /^(schema|dsl|autogen)\//.test(f) || (f.startsWith("revisions/") && !io.includes(f));
    const bad = imports.filter((i) => pure(i.file) && (/^node:(fs|child_process|net|os)/.test(i.target) || i.target.startsWith("bun") || i.target === "sys/files"));
    expect(bad.map((i) => `${i.file} imports ${i.target}`)).toEqual([]);
  });

  test("bun:sqlite is imported only by dialect/sqlite/sqlite-connection.ts", () => {
    const users = [...new Set(imports.filter((i) => i.target === "bun:sqlite").map((i) => i.file))];
    expect(users).toEqual(["dialect/sqlite/sqlite-connection.ts"]);
  });

  test("citty and consola are imported only under cli/", () => {
    const bad = imports.filter((i) => (i.target === "citty" || i.target.startsWith("consola")) && !i.file.startsWith("cli/"));
    expect(bad.map((i) => `${i.file} imports ${i.target}`)).toEqual([]);
  });

  test("no file under src/ passes 400 lines by much (split along a seam)", () => {
    const long = files(SRC)
      .map((f) => ({ f: relative(SRC, f), n: readFileSync(f, "utf8").split("\n").length }))
      .filter((x) => x.n > 450)
      .map((x) => `${x.f}: ${x.n} lines`);
    expect(long).toEqual([]);
  });
});

// `current`, `heads` and `history` start without node:fs and node:path (sys/files.ts says why):
// the modules they load statically must not bring them back
describe("start-up stays free of node:fs and node:path", () => {
  const eagerFrom = (start: string[]): Set<string> => {
    const seen = new Set<string>();
    const todo = [...start];
    while (todo.length) {
      const f = todo.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      for (const i of imports) if (i.file.replace(/\.ts$/, "") === f && i.project && !i.typeOnly && !i.lazy) todo.push(i.target);
    }
    return seen;
  };
  test("the CLI entry, the read-only commands and the API they open import neither, except lazily", () => {
    const reach = eagerFrom(["cli/main", "cli/commands/current", "cli/commands/heads", "cli/commands/history", "api/migrator", "dialect/sqlite/index", "revisions/script-directory"]);
    const bad = imports.filter((i) => reach.has(i.file.replace(/\.ts$/, "")) && !i.lazy && !i.typeOnly && /^(node:)?(fs|path)$/.test(i.target));
    expect(bad.map((i) => `${i.file} imports ${i.target}`)).toEqual([]);
  });
});
