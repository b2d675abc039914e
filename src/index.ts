// The package entry: `import { openMigrator } from "migrator"`. Also what migration files may
// import (types, and the `sql` helper for raw defaults).

export { openMigrator, Migrator } from "./api/migrator";
export type { OpenMigratorOptions, RevisionInfo, RunResult, CurrentResult, RevisionOptions } from "./api/migrator";
export { initProject } from "./api/init";
export type { Config } from "./api/config";
export { migrationHelpers } from "./api/register-module";
import { provideMigratorExports } from "./api/register-module";

// migration files that `import { sql } from "migrator"` get this module's exports
provideMigratorExports(async () => (await import("./index")) as unknown as Record<string, unknown>);
export const sql = (text: string) => ({ sql: text });
export type {
  Op,
  ColumnSpec,
  CreateTableOptions,
  AlterColumnSpec,
  IndexSpec,
  ForeignKeySpec,
  DefaultValue,
  SqlParam,
  Operation,
} from "./ops/types";
export type { Schema, Table, Column, Index, ForeignKey } from "./schema/types";
export type { RevisionMeta } from "./revisions/types";
export type { StepResult, RunEvent } from "./engine/runner";
export {
  MigratorError,
  UsageError,
  RevisionError,
  DatabaseError,
  MigrationFailedError,
  DifferenceError,
  ExitCode,
} from "./errors";
