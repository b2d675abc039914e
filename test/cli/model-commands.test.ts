// `validate`, `format` and `ddl` from the command line: exit codes, located errors, and DDL that
// the sqlite3 shell applies to an empty database.

import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, project } from "../_support/project";

const MODEL = `datasource db {
  provider = "sqlite"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int

  @@index([authorId])
}
`;

function withModel(text: string) {
  const p = project();
  writeFileSync(join(p.dir, "schema.prisma"), text);
  return p;
}

describe("model commands", () => {
  test("validate: exit 0 on a valid model", () => {
    const r = cli(["validate"], { cwd: withModel(MODEL).dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("schema.prisma is valid (2 tables)");
  });

  test("validate: exit 2 with every error located, a source line and a caret, no stack", () => {
    const bad = MODEL.replace("email String @unique", "email String @uniq").replace("title    String", "title    Strin");
    const r = cli(["validate"], { cwd: withModel(bad).dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("schema.prisma:7:16: unknown attribute @uniq (did you mean @unique?)");
    expect(r.stderr).toMatch(/schema\.prisma:13:\d+: unknown type Strin/);
    expect(r.stderr).toContain("^");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test("validate --json: the diagnostics in one document", () => {
    const r = cli(["validate", "--json"], { cwd: withModel(MODEL.replace("@unique", "@uniq")).dir });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe("model_invalid");
  });

  test("format --check: exit 3 when the file is not formatted; format rewrites it; then exit 0", () => {
    const messy = MODEL.replace("  email String @unique", "  email      String   @unique");
    const p = withModel(messy);
    expect(cli(["format", "--check"], { cwd: p.dir }).code).toBe(3);
    expect(readFileSync(join(p.dir, "schema.prisma"), "utf8")).toBe(messy);
    expect(cli(["format"], { cwd: p.dir }).code).toBe(0);
    expect(cli(["format", "--check"], { cwd: p.dir }).code).toBe(0);
  });

  test("ddl: the printed statements build the tables on an empty database", () => {
    const p = withModel(MODEL);
    const r = cli(["ddl"], { cwd: p.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('CREATE UNIQUE INDEX "User_email_key" ON "User"("email");');
    expect(r.stdout).toContain('CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE');
    const db = new Database(":memory:");
    db.exec(r.stdout);
    const names = db.query("SELECT name FROM sqlite_master ORDER BY name").all().map((x: any) => x.name);
    expect(names).toEqual(["Post", "Post_authorId_idx", "User", "User_email_key", "sqlite_sequence"]);
    const hasShell = Bun.spawnSync(["sh", "-c", "command -v sqlite3"]).exitCode === 0;
    if (hasShell) {
      const sh = Bun.spawnSync(["sqlite3", join(p.dir, "new.db")], { stdin: Buffer.from(r.stdout) });
      expect(sh.exitCode).toBe(0);
    } else console.log("note: sqlite3 shell not installed; applied through bun:sqlite only");
  });

  test("a missing model file is a usage error naming the file", () => {
    const r = cli(["validate", "--schema", "nope.prisma"], { cwd: project().dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("model file not found: nope.prisma");
  });
});
