// State shared by the command files: the global flags and the output, set once by main.ts,
// plus the small formatting helpers several commands use (Alembic's line formats).

import type { Migrator, RevisionInfo } from "../api/migrator";
import type { GlobalFlags } from "./_argv";
import { isTTY, writeFd, type Output } from "./_output";

interface CliContext {
  globals: GlobalFlags;
  out: Output;
}

let ctx: CliContext | null = null;

export function setContext(c: CliContext): void {
  ctx = c;
}

export function context(): CliContext {
  if (!ctx) throw new Error("CLI context not set");
  return ctx;
}

/** Open the API with the global flags applied; closed by main.ts after the command. */
let opened: Migrator | null = null;
export async function migrator(extra: { schema?: string } = {}): Promise<Migrator> {
  const { globals, out } = context();
  const { openMigrator } = await import("../api/migrator");
  opened = await openMigrator({
    config: globals.config,
    database: globals.db,
    ...extra,
    // migration files may `import ... from "migrator"`: the package's exports, loaded if one does
    migratorExports: async () => (await import("../index")) as unknown as Record<string, unknown>,
    onEvent: (e) => {
      // quiet: don't even load the logger (a long run would format a line per step for nothing)
      if (globals.quiet) return;
      if (e.type === "step-start") {
        const s = e.step;
        const parents = s.revision.downRevisions.join(", ") || "<base>";
        const from = s.direction === "up" ? parents : s.revision.revision;
        const to = s.direction === "up" ? s.revision.revision : parents;
        out.log.info(`Running ${s.direction === "up" ? "upgrade" : "downgrade"} ${from} -> ${to}, ${s.revision.message}`);
      } else if (e.type === "progress" && !globals.json && isTTY(2)) {
        writeFd(2, `\r  copying ${e.table}: ${e.copied}/${e.total} rows${e.copied >= e.total ? "\n" : ""}`);
      }
    },
  });
  return opened;
}

export async function closeOpened(): Promise<void> {
  const m = opened;
  opened = null;
  try {
    await m?.close();
  } catch {
    /* closing a connection that failed: the error that matters was reported */
  }
}

export function tags(r: RevisionInfo): string {
  const t: string[] = [];
  if (r.branchLabels.length) t.push(`(${r.branchLabels.join(", ")})`);
  if (r.isHead) t.push("(head)");
  if (r.isBranchPoint) t.push("(branchpoint)");
  if (r.isMergePoint) t.push("(mergepoint)");
  if (r.isCurrent) t.push("(current)");
  return t.length ? " " + t.join(" ") : "";
}

/** `1a2b -> 3c4d (head), message` — Alembic's one-line form. */
export function shortLine(r: RevisionInfo): string {
  const from = r.downRevisions.length ? r.downRevisions.join(", ") : "<base>";
  return `${from} -> ${r.revision}${tags(r)}, ${r.message}`;
}

/** Alembic's --verbose block. */
export function verboseBlock(r: RevisionInfo): string {
  const lines = [`Rev: ${r.revision}${tags(r)}`];
  if (r.downRevisions.length > 1) lines.push(`Merges: ${r.downRevisions.join(", ")}`);
  else lines.push(`Parent: ${r.downRevisions[0] ?? "<base>"}`);
  if (r.dependsOn.length) lines.push(`Also depends on: ${r.dependsOn.join(", ")}`);
  if (r.branchLabels.length) lines.push(`Branch names: ${r.branchLabels.join(", ")}`);
  lines.push(`Path: ${r.path}`);
  lines.push("");
  lines.push(`    ${r.message}`);
  if (r.createDate) lines.push("", `    Create Date: ${r.createDate}`);
  lines.push("");
  return lines.join("\n");
}
