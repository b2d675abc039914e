// Safe concurrent deploys (DESIGN.md §2): several `migrator upgrade head` processes started at
// once on one SQLite file apply each migration exactly once and all exit 0 — in the default
// mode (one transaction per run) and with transaction_per_migration.

import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { project, query, ROOT, writeMigration } from "../_support/project";

const COUNT = 20;
const id = (i: number) => `c${String(i).padStart(2, "0")}`;

function setup(toml = "") {
  const p = project({ toml: `database = "app.db"\nmigrations = "migrations"\n${toml}` });
  for (let i = 1; i <= COUNT; i++) {
    const rev = id(i);
    const sql = i % 4 === 0;
    const first = i === 1;
    writeMigration(p.migrations, {
      rev,
      down: first ? null : id(i - 1),
      sql,
      message: `step ${i}`,
      // each migration logs itself once; the short sleep keeps the write lock held long enough
      // for the other processes to really collide with it
      up: sql
        ? `CREATE TABLE t_${rev} (id INTEGER);\nINSERT INTO run_log (rev) VALUES ('${rev}');`
        : (first ? `  op.createTable("run_log", [{ name: "rev", type: "TEXT", nullable: false }]);\n` : "") +
          `  op.createTable("t_${rev}", [{ name: "id", type: "INTEGER" }]);\n` +
          `  await op.execute("INSERT INTO run_log (rev) VALUES ('${rev}')");\n` +
          `  await Bun.sleep(3);`,
      downBody: sql ? `DROP TABLE t_${rev};` : `  op.dropTable("t_${rev}");`,
    });
  }
  return p;
}

async function race(dir: string, n: number) {
  const procs = Array.from({ length: n }, () =>
    Bun.spawn([process.execPath, join(ROOT, "src/cli/main.ts"), "upgrade", "head"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, NO_COLOR: "1" },
      stdout: "pipe",
      stderr: "pipe",
    }),
  );
  return Promise.all(
    procs.map(async (p) => ({ code: await p.exited, stderr: await new Response(p.stderr).text() })),
  );
}

function assertExactlyOnce(db: string) {
  const ups = query<{ revision: string; n: number }>(db, "SELECT revision, count(*) AS n FROM migrator_history WHERE direction = 'up' GROUP BY revision ORDER BY revision");
  expect(ups).toEqual(Array.from({ length: COUNT }, (_, i) => ({ revision: id(i + 1), n: 1 })));
  const logged = query<{ rev: string; n: number }>(db, "SELECT rev, count(*) AS n FROM run_log GROUP BY rev ORDER BY rev");
  expect(logged).toEqual(Array.from({ length: COUNT }, (_, i) => ({ rev: id(i + 1), n: 1 })));
  expect(query(db, "SELECT version_num FROM migrator_version")).toEqual([{ version_num: id(COUNT) }]);
  expect(query<{ n: number }>(db, "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name LIKE 't_c%'")[0]!.n).toBe(COUNT);
}

describe("concurrent `upgrade head` processes on one database", () => {
  for (const [mode, toml] of [
    ["one transaction per run", ""],
    ["transaction_per_migration", "transaction_per_migration = true\n"],
  ] as const) {
    for (const n of [2, 8]) {
      test(`${n} processes, ${mode}: every migration applied exactly once, all exit 0`, async () => {
        const p = setup(toml);
        const results = await race(p.dir, n);
        for (const r of results) {
          if (r.code !== 0) throw new Error(`a process exited ${r.code}: ${r.stderr}`);
        }
        assertExactlyOnce(p.db);
        // exactly one process did the work in the default mode; the others found nothing to do
        const applied = results.filter((r) => /migration\(s\) applied/.test(r.stderr)).length;
        const idle = results.filter((r) => /Nothing to upgrade/.test(r.stderr)).length;
        if (toml === "") expect([applied, idle]).toEqual([1, n - 1]);
        else expect(applied + idle).toBe(n);
      });
    }
  }
});

describe("a migration declaring transactional = false under concurrent deploys", () => {
  // It runs outside any transaction, so the write lock can't keep the other processes out while
  // it runs: they must still neither apply it a second time nor fail because of it.
  for (const toml of ["", "transaction_per_migration = true\n"]) {
    test(`4 processes${toml ? ", transaction_per_migration" : ""}: the non-transactional step runs once, all exit 0, one version row`, async () => {
      const p = project({ toml: `database = "app.db"\nmigrations = "migrations"\n${toml}` });
      for (let i = 1; i <= 6; i++) {
        writeMigration(p.migrations, {
          rev: `n${i}`,
          down: i === 1 ? null : `n${i - 1}`,
          transactional: i !== 3,
          message: `step ${i}`,
          up:
            (i === 1 ? `  op.createTable("run_log", [{ name: "rev", type: "TEXT" }]);\n` : "") +
            `  await op.execute("INSERT INTO run_log (rev) VALUES ('n${i}')");\n  await Bun.sleep(${i === 3 ? 150 : 2});`,
        });
      }
      const results = await race(p.dir, 4);
      for (const r of results) if (r.code !== 0) throw new Error(`a process exited ${r.code}: ${r.stderr}`);
      expect(query(p.db, "SELECT rev, count(*) AS n FROM run_log GROUP BY rev ORDER BY rev")).toEqual(
        [1, 2, 3, 4, 5, 6].map((i) => ({ rev: `n${i}`, n: 1 })),
      );
      expect(query(p.db, "SELECT revision, count(*) AS n FROM migrator_history GROUP BY revision ORDER BY revision")).toEqual(
        [1, 2, 3, 4, 5, 6].map((i) => ({ revision: `n${i}`, n: 1 })),
      );
      expect(query(p.db, "SELECT version_num FROM migrator_version")).toEqual([{ version_num: "n6" }]);
    });
  }
});
