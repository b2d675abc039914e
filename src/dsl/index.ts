// Public API of the model DSL (DESIGN.md §5): text in, schema or located errors out. Pure: no
// file system, no database; the CLI reads the file and prints the diagnostics.

import type { Document } from "./ast";
import { DiagnosticBag, LineMap, ModelError, type Diagnostic } from "./diagnostics";
import { formatDocument } from "./format";
import { parseDocument } from "./parser";
import { buildSymbols } from "./symbols";
import { buildSchema, type Origins } from "./to-schema";
import { checkDatabaseNames } from "./validate-names";
import { validateDocument } from "./validate";
import type { ModelTarget } from "../schema/target";
import type { Schema } from "../schema/types";

export type { Diagnostic } from "./diagnostics";
export { renderDiagnostic, renderDiagnostics, ModelError } from "./diagnostics";
export { stripLocations } from "./ast";
export type * as Ast from "./ast";

export interface DatasourceSummary {
  provider: string | null;
  url: string | null;
  urlEnv: string | null;
}

export interface LoadResult {
  /** null when there are errors */
  schema: Schema | null;
  errors: Diagnostic[];
  datasource: DatasourceSummary;
}

/** Syntax only: the tree and the syntax errors (no semantic checks). */
export function parseModel(text: string, filename: string): { ast: Document; errors: Diagnostic[] } {
  const bag = new DiagnosticBag(filename, new LineMap(text));
  const ast = guarded(bag, () => parseDocument(text, bag), emptyDocument(text));
  return { ast, errors: bag.list() };
}

/**
 * The datasource provider a model file names (`provider = "postgresql"`), or null: what a
 * caller reads to pick the ModelTarget it passes to loadModel. Syntax errors are left to loadModel.
 */
export function readProvider(text: string): string | null {
  const bag = new DiagnosticBag("", new LineMap(text));
  return guarded(bag, () => buildSymbols(parseDocument(text, bag)).datasource.provider, null);
}

/**
 * Parse, validate and translate a model file to the schema Prisma would create on the provider
 * `target` serves (the caller picks it: dialect/sqlite's sqliteTarget, dialect/postgres' pgTarget).
 * @example
 *   const { schema, errors } = loadModel(text, "schema.prisma", sqliteTarget);
 *   if (!schema) throw new ModelError(errors, text);
 */
export function loadModel(text: string, filename: string, target: ModelTarget): LoadResult {
  const bag = new DiagnosticBag(filename, new LineMap(text));
  let datasource: DatasourceSummary = { provider: null, url: null, urlEnv: null };
  const schema = guarded(
    bag,
    () => {
      const ast = parseDocument(text, bag);
      const sym = buildSymbols(ast);
      const { provider, url, urlEnv } = sym.datasource;
      datasource = { provider, url, urlEnv };
      const relations = validateDocument(sym, bag, target);
      if (bag.size > 0) return null;
      const origins: Origins = new Map();
      const schema = buildSchema(sym, relations, target, origins);
      checkDatabaseNames(schema, origins, bag, target.naming?.foldCase ?? true);
      return schema;
    },
    null,
  );
  return { schema: bag.size === 0 ? schema : null, errors: bag.list(), datasource };
}

/** The schema of a model file, or a ModelError carrying every diagnostic. */
export function loadModelOrThrow(text: string, filename: string, target: ModelTarget): LoadResult & { schema: Schema } {
  const r = loadModel(text, filename, target);
  if (!r.schema) throw new ModelError(r.errors, text);
  return r as LoadResult & { schema: Schema };
}

/** Canonical Prisma-style text of a model file; null output when it has syntax errors. */
export function formatModel(text: string, filename: string): { output: string | null; errors: Diagnostic[] } {
  const bag = new DiagnosticBag(filename, new LineMap(text));
  const output = guarded(
    bag,
    () => {
      const ast = parseDocument(text, bag);
      return bag.size === 0 ? formatDocument(ast, text) : null;
    },
    null,
  );
  return { output: bag.size === 0 ? output : null, errors: bag.list() };
}

/** Last line of defence: a bug must surface as a located diagnostic, never as a crash. */
function guarded<T>(bag: DiagnosticBag, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (e) {
    bag.add(0, `internal error in the model parser (please report it): ${(e as Error)?.message ?? String(e)}`);
    return fallback;
  }
}

function emptyDocument(text: string): Document {
  return { kind: "Document", items: [], loc: { start: 0, end: text.length } };
}
