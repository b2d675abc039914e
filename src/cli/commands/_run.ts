// What upgrade and downgrade share: their flags, the offline (--sql) branch and the report.
import type { RunResult } from "../../api/migrator";
import { context, migrator } from "../_shared";

export const runArgs = {
  sql: { type: "boolean", description: "print the SQL instead of running it (offline mode)" },
  backup: { type: "boolean", description: "copy the database (VACUUM INTO) before changing it" },
} as const;

export async function runCommand(direction: "up" | "down", target: string, args: { sql?: boolean; backup?: boolean }): Promise<void> {
  const { out } = context();
  const m = await migrator();
  if (args.sql) {
    const { offlineSql } = await import("../../api/offline");
    const text = await offlineSql(m, direction, target);
    out.print(text);
    out.result({ sql: text });
    return;
  }
  const opts = { backup: args.backup ? true : undefined };
  reportRun(direction === "up" ? await m.upgrade(target, opts) : await m.downgrade(target, opts), direction === "up" ? "upgrade" : "downgrade");
}

export function reportRun(r: RunResult, verb: "upgrade" | "downgrade"): void {
  const { out } = context();
  for (const m of r.modified ?? []) out.log.warn(`migration ${m.revision} (${m.path}) was changed after it was applied; the change is not run`);
  if (r.backup) out.log.info(`backup written to ${r.backup}`);
  if (r.steps.length === 0) out.log.info(`Nothing to ${verb}: database is at ${r.to.join(", ") || "<base>"}`);
  else out.log.success(`${r.steps.length} migration(s) ${verb === "upgrade" ? "applied" : "reverted"}; database is now at ${r.to.join(", ") || "<base>"}`);
  out.result({ from: r.from, to: r.to, steps: r.steps.map((s) => ({ ...s, durationMs: Math.round(s.durationMs * 1000) / 1000 })), backup: r.backup, modified: r.modified ?? [] });
}
