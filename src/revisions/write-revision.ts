// Writes new revision and merge files (`revision`, `merge`): a module of its own, loaded by the
// commands that write, so the commands that only read (`current`, `heads`, `upgrade`) don't
// load the file templates. Never overwrites a file.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { RevisionError } from "../errors.ts";
import { readSqlMetadata } from "./sql-format.ts";
import type { RevisionGraph } from "./revision-graph.ts";
import { cryptoRandomBytes, generateRevisionId, type RandomBytes, validateRevisionId } from "./revision-id.ts";
import { multipleHeads, resolveTarget } from "./revision-spec.ts";
import { mergeParents } from "./plan.ts";
import { DEFAULT_FILE_TEMPLATE, formatCreateDate, formatFileName, renderSqlRevision, renderTsRevision, slugify } from "./render-revision.ts";
import { loadScriptDirectory, readTsMetadata } from "./script-directory.ts";
import type { MigrationFormat, RevisionMeta } from "./types.ts";

export interface WriteRevisionOptions {
  dir: string;
  message: string;
  /** The graph of `dir` if already loaded (else it is loaded). */
  graph?: RevisionGraph;
  /** Revision to revise (a spec: head, label@head, an id, base). Default "head". */
  head?: string;
  /** Allow `head` to be a non-head revision, starting a new branch. */
  splice?: boolean;
  branchLabel?: string | string[];
  /** Specs (ids, prefixes, labels) of revisions this one depends on. */
  dependsOn?: string[];
  revId?: string;
  sql?: boolean;
  transactional?: boolean;
  /** Code of upgrade()/downgrade() (TS) or SQL of the sections (sql: true). */
  upgrade?: string;
  downgrade?: string;
  fileTemplate?: string;
  now?: Date;
  randomBytes?: RandomBytes;
}

export interface WrittenRevision {
  /** Path of the new file (dir joined with the file name). */
  path: string;
  meta: RevisionMeta;
}

/** Creates a new migration file revising the current head (or `head`). Never overwrites. */
export function writeRevision(opts: WriteRevisionOptions): WrittenRevision {
  const graph = opts.graph ?? loadScriptDirectory(opts.dir).graph;
  let downRevisions: string[];
  const headSpec = opts.head ?? "head";
  if (headSpec === "head" && graph.size === 0) downRevisions = [];
  else if (headSpec === "head" && graph.heads().length > 1) {
    const err = multipleHeads(graph.heads());
    throw new RevisionError("multiple_heads", err.message, {
      hint: `the heads are ${graph.heads().join(", ")}: run \`migrator merge heads\` first, or pass a head (e.g. --head ${graph.heads()[0]}) to create a branch`,
    });
  } else {
    downRevisions = resolveTarget(graph, headSpec, []).ids;
    for (const id of downRevisions) {
      if (graph.children(id).length > 0 && !opts.splice) {
        throw new RevisionError("not_a_head", `Revision ${id} is not a head revision`, { hint: "pass splice to create a new branch from it" });
      }
    }
  }
  return write(graph, opts, downRevisions);
}

export interface WriteMergeOptions extends Omit<WriteRevisionOptions, "head" | "splice"> {
  /** Specs of the revisions to merge (ids, prefixes, labels, `heads`). */
  revisions: string[];
}

/** Writes a merge revision whose downRevisions are the given revisions. */
export function writeMerge(opts: WriteMergeOptions): WrittenRevision {
  const graph = opts.graph ?? loadScriptDirectory(opts.dir).graph;
  // Alembic's merge: the parents are the denoted heads in order; one head gives a plain child
  const ids = mergeParents(graph, opts.revisions);
  return write(graph, { ...opts, message: opts.message || "empty message" }, ids);
}

function write(graph: RevisionGraph, opts: WriteRevisionOptions, downRevisions: string[]): WrittenRevision {
  const now = opts.now ?? new Date();
  let revision: string;
  if (opts.revId !== undefined) {
    validateRevisionId(opts.revId);
    if (graph.has(opts.revId) || graph.labelRevision(opts.revId) !== undefined) {
      throw new RevisionError("duplicate_revision", `revision id '${opts.revId}' is already used by ${graph.has(opts.revId) ? graph.get(opts.revId).path : "a branch label"}`);
    }
    revision = opts.revId;
  } else {
    revision = generateRevisionId((id) => graph.has(id), opts.randomBytes ?? cryptoRandomBytes);
  }
  const labels = opts.branchLabel === undefined ? [] : Array.isArray(opts.branchLabel) ? opts.branchLabel : [opts.branchLabel];
  for (const label of labels) {
    validateRevisionId(label, "branch label");
    if (graph.labelRevision(label) !== undefined || graph.has(label)) {
      throw new RevisionError("duplicate_label", `branch label '${label}' is already used`);
    }
  }
  const dependsOn = (opts.dependsOn ?? []).flatMap((spec) => resolveTarget(graph, spec, []).ids);
  const format: MigrationFormat = opts.sql ? "sql" : "ts";
  const fileName = formatFileName(opts.fileTemplate ?? DEFAULT_FILE_TEMPLATE, { rev: revision, slug: slugify(opts.message), now }, format);
  const input = {
    revision,
    downRevisions,
    branchLabels: labels,
    dependsOn,
    message: opts.message,
    createDate: formatCreateDate(now),
    transactional: opts.transactional ?? true,
    upgrade: opts.upgrade ?? "",
    downgrade: opts.downgrade ?? "",
  };
  const text = format === "sql" ? renderSqlRevision(input) : renderTsRevision(input);
  const path = join(opts.dir, fileName);
  try {
    writeFileSync(path, text, { flag: "wx" });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "EEXIST") throw new RevisionError("file_exists", `${path} already exists; not overwriting it`, { cause: e });
    if (code === "ENOENT") throw new RevisionError("migrations_dir_missing", `migrations folder '${opts.dir}' does not exist`, { hint: "run `migrator init`", cause: e });
    throw new RevisionError("write_failed", `can't write ${path}: ${(e as Error).message}`, { cause: e });
  }
  // Read back through the same reader the graph uses, so the result is what `heads` will see.
  const meta = format === "sql" ? readSqlMetadata(text, fileName) : readTsMetadata(text, fileName);
  return { path, meta };
}
