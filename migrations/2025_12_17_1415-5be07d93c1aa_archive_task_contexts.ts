/**
 * archive task contexts (another developer's branch, made in parallel)
 *
 * Revision ID: 5be07d93c1aa
 * Revises: a81c55e0b9f2
 * Create Date: 2025-12-17 14:15:00
 */
import type { Op } from "migrator";

export const revision = "5be07d93c1aa";
export const downRevision: string | string[] | null = "a81c55e0b9f2";
export const branchLabels: string[] | null = null;
export const dependsOn: string[] | null = null;

export async function upgrade(op: Op) {
  op.addColumn("task_contexts", { name: "archived_at", type: "DATETIME" });
  op.createIndex("task_contexts_archived_at_idx", "task_contexts", ["archived_at"]);
}

export async function downgrade(op: Op) {
  op.dropIndex("task_contexts_archived_at_idx");
  op.dropColumn("task_contexts", "archived_at");
}
