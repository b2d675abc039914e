// The error family of migrator. Every failure a user can cause is a MigratorError with a
// stable `code`, the process exit code it maps to (DESIGN.md §7) and, where we can, a hint
// saying how to fix it. Only `--verbose` shows a stack; the CLI prints `message` on one line.

export const ExitCode = {
  ok: 0,
  runtime: 1, // migration failed, database error
  usage: 2, // usage or config error, bad input file
  difference: 3, // a check found a difference
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorOptions {
  hint?: string;
  cause?: unknown;
  exitCode?: ExitCodeValue;
  /** Structured details for --json output (e.g. the changes `check` found). */
  data?: Record<string, unknown>;
}

export class MigratorError extends Error {
  readonly code: string;
  readonly exitCode: ExitCodeValue;
  readonly hint?: string;
  readonly data?: Record<string, unknown>;

  constructor(code: string, message: string, opts: ErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "MigratorError";
    this.code = code;
    this.exitCode = opts.exitCode ?? ExitCode.usage;
    this.hint = opts.hint;
    this.data = opts.data;
  }
}

/** Bad command line, bad config, a malformed migration or model file: exit 2. */
export class UsageError extends MigratorError {
  constructor(code: string, message: string, opts: ErrorOptions = {}) {
    super(code, message, { exitCode: ExitCode.usage, ...opts });
  }
}

/** Revision graph problems and unresolvable revision specs: exit 2. */
export class RevisionError extends MigratorError {
  constructor(code: string, message: string, opts: ErrorOptions = {}) {
    super(code, message, { exitCode: ExitCode.usage, ...opts });
  }
}

/** The database refused something or is unusable: exit 1. */
export class DatabaseError extends MigratorError {
  readonly statement?: string;
  constructor(code: string, message: string, opts: ErrorOptions & { statement?: string } = {}) {
    super(code, message, { exitCode: ExitCode.runtime, ...opts });
    this.statement = opts.statement;
  }
}

/** A migration failed while running: names the file, the direction and the statement. */
export class MigrationFailedError extends MigratorError {
  readonly revision: string;
  readonly direction: "up" | "down";
  readonly path: string;
  readonly statement?: string;
  constructor(
    info: { revision: string; direction: "up" | "down"; path: string; statement?: string },
    message: string,
    opts: ErrorOptions = {},
  ) {
    super("migration_failed", message, { exitCode: ExitCode.runtime, ...opts });
    this.revision = info.revision;
    this.direction = info.direction;
    this.path = info.path;
    this.statement = info.statement;
  }
}

/** A check found a difference (check, current --check, tampered file): exit 3. */
export class DifferenceError extends MigratorError {
  constructor(code: string, message: string, opts: ErrorOptions = {}) {
    super(code, message, { exitCode: ExitCode.difference, ...opts });
  }
}

export function isMigratorError(e: unknown): e is MigratorError {
  return e instanceof MigratorError;
}
