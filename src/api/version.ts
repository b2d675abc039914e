// Version information printed by `migrator --version`: the package version (inlined at build
// time), the platform target and the SQLite library the runtime carries.

import pkg from "../../package.json" with { type: "json" };
import { sqliteVersion } from "../dialect/sqlite/sqlite-connection";

declare const MIGRATOR_TARGET: string | undefined;

export function versionInfo(): { version: string; target: string; sqlite: string; bun: string } {
  const target = typeof MIGRATOR_TARGET === "string" ? MIGRATOR_TARGET : `${process.platform}-${process.arch}`;
  return { version: pkg.version, target, sqlite: sqliteVersion(), bun: Bun.version };
}
