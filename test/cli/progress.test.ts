// A table re-creation that copies many rows shows progress on a terminal (a real pseudo-terminal
// from util-linux `script`), and prints nothing of it when stderr is not a terminal.

import { expect, test } from "bun:test";
import { join } from "node:path";
import { cli, project, ROOT, writeMigration } from "../_support/project";

const hasScript = Bun.spawnSync(["sh", "-c", "command -v script"]).exitCode === 0;
if (!hasScript) console.log("skipped: util-linux `script` is not installed (needed for a pseudo-terminal)");

function bigTable() {
  const p = project();
  writeMigration(p.migrations, {
    rev: "c00000000001",
    message: "big table",
    up: `  op.createTable("events", [{ name: "id", type: "INTEGER", primaryKey: true }, { name: "kind", type: "TEXT" }]);\n` +
      `  await op.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO events SELECT i, 'k' FROM n");`,
    downBody: `  op.dropTable("events");`,
  });
  writeMigration(p.migrations, {
    rev: "c00000000002",
    down: "c00000000001",
    message: "kind varchar",
    // a type change re-creates the table (a NOT NULL change alone is an ALTER on SQLite >= 3.53)
    up: `  op.alterColumn("events", "kind", { type: "VARCHAR(20)" });`,
    downBody: `  op.alterColumn("events", "kind", { type: "TEXT" });`,
  });
  expect(cli(["upgrade", "c00000000001"], { cwd: p.dir }).code).toBe(0);
  return p;
}

test.skipIf(!hasScript)("on a terminal, copying 20,000 rows shows progress", () => {
  const p = bigTable();
  const cmd = [process.execPath, join(ROOT, "src/cli/main.ts"), "upgrade", "head"].map((a) => `'${a}'`).join(" ");
  const r = Bun.spawnSync(["script", "-qec", cmd, "/dev/null"], {
    cwd: p.dir,
    env: { PATH: process.env.PATH!, HOME: p.dir, TERM: "xterm" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const screen = r.stdout.toString();
  expect(r.exitCode).toBe(0);
  expect(screen).toContain("copying events: 5000/20000 rows");
  expect(screen).toContain("copying events: 20000/20000 rows");
});

test("without a terminal, no progress lines", () => {
  const p = bigTable();
  const r = cli(["upgrade", "head"], { cwd: p.dir });
  expect(r.code).toBe(0);
  expect(r.stderr).not.toContain("copying");
});
