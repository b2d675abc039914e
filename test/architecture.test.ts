// Guards the layering of DESIGN.md §3 (STYLE.md habit 11): reads every import line under src/
// and fails when a lower layer imports an upper one, when a pure layer does I/O, or when
// bun:sqlite, citty or consola appear outside their one home.

import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
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
}

const imports: Import[] = files(SRC).flatMap((abs) => {
  const text = readFileSync(abs, "utf8");
  const out: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4] ?? m[5]!;
    const target = spec.startsWith(".") ? relative(SRC, resolve(dirname(abs), spec)).replace(/\.ts$/, "") : spec;
    out.push({ file: relative(SRC, abs), target, typeOnly: !!m[2], project: spec.startsWith(".") });
  }
  return out;
});

const area = (p: string) => (p.includes("/") ? p.split("/")[0]! : p.replace(/\.ts$/, ""));

/** What each area may import (project areas); anything not listed is forbidden. */
const ALLOWED: Record<string, string[]> = {
  errors: [],
  schema: ["errors"],
  dsl: ["errors", "schema", "dialect"], // dialect: only the pure quoting helpers, checked below
  revisions: ["errors"],
  dialect: ["errors", "schema", "ops"], // ops: types only, checked below
  ops: ["errors", "schema", "dialect"],
  autogen: ["errors", "schema", "ops", "dialect"],
  engine: ["errors", "schema", "ops", "dialect", "revisions"],
  api: ["errors", "schema", "ops", "dialect", "revisions", "dsl", "autogen", "engine", "api", "index"],
  cli: ["errors", "api", "cli"],
  index: ["api", "ops", "schema", "revisions", "engine", "errors"],
};

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

  test("dsl/ uses only the pure quoting helpers of dialect/", () => {
    const bad = imports.filter((i) => i.file.startsWith("dsl/") && i.target.startsWith("dialect/") && i.target !== "dialect/sqlite/sqlite-quote");
    expect(bad.map((i) => `${i.file} imports ${i.target}`)).toEqual([]);
  });

  // revisions/ reads migration files in script-directory.ts and writes new ones in
  // write-revision.ts (split so that reading commands don't load the writer)
  test("the pure layers do no I/O: no node:fs, bun: modules or Bun globals in schema/, dsl/, autogen/, revisions/ (but script-directory.ts and write-revision.ts)", () => {
    const io = ["revisions/script-directory.ts", "revisions/write-revision.ts"];
    const pure = (f: string) => /^(schema|dsl|autogen)\//.test(f) || (f.startsWith("revisions/") && !io.includes(f));
    const bad = imports.filter((i) => pure(i.file) && (/^node:(fs|child_process|net|os)/.test(i.target) || i.target.startsWith("bun")));
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
