/**
 * initial schema
 *
 * Revision ID: 261b037d15fa
 * Revises:
 * Create Date: 2025-12-14 12:20:31
 */
import type { Op } from "migrator";

export const revision = "261b037d15fa";
export const downRevision: string | string[] | null = null;
export const branchLabels: string[] | null = null;
export const dependsOn: string[] | null = null;

export async function upgrade(op: Op) {
  op.createTable("task_contexts", [
    { name: "id", type: "INTEGER", primaryKey: true, autoincrement: true, nullable: false },
    { name: "name", type: "TEXT", nullable: false },
    { name: "description", type: "TEXT" },
    { name: "status", type: "TEXT", nullable: false, default: "active" },
    { name: "created_at", type: "DATETIME", nullable: false, default: { sql: "CURRENT_TIMESTAMP" } },
  ]);
  op.createIndex("task_contexts_name_key", "task_contexts", ["name"], { unique: true });
  op.createTable(
    "artifacts",
    [
      { name: "id", type: "INTEGER", primaryKey: true, autoincrement: true, nullable: false },
      { name: "task_context_id", type: "INTEGER", nullable: false },
      { name: "kind", type: "TEXT", nullable: false },
      { name: "content", type: "TEXT", nullable: false },
      { name: "status", type: "TEXT", nullable: false, default: "active" },
      { name: "created_at", type: "DATETIME", nullable: false, default: { sql: "CURRENT_TIMESTAMP" } },
    ],
    {
      foreignKeys: [
        {
          name: "artifacts_task_context_id_fkey",
          columns: ["task_context_id"],
          refTable: "task_contexts",
          refColumns: ["id"],
          onDelete: "CASCADE",
          onUpdate: "CASCADE",
        },
      ],
    },
  );
  op.createIndex("artifacts_task_context_id_idx", "artifacts", ["task_context_id"]);
}

export async function downgrade(op: Op) {
  op.dropTable("artifacts");
  op.dropTable("task_contexts");
}
