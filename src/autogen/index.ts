// Autogenerate's public surface: compare two schemas, describe and render the operations.
export { compareSchemas, diffSchemas, byDependency } from "./compare";
export type { CompareOptions, CompareResult, RenameQuestion, AskRename, RenamePlan } from "./compare";
export { describeOperation, destructiveReason, isDestructive, parseEnumCheck, describeEnumChange } from "./describe";
export { renderMigrationBody, renderOp } from "./render";
export type { RenderedMigration } from "./render";
export { reverseOperations } from "./reverse";
