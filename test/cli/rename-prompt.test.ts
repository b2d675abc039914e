// On a terminal, autogenerate asks "rename or drop+add?" for a drop plus an add that look like a
// rename; in scripts and CI it never asks. The terminal is a real pseudo-terminal made by
// util-linux `script`; the answer is typed as key presses.

import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, project, ROOT } from "../_support/project";

const hasScript = Bun.spawnSync(["sh", "-c", "command -v script"]).exitCode === 0;
if (!hasScript) console.log("skipped: util-linux `script` is not installed (needed for a pseudo-terminal)");

const MODEL = (field: string) =>
  `datasource db {\n  provider = "sqlite"\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  ${field} String\n}\n`;

function renamedProject() {
  const p = project();
  writeFileSync(join(p.dir, "schema.prisma"), MODEL("email"));
  expect(cli(["revision", "--autogenerate", "-m", "init"], { cwd: p.dir }).code).toBe(0);
  expect(cli(["upgrade", "head"], { cwd: p.dir }).code).toBe(0);
  writeFileSync(join(p.dir, "schema.prisma"), MODEL("mail"));
  return p;
}

/** Run the CLI on a pseudo-terminal, typing `keys` after the prompt has had time to show. */
function onTerminal(cwd: string, args: string[], keys: string, env: Record<string, string> = {}) {
  const cmd = [process.execPath, join(ROOT, "src/cli/main.ts"), ...args].map((a) => `'${a}'`).join(" ");
  const typed = `sleep 1.5; printf '${keys}'; sleep 0.3; printf '\\r'; sleep 2.5`;
  return Bun.spawnSync(["sh", "-c", `(${typed}) | script -qec "${cmd.replace(/"/g, '\\"')}" /dev/null`], {
    cwd,
    env: { PATH: process.env.PATH!, HOME: cwd, TERM: "xterm", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
}

const newest = (dir: string, tag: string) => {
  const f = readdirSync(join(dir, "migrations")).find((n) => n.includes(tag));
  return f ? readFileSync(join(dir, "migrations", f), "utf8") : null;
};

describe.skipIf(!hasScript)("rename prompt", () => {
  test("on a terminal, answering yes writes a rename that keeps the column's data", () => {
    const p = renamedProject();
    const r = onTerminal(p.dir, ["revision", "--autogenerate", "-m", "rename"], "\\033[D"); // ← selects Yes
    // the pseudo-terminal has no width, so the prompt wraps at every character: compare without
    // escape sequences and whitespace
    const screen = r.stdout.toString().replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\s+/g, "");
    expect(screen).toContain("Renameit(keepsitsdata)?");
    const text = newest(p.dir, "rename");
    expect(text).toContain(`op.renameColumn("User", "email", "mail");`);
    expect(text).not.toContain("dropColumn");
  });

  test("on a terminal, the default answer (no) keeps drop + add", () => {
    const p = renamedProject();
    onTerminal(p.dir, ["revision", "--autogenerate", "-m", "dropadd"], "");
    const text = newest(p.dir, "dropadd");
    expect(text).toContain(`op.dropColumn("User", "email");`);
    expect(text).toContain(`name: "mail"`);
  });

  test("with CI set it never prompts, even on a terminal, and the warning names the @was hint", () => {
    const p = renamedProject();
    const r = onTerminal(p.dir, ["revision", "--autogenerate", "-m", "ci"], "", { CI: "1" });
    const out = r.stdout.toString();
    expect(out.replace(/\s+/g, "")).not.toContain("Renameit");
    expect(out).toContain('@was("email")');
    expect(newest(p.dir, "ci")).toContain(`op.dropColumn("User", "email");`);
  });
});

test("without a terminal it never prompts and warns with the @was hint", () => {
  const p = renamedProject();
  const r = cli(["revision", "--autogenerate", "-m", "piped"], { cwd: p.dir });
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('@was("email")');
  expect(newest(p.dir, "piped")).toContain(`op.dropColumn("User", "email");`);
});
