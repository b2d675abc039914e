// The command table: name → lazy import, so `migrator current` loads only what it needs.

type Loader = () => Promise<unknown>;
const d = (p: Promise<{ default: unknown }>) => p.then((m) => m.default);

export const commands: Record<string, Loader> = {
  init: () => d(import("./commands/init")),
  revision: () => d(import("./commands/revision")),
  upgrade: () => d(import("./commands/upgrade")),
  downgrade: () => d(import("./commands/downgrade")),
  stamp: () => d(import("./commands/stamp")),
  current: () => d(import("./commands/current")),
  history: () => d(import("./commands/history")),
  heads: () => d(import("./commands/heads")),
  branches: () => d(import("./commands/branches")),
  show: () => d(import("./commands/show")),
  merge: () => d(import("./commands/merge")),
  config: () => d(import("./commands/config")),
  validate: () => d(import("./commands/validate")),
  format: () => d(import("./commands/format")),
  ddl: () => d(import("./commands/ddl")),
  check: () => d(import("./commands/check")),
  diff: () => d(import("./commands/diff")),
  test: () => d(import("./commands/test")),
};

export const commandSummaries: Record<string, string> = {
  init: "create migrator.toml, schema.prisma and migrations/",
  revision: "create a new migration file (-m MESSAGE)",
  upgrade: "apply migrations up to a target (default: head)",
  downgrade: "revert migrations down to a target (-1, a revision, base)",
  stamp: "set the version table to a revision without running migrations",
  current: "show the database's current revision(s)",
  history: "list revisions (newest first)",
  heads: "show the head revision(s)",
  branches: "show branch points",
  show: "show one revision",
  merge: "create a merge revision for two or more heads",
  config: "print the resolved configuration",
  validate: "check the model file (every error, with its location)",
  format: "rewrite the model file in canonical style (--check: exit 3 if it would change)",
  ddl: "print the SQL that creates the model on an empty database",
  check: "exit 3 if the model has changes no migration covers",
  diff: "print the changes between migrations and model, and their SQL",
  test: "round-trip every migration (up, down, up) on a scratch database; compare with the model",
};
