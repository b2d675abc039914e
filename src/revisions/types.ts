// Revision metadata as read statically from a migration file (never executed for graph work).

export type MigrationFormat = "ts" | "sql";

export interface RevisionMeta {
  revision: string;
  /** Parents; empty for a base revision, two or more for a merge. */
  downRevisions: string[];
  branchLabels: string[];
  dependsOn: string[];
  message: string;
  createDate: string | null;
  /** false when the file declares `export const transactional = false` (or `-- transactional: false`). */
  transactional: boolean;
  /** Path relative to the migrations folder. */
  path: string;
  format: MigrationFormat;
}

/**
 * One step of an upgrade/downgrade plan. `removeHeads`/`addHeads` is the version-table delta
 * the executor applies after running the migration (Alembic keeps one row per head).
 */
export interface Step {
  revision: RevisionMeta;
  direction: "up" | "down";
  removeHeads: string[];
  addHeads: string[];
}

/** The version-table change `stamp` makes; nothing is executed. */
export interface StampPlan {
  removeHeads: string[];
  addHeads: string[];
}
