/**
 * add priority to artifacts
 *
 * A data migration in three steps, as in the Alembic guide: add the column as nullable, fill
 * it, then make it NOT NULL (one ALTER on SQLite 3.53+; an older SQLite re-creates the table,
 * keeping its rows, indexes and foreign keys).
 *
 * Revision ID: a81c55e0b9f2
 * Revises: 3f9a1c2b7d4e
 * Create Date: 2025-12-16 11:00:00
 */
import type { Op } from "migrator";

export const revision = "a81c55e0b9f2";
export const downRevision: string | string[] | null = "3f9a1c2b7d4e";
export const branchLabels: string[] | null = null;
export const dependsOn: string[] | null = null;

export async function upgrade(op: Op) {
  op.addColumn("artifacts", { name: "priority", type: "INTEGER", nullable: true });
  await op.execute("UPDATE artifacts SET priority = CASE WHEN status = 'active' THEN 1 ELSE 0 END");
  op.alterColumn("artifacts", "priority", { nullable: false });
}

export async function downgrade(op: Op) {
  op.dropColumn("artifacts", "priority");
}
