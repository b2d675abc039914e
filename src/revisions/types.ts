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
