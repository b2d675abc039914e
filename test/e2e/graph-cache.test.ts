// The compiled binary's graph commands over a large folder (src/revisions/metadata-cache.ts):
// the second `heads`/`history` answer from the cache what the first read from the files, the
// cache lands in XDG_CACHE_HOME (never in the project), and an edit after it was written is
// seen. Files count as settled 2 s after they were written, so the test waits that out once.
import { describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MIN_FILES } from "../../src/revisions/metadata-cache";
import { binary, tempDir } from "../_support/project";

const rev = (i: number) => `c${String(i).padStart(11, "0")}`;
const name = (i: number) => `${String(i).padStart(5, "0")}_${rev(i)}_step.sql`;
const text = (i: number, down: string) => `-- message: step ${i}\n-- revision: ${rev(i)}\n-- down_revision: ${down}\n\n-- migrate:up\nSELECT ${i};\n\n-- migrate:down\nSELECT ${i};\n`;

/** A project of `n` SQL migrations in a line, and a runner of the binary in it whose cache lives
 *  under the project's own XDG_CACHE_HOME (never in the project). */
function linearProject(prefix: string, n: number) {
  const bin = binary();
  const root = tempDir(prefix);
  const proj = join(root, "app");
  const cacheHome = join(root, "xdg-cache");
  mkdirSync(join(proj, "migrations"), { recursive: true });
  writeFileSync(join(proj, "migrator.toml"), 'database = "app.db"\n');
  for (let i = 0; i < n; i++) writeFileSync(join(proj, "migrations", name(i)), text(i, i ? rev(i - 1) : ""));
  const spawn = (args: string[], env: Record<string, string> = { XDG_CACHE_HOME: cacheHome }) =>
    Bun.spawnSync([bin, ...args], { cwd: proj, env: { PATH: "/usr/bin:/bin", HOME: root, NO_COLOR: "1", ...env }, stdout: "pipe", stderr: "pipe" });
  /** the cache files written so far, parsed */
  const caches = () =>
    readdirSync(join(cacheHome, "migrator"))
      .filter((f) => f.startsWith("graph-"))
      .map((f) => JSON.parse(readFileSync(join(cacheHome, "migrator", f), "utf8")) as { light: boolean; names: string[]; stat: number[] });
  return { proj, spawn, caches };
}

/** The names a cache file holds a record for (a size of -1 marks a name without one). */
const recorded = (data: { names: string[]; stat: number[] }) => data.names.filter((_, i) => data.stat[i * 5] !== -1);

describe("graph commands over a large folder, through the binary", () => {
  test("heads and history from the cache equal those read from the files; an edit is seen", () => {
    const n = MIN_FILES + 44;
    const { proj, spawn, caches } = linearProject("migrator-graph-cache-", n);
    const run = (...args: string[]) => {
      const p = spawn(args);
      expect(p.stderr.toString()).toBe("");
      expect(p.exitCode).toBe(0);
      return p.stdout.toString();
    };
    Bun.sleepSync(2200); // the files settle (see the cache's rule)
    const heads = run("heads");
    const history = run("history");
    expect(heads).toBe(`${rev(n - 1)} (head)\n`);
    expect(history.split("\n")[0]).toBe(`${rev(n - 2)} -> ${rev(n - 1)} (head), step ${n - 1}`);
    expect(caches()).toHaveLength(1);
    expect(recorded(caches()[0]!)).toHaveLength(n); // every file recorded
    expect(readdirSync(proj).sort()).toEqual(["migrations", "migrator.toml"]);
    expect(run("heads")).toBe(heads);
    expect(run("history")).toBe(history);
    expect(run("--json", "heads")).toContain(`"revision": "${rev(n - 1)}"`);
    // branch the last revision off the first: two heads now
    writeFileSync(join(proj, "migrations", name(n - 1)), text(n - 1, rev(0)));
    expect(run("heads").split("\n").filter(Boolean).sort()).toEqual([`${rev(n - 2)} (head)`, `${rev(n - 1)} (head)`]);
    expect(run("branches")).toContain(`${rev(0)} (branchpoint)`);
  });
});

describe("current over a small folder, through the binary", () => {
  test("current answers from the cache what it answers from the files: heads, an edited applied file, a new file", () => {
    const n = 5;
    const { proj, spawn, caches } = linearProject("migrator-current-cache-", n);
    const run = (...args: string[]) => {
      const p = spawn(args);
      expect(p.exitCode).toBe(0);
      return { out: p.stdout.toString(), err: p.stderr.toString() };
    };
    run("upgrade", "head", "-q");
    Bun.sleepSync(2200); // the files settle (see the cache's rule)
    expect(run("current")).toEqual({ out: `${rev(n - 1)} (head)\n`, err: "" });
    expect(caches()).toHaveLength(1);
    expect(caches()[0]!.light).toBe(true);
    expect(recorded(caches()[0]!)).toHaveLength(n); // every file recorded
    expect(run("current")).toEqual({ out: `${rev(n - 1)} (head)\n`, err: "" }); // from the cache
    expect(run("--json", "current").out).toContain('"modified": []');
    // an applied migration edited afterwards: its checksum no longer matches the history's
    writeFileSync(join(proj, "migrations", name(2)), text(2, rev(1)) + "-- a late edit\n");
    const edited = run("current");
    expect(edited.out).toBe(`${rev(n - 1)} (head)\n`);
    expect(edited.err).toContain(`migration ${rev(2)} (${name(2)}) was changed after it was applied`);
    // a new migration: the database is no longer at head
    writeFileSync(join(proj, "migrations", name(n)), text(n, rev(n - 1)));
    const added = run("current");
    expect(added.out).toBe(`${rev(n - 1)}\n`);
    expect(added.err).toContain("1 migration(s) pending");
    // and with the cache off, the same answers
    const off = spawn(["current"], { MIGRATOR_CACHE_DIR: "" });
    expect({ out: off.stdout.toString(), err: off.stderr.toString() }).toEqual(added);
  });
});
