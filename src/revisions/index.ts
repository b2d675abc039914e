// Public surface of the revision engine (pure graph, specs, planning; file I/O in script-directory).
export type { MigrationFormat, RevisionMeta, StampPlan, Step } from "./types.ts";
export { RevisionGraph, type WalkOptions } from "./revision-graph.ts";
export { allCurrent, BASE, getRevision, getRevisions, resolveTarget, type Rev } from "./revision-spec.ts";
export { applyDelta, mergeParents, pendingCount, planDowngrade, planHistory, planShow, planStamp, planUpgrade } from "./plan.ts";
export { alembicSort } from "./topological-sort.ts";
export { readSqlMetadata, splitSqlMigration, type SqlLayout, type SqlSections } from "./sql-format.ts";
export { generateRevisionId, revisionIdProblem, validateRevisionId, type RandomBytes } from "./revision-id.ts";
export {
  isMigrationFileName,
  listMigrationFiles,
  loadGraph,
  loadGraphForDisplay,
  loadScriptDirectory,
  readRevisionFile,
  readRevisionSource,
  type LoadOptions,
  type ScriptDirectory,
} from "./script-directory.ts";
// Writing files (write-revision.ts, render-revision.ts) is imported from its own module by the
// commands that write: re-exported here, it would load with every command that reads.
