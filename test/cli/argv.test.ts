import { describe, expect, test } from "bun:test";
import { checkOptions, splitArgv } from "../../src/cli/_argv";

describe("splitArgv", () => {
  test("global flags are accepted before the command name", () => {
    const r = splitArgv(["--config", "x.toml", "--db", "a.db", "-q", "upgrade", "head"]);
    expect(r.command).toBe("upgrade");
    expect(r.globals.config).toBe("x.toml");
    expect(r.globals.db).toBe("a.db");
    expect(r.globals.quiet).toBe(true);
    expect(r.rest).toEqual(["head"]);
  });

  test("global flags are accepted after the command name, also in --flag=value form", () => {
    const r = splitArgv(["upgrade", "head", "--db=a.db", "--verbose", "--json"]);
    expect(r.command).toBe("upgrade");
    expect(r.globals).toMatchObject({ db: "a.db", verbose: true, json: true });
    expect(r.rest).toEqual(["head"]);
  });

  test("downgrade -1 keeps -1 as a positional revision spec, not a flag", () => {
    const r = splitArgv(["downgrade", "-1"]);
    expect(r.command).toBe("downgrade");
    expect(r.rest).toEqual(["--", "-1"]);
  });

  test("a negative spec after other flags still ends up positional", () => {
    const r = splitArgv(["downgrade", "--sql", "-2", "--db", "x.db"]);
    expect(r.rest).toEqual(["--sql", "--", "-2"]);
    expect(r.globals.db).toBe("x.db");
  });

  test("a global value flag without a value is a usage error", () => {
    expect(() => splitArgv(["upgrade", "--db"])).toThrow("--db needs a value");
  });

  test("no command: command is null", () => {
    expect(splitArgv(["--help"]).command).toBeNull();
  });
});

describe("checkOptions", () => {
  const args = { target: { type: "positional" }, sql: { type: "boolean" }, rev_range: { type: "string", alias: ["r", "rev-range"] } };

  test("a mistyped option is refused with a suggestion, before anything runs", () => {
    expect(() => checkOptions("upgrade", ["head", "--sqll"], args)).toThrow("upgrade: unknown option --sqll (did you mean --sql?)");
  });

  test("defined options, their aliases, --no- forms and --name=value pass", () => {
    expect(() => checkOptions("history", ["-r", "a:b", "--rev-range=a:b", "--no-sql", "--sql"], args)).not.toThrow();
  });

  test("everything after -- is positional (negative revision specs)", () => {
    expect(() => checkOptions("downgrade", ["--", "-1"], args)).not.toThrow();
  });
});

test("upgrade head on a new project with no revisions does nothing and succeeds", () => {
  const { project, cli } = require("../_support/project");
  const p = project();
  const r = cli(["upgrade", "head"], { cwd: p.dir });
  expect(r.code).toBe(0);
  expect(r.stderr).toContain("Nothing to upgrade");
});
