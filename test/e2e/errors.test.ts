// Bad input through the CLI: a one-line `error: …` on stderr (maybe a hint line), the exit code
// of DESIGN.md §7 (2 usage/config/bad input, 1 runtime/database, 3 check difference), no stack
// trace, nothing on stdout (or one JSON error document with --json), and the database unchanged.

import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, dump, project, writeMigration, type MigrationSpec } from "../_support/project";

interface Case {
  name: string;
  /** migrations of the project (default: a01 <- a02, applied before the command) */
  migrations?: MigrationSpec[];
  /** migrator.toml text (default: database = "app.db") */
  toml?: string;
  /** prepare more files; returns the database path to watch when it isn't app.db */
  setup?: (dir: string) => string | void;
  args: string[];
  code: 1 | 2 | 3;
  message: RegExp;
  /** apply migrations first (default true): `upgrade heads`, or `upgrade <pre>` */
  applyFirst?: boolean;
  pre?: string;
}

const base: MigrationSpec[] = [
  { rev: "a01", message: "first", up: `  op.createTable("t1", [{ name: "id", type: "INTEGER" }]);`, downBody: `  op.dropTable("t1");` },
  { rev: "a02", down: "a01", message: "second", sql: true, up: "CREATE TABLE t2 (id INTEGER);", downBody: "DROP TABLE t2;" },
];
const withExtra = (...more: MigrationSpec[]) => [...base, ...more];

const cases: Case[] = [
  { name: "unknown revision", args: ["upgrade", "nope"], code: 2, message: /^Can't locate revision identified by 'nope'/ },
  { name: "unknown revision in downgrade", args: ["downgrade", "zz9"], code: 2, message: /^Can't locate revision identified by 'zz9'/ },
  {
    name: "ambiguous revision prefix lists the candidates",
    migrations: withExtra({ rev: "abc111", down: "a02" }, { rev: "abc222", down: "abc111" }),
    args: ["upgrade", "abc"],
    code: 2,
    message: /ambiguous.*abc111.*abc222/,
  },
  {
    name: "cycle in the graph",
    migrations: [
      { rev: "c01", down: "c02", message: "one" },
      { rev: "c02", down: "c01", message: "two" },
    ],
    applyFirst: false,
    args: ["upgrade", "heads"],
    code: 2,
    message: /cycle/i,
  },
  {
    name: "missing parent names the file",
    migrations: withExtra({ rev: "m03", down: "gone99", file: "m03_orphan.ts" }),
    applyFirst: false,
    args: ["history"],
    code: 2,
    message: /m03_orphan\.ts.*'gone99'/,
  },
  {
    name: "duplicate revision id names both files",
    migrations: withExtra({ rev: "d03", down: "a02", file: "d03_one.ts" }, { rev: "d03", down: "a02", file: "d03_two.sql", sql: true }),
    applyFirst: false,
    args: ["heads"],
    code: 2,
    message: /'d03'.*d03_one\.ts.*d03_two\.sql|'d03'.*d03_two\.sql.*d03_one\.ts/,
  },
  {
    name: "malformed metadata (revision is not a string literal)",
    setup: (dir) => {
      writeFileSync(join(dir, "migrations/bad_meta.ts"), `export const revision = 42;\nexport const downRevision = "a02";\nexport async function upgrade() {}\n`);
    },
    args: ["upgrade", "heads"],
    code: 2,
    message: /bad_meta\.ts/,
  },
  {
    name: "TS syntax error found when the migration runs",
    pre: "a02",
    migrations: withExtra({ rev: "s03", down: "a02", file: "s03_syntax.ts", up: `  op.createTable("t3", [{ name: "id", type: "INTEGER" }]);\n  const x = ;` }),
    args: ["upgrade", "heads"],
    code: 2,
    message: /s03_syntax\.ts/,
  },
  { name: "missing config file", args: ["--config", "nope.toml", "current"], code: 2, message: /^config file not found: nope\.toml/ },
  {
    name: "invalid TOML",
    setup: (dir) => {
      writeFileSync(join(dir, "bad.toml"), `database = "app.db"\nmigrations = \n`);
    },
    args: ["current", "--config", "bad.toml"],
    code: 2,
    message: /bad\.toml: invalid TOML/,
  },
  {
    name: "unknown config key suggests the right one",
    setup: (dir) => {
      writeFileSync(join(dir, "typo.toml"), `database = "app.db"\nbusy_timeout = 5\n`);
    },
    args: ["--config", "typo.toml", "upgrade", "heads"],
    code: 2,
    message: /typo\.toml: unknown setting 'busy_timeout' \(did you mean 'busy_timeout_ms'\?\)/,
  },
  {
    // the tests run as root, so chmod 000 would not stop SQLite from reading: a directory
    // where the file should be is an unreadable database for everyone
    name: "database path is a directory",
    applyFirst: false,
    setup: (dir) => {
      mkdirSync(join(dir, "dir.db"));
      return join(dir, "dir.db");
    },
    args: ["--db", "dir.db", "upgrade", "heads"],
    code: 1,
    message: /dir\.db: is a directory/,
  },
  {
    // a parent of the path is a regular file, so neither the folder nor the file can be created
    name: "database inside a folder that cannot be created",
    applyFirst: false,
    setup: (dir) => {
      writeFileSync(join(dir, "plainfile"), "x");
      return join(dir, "plainfile");
    },
    args: ["--db", "plainfile/app.db", "upgrade", "heads"],
    code: 1,
    message: /plainfile\/app\.db: cannot/,
  },
  {
    name: "a file that is not SQLite",
    applyFirst: false,
    setup: (dir) => {
      writeFileSync(join(dir, "notes.db"), "these are my notes, not a database\n".repeat(20));
      return join(dir, "notes.db");
    },
    args: ["upgrade", "heads", "--db", "notes.db"],
    code: 1,
    message: /notes\.db: file is not a SQLite database/,
  },
  {
    name: "upgrade head with two heads says to merge or use heads",
    migrations: withExtra({ rev: "h03", down: "a01", message: "other branch" }),
    pre: "a02",
    args: ["upgrade", "head"],
    code: 2,
    message: /^Multiple head revisions are present for given argument 'head'/,
  },
  { name: "downgrade -1 with several current heads names them", migrations: withExtra({ rev: "h03", down: "a01" }), args: ["downgrade", "-1"], code: 2, message: /several current heads.*a02.*h03/ },
  {
    name: "version table names a revision no file has (the Alembic guide's troubleshooting case)",
    setup: (dir) => {
      const d = new Database(join(dir, "app.db"));
      d.run("UPDATE migrator_version SET version_num = 'deadbeef'");
      d.close();
    },
    args: ["upgrade", "head"],
    code: 2,
    message: /^Can't locate revision identified by 'deadbeef'/,
  },
  { name: "unknown command", args: ["upgarde", "head"], code: 2, message: /^unknown command 'upgarde'/ },
  { name: "missing required argument", args: ["downgrade"], code: 2, message: /^downgrade: .*required.*TARGET/i },
  { name: "missing value of a global flag", args: ["current", "--db"], code: 2, message: /--db needs a value/ },
  { name: "a spec that goes the wrong way", args: ["upgrade", "-1"], code: 2, message: /^Relative revision -1 didn't produce 1 migrations/ },
  { name: "current --check behind head", pre: "a02", args: ["current", "--check"], code: 3, message: /^Target database is not up to date/, migrations: withExtra({ rev: "p03", down: "a02" }) },
];

/** What a path holds: a folder listing, a non-SQLite file's bytes, or a database dump. */
function snapshot(path: string): string {
  if (!existsSync(path)) return "<no file>";
  if (statSync(path).isDirectory()) return "dir: " + readdirSync(path).join(",");
  const bytes = readFileSync(path);
  if (bytes.length > 0 && bytes.subarray(0, 15).toString("latin1") !== "SQLite format 3") return "bytes: " + bytes.toString("base64");
  return dump(path);
}

function stderrShape(stderr: string) {
  const lines = stderr.split("\n").filter((l) => l !== "");
  const errors = lines.filter((l) => l.startsWith("error:"));
  expect(errors.length).toBe(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain("internal error");
  // the error line, optionally a hint line, and the progress lines of `upgrade` before it
  for (const l of lines) expect(l).toMatch(/^(error: |  hint: |\[info\] )/);
  return errors[0]!.slice("error: ".length);
}

describe("errors: one line, the right exit code, no stack, database unchanged", () => {
  for (const c of cases) {
    test(`${c.name} → exit ${c.code}`, () => {
      const p = project({ toml: c.toml });
      for (const m of c.migrations ?? base) writeMigration(p.migrations, m);
      if (c.applyFirst !== false) {
        const r = cli(["upgrade", c.pre ?? "heads"], { cwd: p.dir });
        if (r.code !== 0) throw new Error(r.stderr);
      }
      const watched = c.setup?.(p.dir) ?? p.db;
      const before = snapshot(watched);
      const appBefore = dump(p.db);
      const r = cli(c.args, { cwd: p.dir });
      expect(r.code).toBe(c.code);
      expect(stderrShape(r.stderr)).toMatch(c.message);
      expect(r.stdout).toBe("");
      expect(snapshot(watched)).toBe(before);
      expect(dump(p.db)).toBe(appBefore);
      // --json: the same error as one JSON document on stdout
      const j = cli(["--json", ...c.args], { cwd: p.dir });
      expect(j.code).toBe(c.code);
      const doc = JSON.parse(j.stdout);
      expect(doc.ok).toBe(false);
      expect(doc.error.exitCode).toBe(c.code);
      expect(doc.error.message).toMatch(c.message);
    });
  }

  test("stamp --purge head repairs a version table that names an unknown revision", () => {
    const p = project();
    for (const m of base) writeMigration(p.migrations, m);
    expect(cli(["upgrade", "heads"], { cwd: p.dir }).code).toBe(0);
    const d = new Database(p.db);
    d.run("UPDATE migrator_version SET version_num = 'deadbeef'");
    d.close();
    expect(cli(["stamp", "head"], { cwd: p.dir }).code).toBe(2);
    const r = cli(["stamp", "--purge", "head"], { cwd: p.dir });
    expect(r.code).toBe(0);
    expect(cli(["current", "--check"], { cwd: p.dir }).code).toBe(0);
  });

  test("locked database (another process holds BEGIN EXCLUSIVE) → exit 1 after busy_timeout_ms, says locked", () => {
    const p = project({ toml: `database = "app.db"\nbusy_timeout_ms = 200\n` });
    for (const m of base) writeMigration(p.migrations, m);
    expect(cli(["upgrade", "a01"], { cwd: p.dir }).code).toBe(0);
    const before = dump(p.db);
    const holder = new Database(p.db);
    holder.run("BEGIN EXCLUSIVE");
    try {
      const t0 = performance.now();
      const r = cli(["upgrade", "heads"], { cwd: p.dir });
      expect(r.code).toBe(1);
      expect(stderrShape(r.stderr)).toMatch(/locked/);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(200);
    } finally {
      holder.run("ROLLBACK");
      holder.close();
    }
    expect(dump(p.db)).toBe(before);
  });
});
