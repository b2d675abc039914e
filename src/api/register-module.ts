// Makes `import ... from "migrator"` work inside migration files wherever migrator runs — in the
// compiled binary there is no node_modules, so the module is registered with Bun's runtime
// plugin API (DESIGN.md §4). `import type` lines are erased and need nothing.

import { plugin } from "bun";

let registered = false;

/** Loads the package's public exports (src/index.ts). The package entry and the CLI provide it:
 *  this file importing the index itself would make an import circle through the API. */
let publicExports: (() => Promise<Record<string, unknown>>) | null = null;

export function provideMigratorExports(load: () => Promise<Record<string, unknown>>): void {
  publicExports ??= load;
}

/**
 * Register "migrator" with the package's public exports before any migration code is imported.
 * Called by every path that imports migration files (upgrade, downgrade, offline SQL, replay,
 * round trip), not by openMigrator: `current`, `heads` and `history` never run migration code,
 * and loading the public index plus the plugin call cost ~0.5 ms of their start-up.
 */
export async function ensureMigratorModule(): Promise<void> {
  if (registered) return;
  registerMigratorModule(publicExports ? await publicExports() : {});
}

/** The values a migration file may import from "migrator". */
export const migrationHelpers = {
  /** Mark a default as raw SQL: `default: sql("CURRENT_TIMESTAMP")`. */
  sql: (text: string) => ({ sql: text }),
};

/**
 * Register "migrator" as a built-in module. `exports` should be the package's public exports
 * (src/index.ts), so an application that imports "migrator" dynamically later still gets them.
 */
export function registerMigratorModule(exports: Record<string, unknown> = {}): void {
  if (registered) return;
  registered = true;
  const all = { ...exports, ...migrationHelpers };
  plugin({
    name: "migrator-builtin-module",
    setup(build) {
      build.module("migrator", () => ({ exports: { ...all, default: all }, loader: "object" }));
    },
  });
}
