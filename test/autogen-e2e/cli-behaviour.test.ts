// What `revision --autogenerate`, `check` and `diff` tell the user, through the real CLI: no
// file for no change, DESTRUCTIVE marks and warnings, rename candidates never prompted for
// without a terminal, ON DELETE CASCADE called out, --from-db refusing a database behind head,
// and the clear error (database unchanged) when a change cannot succeed on the rows.

import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dump } from "../_support/project";
import { modelProject, type Proj } from "./_harness";

const A = `
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id], onDelete: Cascade)
}
`;

/** A project at model A, generated and applied, with a few rows. */
function atA(): Proj {
  const p = modelProject(A);
  p.ok(["revision", "--autogenerate", "-m", "a"]);
  p.ok(["upgrade", "head"]);
  p.exec(`INSERT INTO "User" VALUES (1, 'a@x', 'Ann'), (2, 'b@x', NULL); INSERT INTO "Post" VALUES (1, 't', 1);`);
  return p;
}

function newest(p: Proj, before: string[]): string {
  const added = p.files().filter((f) => !before.includes(f));
  expect(added).toHaveLength(1);
  return readFileSync(join(p.migrations, added[0]!), "utf8");
}

function withProject(fn: (p: Proj) => void) {
  return () => {
    const p = atA();
    try {
      fn(p);
    } finally {
      p.cleanup();
    }
  };
}

describe("revision --autogenerate", () => {
  test(
    "no change: says so, writes no file; --allow-empty writes one",
    withProject((p) => {
      const before = p.files();
      const r = p.ok(["revision", "--autogenerate", "-m", "nothing"]);
      expect(r.stderr).toMatch(/No changes in schema detected; no migration written/);
      expect(p.files()).toEqual(before);
      p.ok(["revision", "--autogenerate", "-m", "empty", "--allow-empty"]);
      expect(newest(p, before)).toMatch(/No changes detected/);
    }),
  );

  test(
    "drop table, drop column and a narrowing type change are marked // DESTRUCTIVE in the file and reported on stderr",
    withProject((p) => {
      const before = p.files();
      p.setModel(`
model User {
  id    Int     @id @default(autoincrement())
  email Int     @unique
}
`);
      const r = p.ok(["revision", "--autogenerate", "-m", "destroy"]);
      const text = newest(p, before);
      expect(text).toMatch(/\/\/ DESTRUCTIVE: drops table Post and its rows\n\s*op\.dropTable\("Post"\);/);
      expect(text).toMatch(/\/\/ DESTRUCTIVE: drops column User\.name and its data\n\s*op\.dropColumn\("User", "name"\);/);
      expect(text).toMatch(/\/\/ DESTRUCTIVE: narrows User\.email from TEXT to INTEGER[^\n]*\n\s*op\.alterColumn\("User", "email", \{ type: "INTEGER" \}\);/);
      expect(r.stderr).toMatch(/drop table Post \(DESTRUCTIVE\)/);
      expect(r.stderr).toMatch(/drop column User\.name \(DESTRUCTIVE\)/);
      expect(r.stderr).toMatch(/alter column User\.email: type TEXT → INTEGER \(DESTRUCTIVE\)/);
    }),
  );

  test(
    "dropping a table that others reference with ON DELETE CASCADE is called out",
    withProject((p) => {
      p.setModel(`
model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
}
`);
      const r = p.ok(["revision", "--autogenerate", "-m", "drop users"]);
      expect(r.stderr).toMatch(/\[warn\] dropping table User: Post\(authorId\) references User ON DELETE CASCADE; that foreign key is dropped first, so no rows cascade/);
      p.ok(["upgrade", "head"]);
      expect(p.rows(`SELECT id, title, authorId FROM "Post"`)).toEqual([{ id: 1, title: "t", authorId: 1 }]);
    }),
  );

  const renamed = `
model User {
  id       Int     @id @default(autoincrement())
  email    String  @unique
  fullName String?
  posts    Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id], onDelete: Cascade)
}
`;
  for (const [label, env] of [
    ["stdin is not a terminal", {}],
    ["CI=1", { CI: "1" }],
  ] as const) {
    test(
      `without a terminal (${label}) a drop + add that looks like a rename never prompts; the warning names @was`,
      withProject((p) => {
        const before = p.files();
        p.setModel(renamed);
        const r = p.ok(["revision", "--autogenerate", "-m", "rename?"], 0, env);
        expect(r.stderr).toContain(
          `[warn] column User.name is dropped and User.fullName added with the same type TEXT: if this is a rename, add @was("name") to the field fullName; as generated, the data in name is lost`,
        );
        const text = newest(p, before);
        expect(text).toMatch(/op\.dropColumn\("User", "name"\)/);
        expect(text).toMatch(/op\.addColumn\("User", \{ name: "fullName"/);
      }),
    );
  }

  test(
    "without a terminal a dropped and an added table with the same columns never prompt; the warning names @@was",
    withProject((p) => {
      p.setModel(A.replace("posts Post[]", "posts Article[]").replace("model Post {", "model Article {"));
      const r = p.ok(["revision", "--autogenerate", "-m", "article?"], 0, { CI: "1" });
      expect(r.stderr).toContain(
          `[warn] table "Post" is dropped and "Article" added with the same columns: if this is a rename, add @@was("Post") to the model of Article; as generated, the rows of Post are lost`,
      );
    }),
  );

  test(
    "@was hints that swap two column names are refused with a warning, and nothing moves",
    withProject((p) => {
      p.setModel(A.replace("  email String  @unique\n  name  String?\n", '  name  String? @was("email")\n  email String? @was("name")\n'));
      const r = p.ok(["revision", "--autogenerate", "-m", "swap"]);
      expect(r.stderr).toMatch(/\[warn\] the @was\/@@was hints on columns of User swap names in a cycle \(email → name, name → email\): ignored/);
      p.ok(["upgrade", "head"]);
      expect(p.rows(`SELECT id, email, name FROM "User" ORDER BY id`)).toEqual([
        { id: 1, email: "a@x", name: "Ann" },
        { id: 2, email: "b@x", name: null },
      ]);
    }),
  );

  const hasScript = Bun.spawnSync(["sh", "-c", "command -v script"]).exitCode === 0;
  const underTerminal = (p: Proj, answer: string, env: Record<string, string>) => {
    const cmd = `${process.execPath} ${join(import.meta.dir, "../../src/cli/main.ts")} revision --autogenerate -m rename`;
    return Bun.spawnSync(["sh", "-c", `(sleep 2; printf '${answer}') | script -qec "${cmd}" /dev/null`], {
      cwd: p.dir,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: p.dir, NO_COLOR: "1", TERM: "dumb", ...env },
      stdout: "pipe",
      stderr: "pipe",
      timeout: 20_000,
    });
  };

  test.skipIf(!hasScript)(
    "on a terminal with CI=1 set, the rename candidate is not prompted for either",
    withProject((p) => {
      const before = p.files();
      p.setModel(renamed);
      const r = underTerminal(p, "y\\r", { CI: "1" });
      expect(r.exitCode).toBe(0);
      expect(r.stdout.toString()).toContain('add @was("name") to the field fullName');
      expect(newest(p, before)).toMatch(/op\.dropColumn\("User", "name"\)/);
    }),
  );

  test.skipIf(!hasScript)(
    "on a terminal a drop + add that looks like a rename is asked about; yes makes it a rename",
    withProject((p) => {
      const before = p.files();
      p.setModel(renamed);
      const r = underTerminal(p, "y\\r", {});
      expect(r.stdout.toString()).not.toContain("internal error");
      expect(r.exitCode).toBe(0);
      expect(newest(p, before)).toMatch(/op\.renameColumn\("User", "name", "fullName"\)/);
    }),
  );

  test(
    "--from-db on a database that is not at head stops with 'Target database is not up to date' (exit 3); at head it works",
    withProject((p) => {
      const before = p.files();
      p.setModel(A.replace("  name  String?\n", "  name  String?\n  bio   String?\n"));
      p.ok(["revision", "--autogenerate", "-m", "bio"]);
      const files = p.files();
      p.setModel(A.replace("  name  String?\n", "  name  String?\n  bio   String?\n  city  String?\n"));
      const snapshot = dump(p.db);
      const r = p.run(["revision", "--autogenerate", "--from-db", "-m", "city"]);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/error: Target database is not up to date\./);
      expect(r.stderr).toMatch(/hint: run `migrator upgrade head` first/);
      expect(p.files()).toEqual(files);
      expect(dump(p.db)).toBe(snapshot);

      p.ok(["upgrade", "head"]);
      p.ok(["revision", "--autogenerate", "--from-db", "-m", "city"]);
      const text = newest(p, files);
      expect(text).toMatch(/op\.addColumn\("User", \{ name: "city", type: "TEXT", nullable: true \}\)/);
      expect(text).not.toMatch(/"bio"/);
      expect(before.length).toBe(1);
    }),
  );
});

describe("check and diff", () => {
  test(
    "check exits 0 when the migrations cover the model and 3 listing the changes when they don't",
    withProject((p) => {
      expect(p.ok(["check"]).stderr).toContain("No changes: the migrations match the model");
      p.setModel(A.replace("  name  String?\n", "  name  String?\n  age   Int     @default(1)\n") + `\nmodel Tag {\n  id Int @id\n}\n`);
      const r = p.run(["check"]);
      expect(r.code).toBe(3);
      expect(r.stdout).toContain("create table Tag (1 column)");
      expect(r.stdout).toContain("add column User.age INTEGER NOT NULL DEFAULT 1");
      expect(r.stderr).toMatch(/error: the model has 2 change\(s\) that no migration covers/);
    }),
  );

  test(
    "diff prints the changes and the SQL they run, and writes no file",
    withProject((p) => {
      const before = p.files();
      const db = dump(p.db);
      p.setModel(A.replace("  name  String?\n", "  name  String?\n  age   Int     @default(1)\n") + `\nmodel Tag {\n  id Int @id\n}\n`);
      const r = p.ok(["diff"]);
      expect(r.stdout).toContain("--   create table Tag (1 column)");
      expect(r.stdout).toMatch(/CREATE TABLE "Tag" \(\s*"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT\s*\);/);
      expect(r.stdout).toContain(`ALTER TABLE "User" ADD COLUMN "age" INTEGER NOT NULL DEFAULT 1;`);
      expect(p.files()).toEqual(before);
      expect(dump(p.db)).toBe(db);
      p.setModel(A);
      expect(p.ok(["diff"]).stderr).toContain("No changes");
    }),
  );
});

describe("a change that cannot succeed on the rows", () => {
  test(
    "making a column NOT NULL without a default while rows hold NULL names table, column and row count; the database is unchanged",
    withProject((p) => {
      const before = p.files();
      p.setModel(A.replace("  name  String?\n", "  name  String\n"));
      p.ok(["revision", "--autogenerate", "-m", "name required"]);
      expect(newest(p, before)).toMatch(/\/\/ DESTRUCTIVE: makes User\.name NOT NULL without a default: fails if a row holds NULL/);
      const snapshot = dump(p.db);
      const r = p.run(["upgrade", "head"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cannot make "User"\."name" NOT NULL: 1 rows have NULL in it/);
      expect(dump(p.db)).toBe(snapshot);
      // once the rows are fixed the same migration applies
      p.exec(`UPDATE "User" SET name = 'Bob' WHERE name IS NULL`);
      p.ok(["upgrade", "head"]);
      p.ok(["check"]);
    }),
  );

  // A change that also re-creates the table (here an unnamed CHECK changes; enum CHECKs are
  // named and change in place) copies the rows with a plain INSERT ... SELECT that the runner's
  // data checks never see: the generated migration checks the rows itself before copying.
  const checkModel = (minEmail: number, name: string) =>
    A.replace("  name  String?\n", name).replace("  posts Post[]\n}", `  posts Post[]\n\n  @@check("length(email) > ${minEmail}")\n}`);
  test(
    "a re-creation that makes a column NOT NULL over NULL rows names table, column and row count; the database is unchanged",
    withProject((p) => {
      p.setModel(checkModel(0, "  name  String?\n"));
      p.ok(["revision", "--autogenerate", "-m", "role"]);
      p.ok(["upgrade", "head"]);
      const before = p.files();
      p.setModel(checkModel(1, "  name  String\n  code  String\n"));
      p.ok(["revision", "--autogenerate", "-m", "role + name required"]);
      const text = newest(p, before);
      expect(text).toMatch(/\/\/ DESTRUCTIVE: makes User\.name NOT NULL: fails if a row holds NULL/);
      expect(text).toMatch(/\/\/ DESTRUCTIVE: adds NOT NULL column User\.code without a default: fails if the table has rows/);
      const snapshot = dump(p.db);
      const r = p.run(["upgrade", "head"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cannot make "User"\."name" NOT NULL: 1 rows have NULL in it/);
      expect(dump(p.db)).toBe(snapshot);
      p.exec(`UPDATE "User" SET name = 'x' WHERE name IS NULL`);
      const r2 = p.run(["upgrade", "head"]);
      expect(r2.code).toBe(1);
      expect(r2.stderr).toMatch(/cannot add NOT NULL column "User"\."code" without a default: the table has 2 rows/);
      expect(dump(p.db)).not.toBe(snapshot); // only the UPDATE above
    }),
  );

  test(
    "adding a required column without a default to a table with rows names table, column and row count; the database is unchanged",
    withProject((p) => {
      p.setModel(A.replace("  name  String?\n", "  name  String?\n  code  String\n"));
      p.ok(["revision", "--autogenerate", "-m", "code"]);
      const snapshot = dump(p.db);
      const r = p.run(["upgrade", "head"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/"User"\."code"/);
      expect(r.stderr).toMatch(/2 rows/);
      expect(dump(p.db)).toBe(snapshot);
    }),
  );
});
