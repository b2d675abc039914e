// The model file on its own: `validate`, `format` and `ddl`. Reads the file named by the
// configuration (or an explicit path) and hands the text to the pure DSL.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { renderSchema } from "../dialect/sqlite/sqlite-ddl";
import { sqliteTarget } from "../dialect/sqlite/sqlite-target";
import { formatModel, loadModel, ModelError, readProvider } from "../dsl";
import { DifferenceError, UsageError } from "../errors";
import type { ModelTarget } from "../schema/target";
import type { Schema } from "../schema/types";

const isPostgres = (provider: string | null) => provider === "postgresql" || provider === "postgres";

/** The model target of a provider: PostgreSQL's (loaded only when a model names it), else SQLite's. */
export function modelTargetFor(provider: string | null): ModelTarget {
  if (isPostgres(provider)) return (require("../dialect/postgres/pg-target") as typeof import("../dialect/postgres/pg-target")).pgTarget;
  return sqliteTarget;
}

export interface ModelFile {
  path: string;
  /** The name errors show: relative to the working directory. */
  display: string;
  text: string;
}

export function readModelFile(path: string, cwd: string = process.cwd()): ModelFile {
  const abs = resolve(cwd, path);
  const display = relative(cwd, abs) || abs;
  if (!existsSync(abs)) {
    throw new UsageError("model_missing", `model file not found: ${display}`, {
      hint: "set `schema` in migrator.toml or pass --schema PATH (`migrator init` writes a starter file)",
    });
  }
  let text: string;
  try {
    text = readFileSync(abs, "utf8");
  } catch (e) {
    throw new UsageError("model_unreadable", `${display}: cannot read model file (${(e as Error).message})`);
  }
  return { path: abs, display, text };
}

/** Parse and validate; throws a ModelError (exit 2) listing every located error. */
export function validateModel(file: ModelFile): { schema: Schema; tables: number; provider: string | null } {
  // unknown providers are reported by the DSL's validation, with their location
  const r = loadModel(file.text, file.display, modelTargetFor(readProvider(file.text)));
  if (!r.schema) throw new ModelError(r.errors, file.text);
  return { schema: r.schema, tables: r.schema.tables.length, provider: r.datasource.provider };
}

/** Canonical formatting; with `check`, a DifferenceError (exit 3) if the file would change. */
export function formatModelFile(file: ModelFile, opts: { check?: boolean; write?: boolean } = {}): { changed: boolean } {
  const r = formatModel(file.text, file.display);
  if (r.output === null) throw new ModelError(r.errors, file.text);
  const changed = r.output !== file.text;
  if (opts.check) {
    if (changed) {
      throw new DifferenceError("format_changes", `${file.display}: not formatted`, { hint: "run `migrator format` to rewrite it" });
    }
    return { changed };
  }
  if (changed && opts.write !== false) writeFileSync(file.path, r.output);
  return { changed };
}

/** The statements that create the model on an empty database. */
export function modelDdl(file: ModelFile): string[] {
  const { schema, provider } = validateModel(file);
  if (isPostgres(provider)) return (require("../dialect/postgres/pg-ddl") as typeof import("../dialect/postgres/pg-ddl")).renderSchema(schema);
  return renderSchema(schema);
}
