// Public surface of the revision engine (pure graph, specs, planning; file I/O in script-directory).
export type { MigrationFormat, RevisionMeta, StampPlan, Step } from "./types.ts";
export { RevisionGraph, type WalkOptions } from "./revision-graph.ts";
export { resolveTarget, type ResolvedTarget } from "./revision-spec.ts";
export { applyDelta, planDowngrade, planStamp, planUpgrade } from "./plan.ts";
export { readSqlMetadata, splitSqlMigration, type SqlLayout, type SqlSections } from "./sql-format.ts";
export { generateRevisionId, revisionIdProblem, validateRevisionId, type RandomBytes } from "./revision-id.ts";
export { DEFAULT_FILE_TEMPLATE, formatCreateDate, formatFileName, renderSqlRevision, renderTsRevision, slugify, type RenderInput } from "./render-revision.ts";
export {
  isMigrationFileName,
  listMigrationFiles,
  loadGraph,
  loadScriptDirectory,
  readRevisionFile,
  readRevisionSource,
  writeMerge,
  writeRevision,
  type LoadOptions,
  type ScriptDirectory,
  type WriteMergeOptions,
  type WriteRevisionOptions,
  type WrittenRevision,
} from "./script-directory.ts";
