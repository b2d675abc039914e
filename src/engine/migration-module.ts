// Loads one migration file for execution (the only place migration code is imported) and runs
// its upgrade() or downgrade() against the op runner. TypeScript files are imported by the Bun
// runtime (inside the compiled binary too); SQL files are split into statements and run one by one
// so a failure names the statement and its line.

import { readFileSync } from "node:fs";
import { MigrationFailedError, MigratorError, UsageError } from "../errors";
import type { OpRunner } from "../ops/op-runner";
import type { Op } from "../ops/types";
import { splitSqlMigration, type SqlLayout } from "../revisions";
import { checksumOf } from "../revisions/script-directory";

export type Direction = "up" | "down";

export interface LoadedMigration {
  path: string;
  checksum: string;
  format: "ts" | "sql";
  /** Runs the migration one way: synchronously for a SQL file (a long run of small SQL files
   *  spends no promise per step), through a promise for a TypeScript one. */
  run(direction: Direction, runner: Pick<OpRunner, "op" | "executeNow" | "split">): void | Promise<void>;
}


type MigrationFn = (op: Op) => unknown;

/**
 * Load a migration for running. `text` is the file's text if the caller has just read it (the
 * script directory reads every file for its metadata); the checksum is then taken from it,
 * which equals the checksum of the bytes unless the file is not valid UTF-8 (then it is read).
 */
export function loadMigration(absPath: string, revision: string, format: "ts" | "sql", text?: string, layout?: SqlLayout): LoadedMigration | Promise<LoadedMigration> {
  let checksum: string;
  if (text === undefined || text.includes("\uFFFD")) {
    layout = undefined; // found in a text that is not the file's
    let bytes: Buffer;
    try {
      bytes = readFileSync(absPath);
    } catch (e) {
      throw new UsageError("migration_unreadable", `${absPath}: cannot read migration file (${(e as Error).message})`);
    }
    checksum = checksumOf(bytes);
    text = bytes.toString("utf8");
  } else checksum = checksumOf(text);
  if (format === "sql") {
    const sections = splitSqlMigration(text, absPath, layout);
    return {
      path: absPath,
      checksum,
      format: "sql",
      run(direction, runner) {
        const section =
          direction === "up"
            ? { sql: sections.up, line: sections.upLine + 1 }
            : sections.down === null
              ? null
              : { sql: sections.down, line: (sections.downLine ?? 0) + 1 };
        if (section === null) {
          throw new UsageError("migration_no_down", `${absPath}: has no -- migrate:${direction} section`, {
            hint: direction === "down" ? "add a `-- migrate:down` section to make this migration reversible" : undefined,
          });
        }
        const statements = runner.split(section.sql);
        const where = (st: { line: number }) => `line ${section.line + st.line - 1}`;
        // synchronously while the backend answers at once (SQLite); chained once it doesn't
        const from = (i: number): void | Promise<void> => {
          for (; i < statements.length; i++) {
            const st = statements[i]!;
            let ran: void | Promise<void>;
            try {
              ran = runner.executeNow(st.sql);
            } catch (e) {
              throw failure(absPath, revision, direction, e, where(st));
            }
            if (ran instanceof Promise) {
              const k = i;
              return ran.then(() => from(k + 1), (e) => {
                throw failure(absPath, revision, direction, e, where(st));
              });
            }
          }
        };
        return from(0);
      },
    };
  }
  return importMigration(absPath, revision, checksum);
}

/** A SQL migration loads synchronously; a TypeScript one is imported. */
async function importMigration(absPath: string, revision: string, checksum: string): Promise<LoadedMigration> {
  // Bun's module loader finds no file whose path has a `?` (read as a query, path or URL alike)
  // or, outside Windows, a backslash: say so instead of "Cannot find module"
  const odd = absPath.includes("?") ? "?" : process.platform !== "win32" && absPath.includes("\\") ? "\\" : null;
  if (odd !== null) {
    throw new UsageError("migration_path_unloadable", `${absPath}: a TypeScript migration whose path contains '${odd}' can't be loaded by the runtime`, {
      hint: "rename the file (or its folder) without that character",
    });
  }
  let mod: Record<string, unknown>;
  try {
    // import(), started for every file of a plan at once (runner.ts): in the compiled binary
    // 1,000 small files load in ~31 ms this way against ~37 ms with require() one by one, and
    // top-level await works
    mod = (await import(importSpecifier(absPath))) as Record<string, unknown>;
  } catch (e) {
    const msg = (e as Error)?.message ?? String(e);
    throw new UsageError("migration_malformed", `${absPath}: cannot load migration: ${firstLine(msg)}`);
  }
  return {
    path: absPath,
    checksum,
    format: "ts",
    async run(direction, runner) {
      const op = runner.op;
      const name = direction === "up" ? "upgrade" : "downgrade";
      const fn = mod[name] as MigrationFn | undefined;
      if (typeof fn !== "function") {
        throw new UsageError("migration_missing_function", `${absPath}: does not export a ${name}() function`);
      }
      try {
        await fn(op);
      } catch (e) {
        throw failure(absPath, revision, direction, e);
      }
    },
  };
}

/** What import() is given for a file: its path (1,000 imports: ~1.5 ms less than file URLs,
 *  which load nothing more: `#`, `%` and spaces work either way), a file URL on Windows. */
function importSpecifier(absPath: string): string {
  return process.platform === "win32" ? Bun.pathToFileURL(absPath).href : absPath;
}

function firstLine(s: string): string {
  return s.split("\n")[0]!.trim();
}

/** Wrap whatever a migration threw into a MigrationFailedError naming file, direction and statement. */
export function failure(path: string, revision: string, direction: Direction, e: unknown, where?: string): MigratorError {
  if (e instanceof MigrationFailedError) return e;
  const statement = (e as { statement?: string })?.statement;
  const base = e instanceof Error ? e.message : String(e);
  const verb = direction === "up" ? "upgrade" : "downgrade";
  // a message that quotes its statement already (PostgreSQL's, with line:column) needs it once
  const shown = statement ? firstLine(statement).slice(0, 200) : "";
  const stmt = shown && !base.includes(shown) ? ` [statement: ${shown}]` : "";
  return new MigrationFailedError(
    { revision, direction, path, statement },
    `${verb} of ${revision} failed (${path}${where ? `, ${where}` : ""}): ${firstLine(base)}${stmt}`,
    { cause: e, hint: e instanceof MigratorError ? e.hint : undefined },
  );
}
