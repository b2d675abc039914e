/**
 * merge branches
 *
 * Revision ID: e6f0b2d4c8a1
 * Revises: c4d2e8f1a7b3, 5be07d93c1aa
 * Create Date: 2025-12-18 09:00:00
 */
import type { Op } from "migrator";

export const revision = "e6f0b2d4c8a1";
export const downRevision: string | string[] | null = ["c4d2e8f1a7b3", "5be07d93c1aa"];
export const branchLabels: string[] | null = null;
export const dependsOn: string[] | null = null;

export async function upgrade(_op: Op) {}

export async function downgrade(_op: Op) {}
