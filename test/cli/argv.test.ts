import { describe, expect, test } from "bun:test";
import { parseCommandArgs, splitArgv } from "../../src/cli/_argv";

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

describe("parseCommandArgs", () => {
  const args = {
    target: { type: "positional", required: false, default: "head" },
    sql: { type: "boolean" },
    rev_range: { type: "string", alias: ["r"] },
    kind: { type: "string", options: ["a", "b"] },
  };
  const parse = (rest: string[]) => parseCommandArgs("history", rest, args);

  test("a mistyped option is refused with a suggestion, before anything runs", () => {
    expect(() => parseCommandArgs("upgrade", ["head", "--sqll"], args)).toThrow("upgrade: unknown option --sqll (did you mean --sql?)");
  });

  test("defined options, their aliases, dashed names, --no- forms and --name=value", () => {
    expect(parse(["-r", "a:b"]).rev_range).toBe("a:b");
    expect(parse(["--rev-range=a:b"]).rev_range).toBe("a:b");
    expect(parse(["--rev_range", "a:b"]).rev_range).toBe("a:b");
    expect(parse(["--sql"]).sql).toBe(true);
    expect(parse(["--sql", "--no-sql"]).sql).toBe(false);
    expect(parse(["--sql=false"]).sql).toBe(false);
    expect(parse([]).sql).toBeUndefined();
  });

  test("positionals fill the definitions in order, with defaults; all of them stay in _", () => {
    expect(parse([])).toMatchObject({ target: "head", _: [] });
    expect(parse(["abc", "--sql", "def"])).toMatchObject({ target: "abc", sql: true, _: ["abc", "def"] });
  });

  test("everything after -- is positional (negative revision specs)", () => {
    expect(parse(["--sql", "--", "-1", "--sql"])).toMatchObject({ target: "-1", _: ["-1", "--sql"] });
  });

  test("bad values are usage errors naming the option", () => {
    expect(() => parse(["-r"])).toThrow("history: -r needs a value");
    expect(() => parse(["--kind", "c"])).toThrow("history: --kind must be one of a, b (got 'c')");
    expect(() => parse(["--sql=maybe"])).toThrow("history: --sql takes no value (got 'maybe')");
    expect(() => parse(["--no-kind"])).toThrow("history: unknown option --no-kind");
  });

  test("a missing required positional is a usage error", () => {
    expect(() => parseCommandArgs("show", [], { rev: { type: "positional", required: true } })).toThrow("show: missing required argument REV");
  });
});

test("upgrade head on a new project with no revisions does nothing and succeeds", () => {
  const { project, cli } = require("../_support/project");
  const p = project();
  const r = cli(["upgrade", "head"], { cwd: p.dir });
  expect(r.code).toBe(0);
  expect(r.stderr).toContain("Nothing to upgrade");
});
