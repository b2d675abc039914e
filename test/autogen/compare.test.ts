// The differ, one named case per change Alembic's guide lists and per migrator extra. Every
// case also checks the round trip: the operations applied to `from` leave nothing to diff
// against `to`, and their reverse applied to `to` gives `from` back.
import { describe, expect, test } from "bun:test";
import type { Schema } from "../../src/schema/types";
import { compareSchemas, diffSchemas } from "../../src/autogen/compare";
import { describeOperation } from "../../src/autogen/describe";
import { reverseOperations } from "../../src/autogen/reverse";
import { applyOps } from "./_apply";
import { blog, check, clone, col, fk, idCol, index, notNull, schema, t, table, unique } from "./_build";

interface Case {
  name: string;
  from?: Schema;
  change: (s: Schema) => void;
  expected: string[];
}

const cases: Case[] = [
  // --- Alembic's "can detect" list
  {
    name: "a new table is created, its indexes after it",
    change: (s) => s.tables.push(table("Tag", [idCol(), notNull("label")], { indexes: [index("Tag_label_key", ["label"], { unique: true })] })),
    expected: ["create table Tag (2 columns)", "create unique index Tag_label_key on Tag (label)"],
  },
  {
    name: "a removed table is dropped",
    from: schema(...blog().tables, table("Legacy", [idCol(), col("x")])),
    change: (s) => void s.tables.pop(),
    expected: ["drop table Legacy (DESTRUCTIVE)"],
  },
  {
    name: "a new column is added",
    change: (s) => t(s, "Post").columns.push(col("priority", "INTEGER")),
    expected: ["add column Post.priority INTEGER NULL"],
  },
  {
    name: "a new NOT NULL column with a default is added",
    change: (s) => t(s, "Post").columns.push(notNull("views", "INTEGER", { default: "0" })),
    expected: ["add column Post.views INTEGER NOT NULL DEFAULT 0"],
  },
  {
    name: "a new NOT NULL column without a default is flagged as failing on existing rows",
    change: (s) => t(s, "Post").columns.push(notNull("slug")),
    expected: ["add column Post.slug TEXT NOT NULL (DESTRUCTIVE)"],
  },
  {
    name: "a removed column is dropped",
    change: (s) => void (t(s, "User").columns = t(s, "User").columns.filter((c) => c.name !== "name")),
    expected: ["drop column User.name (DESTRUCTIVE)"],
  },
  {
    name: "a column type change is an alterColumn",
    change: (s) => void (t(s, "User").columns[2]!.type = "VARCHAR(100)"),
    expected: ["alter column User.name: type TEXT → VARCHAR(100) (DESTRUCTIVE)"],
  },
  {
    // issue 13: TEXT stores DEFAULT 7 as '7', but the re-declared column must say what the model says
    name: "a type change carries the model's default literal (INTEGER DEFAULT 7 → TEXT DEFAULT '7')",
    from: schema(table("M", [idCol(), notNull("n", "INTEGER", { default: "7" })])),
    change: (s) => void Object.assign(t(s, "M").columns[1]!, { type: "TEXT", default: "'7'" }),
    expected: ["alter column M.n: type INTEGER → TEXT, default 7 → '7'"],
  },
  {
    name: "a type change carries the model's default literal (TEXT DEFAULT '0' → INTEGER DEFAULT 0)",
    from: schema(table("M", [idCol(), notNull("s", "TEXT", { default: "'0'" })])),
    change: (s) => void Object.assign(t(s, "M").columns[1]!, { type: "INTEGER", default: "0" }),
    expected: ["alter column M.s: type TEXT → INTEGER, default '0' → 0 (DESTRUCTIVE)"],
  },
  {
    name: "a type change that keeps the same default literal alters only the type",
    from: schema(table("M", [idCol(), col("p", "REAL", { default: "1.5" })])),
    change: (s) => void Object.assign(t(s, "M").columns[1]!, { type: "DECIMAL", default: "(1.5)" }),
    expected: ["alter column M.p: type REAL → DECIMAL"],
  },
  {
    name: "a renamed column that changes type carries the new default literal",
    from: schema(table("M", [idCol(), col("n", "INTEGER", { default: "5" })])),
    change: (s) => void Object.assign(t(s, "M").columns[1]!, { name: "label", was: ["n"], type: "TEXT", default: "'5'" }),
    expected: ["rename column M.n to label", "alter column M.label: type INTEGER → TEXT, default 5 → '5'"],
  },
  {
    name: "a widening type change is not destructive",
    change: (s) => void (t(s, "Post").columns[2]!.type = "BIGINT"),
    expected: ["alter column Post.authorId: type INTEGER → BIGINT"],
  },
  {
    name: "a column becoming nullable",
    change: (s) => void (t(s, "User").columns[1]!.notNull = false),
    expected: ["alter column User.email: NULL"],
  },
  {
    name: "a column becoming NOT NULL without a default is destructive",
    change: (s) => void (t(s, "User").columns[2]!.notNull = true),
    expected: ["alter column User.name: NOT NULL (DESTRUCTIVE)"],
  },
  {
    name: "a column becoming NOT NULL together with a new default is not destructive",
    change: (s) => void Object.assign(t(s, "User").columns[2]!, { notNull: true, default: "''" }),
    expected: ["alter column User.name: NOT NULL, default none → ''"],
  },
  {
    name: "a changed default",
    change: (s) => void (t(s, "Post").columns[3]!.default = "'PUBLISHED'"),
    expected: ["alter column Post.status: default 'DRAFT' → 'PUBLISHED'"],
  },
  {
    name: "a removed default",
    change: (s) => void (t(s, "Post").columns[3]!.default = null),
    expected: ["alter column Post.status: default 'DRAFT' → none"],
  },
  {
    name: "a new foreign key on an existing column",
    from: (() => {
      const s = blog();
      t(s, "Post").foreignKeys = [];
      return s;
    })(),
    change: (s) => void (t(s, "Post").foreignKeys = t(blog(), "Post").foreignKeys),
    expected: ["add foreign key Post_authorId_fkey Post(authorId) → User(id) ON DELETE CASCADE ON UPDATE CASCADE"],
  },
  {
    name: "a removed foreign key",
    change: (s) => void (t(s, "Post").foreignKeys = []),
    expected: ["drop foreign key Post_authorId_fkey on Post"],
  },
  {
    name: "a foreign key whose actions change is dropped and created again",
    change: (s) => void (t(s, "Post").foreignKeys[0]!.onDelete = "SET NULL"),
    expected: [
      "drop foreign key Post_authorId_fkey on Post",
      "add foreign key Post_authorId_fkey Post(authorId) → User(id) ON DELETE SET NULL ON UPDATE CASCADE",
    ],
  },
  {
    name: "a new index",
    change: (s) => t(s, "Post").indexes.push(index("Post_title_idx", ["title"])),
    expected: ["create index Post_title_idx on Post (title)"],
  },
  {
    name: "a removed index",
    change: (s) => void (t(s, "User").indexes = []),
    expected: ["drop index User_email_key on User"],
  },
  {
    name: "an index whose columns change is dropped and created again",
    change: (s) => void (t(s, "User").indexes[0]!.columns.push({ name: "name" })),
    expected: ["drop index User_email_key on User", "create unique index User_email_key on User (email, name)"],
  },
  {
    name: "an index becoming partial is dropped and created again",
    change: (s) => void (t(s, "User").indexes[0]!.where = "email IS NOT NULL"),
    expected: ["drop index User_email_key on User", "create unique index User_email_key on User (email)"],
  },
  // --- extras
  {
    name: "a new named CHECK constraint",
    change: (s) => t(s, "User").checks.push(check("User_email_check", "length(email) > 3")),
    expected: ["add CHECK User_email_check on User: length(email) > 3"],
  },
  {
    name: "a removed named CHECK constraint",
    change: (s) => void (t(s, "Post").checks = []),
    expected: ["drop CHECK Post_status_check on Post"],
  },
  {
    name: "a changed CHECK expression is dropped and created again",
    change: (s) => void (t(s, "User").checks = []),
    from: (() => {
      const s = blog();
      t(s, "User").checks = [check("User_email_check", "length(email) > 3")];
      return s;
    })(),
    expected: ["drop CHECK User_email_check on User"],
  },
  {
    name: "an enum gaining and losing values shows as a readable CHECK change",
    change: (s) => void (t(s, "Post").checks[0]!.expr = `"status" IN ('PUBLISHED', 'ARCHIVED')`),
    expected: ["drop CHECK Post_status_check on Post", "change CHECK Post_status_check on Post: allowed values of status: + ARCHIVED, - DRAFT"],
  },
  {
    name: "a new named UNIQUE constraint",
    change: (s) => t(s, "Post").uniques.push(unique("Post_title_author_key", ["title", "authorId"])),
    expected: ["add UNIQUE Post_title_author_key on Post (title, authorId)"],
  },
  {
    name: "a removed named UNIQUE constraint",
    from: (() => {
      const s = blog();
      t(s, "Post").uniques = [unique("Post_title_key", ["title"])];
      return s;
    })(),
    change: (s) => void (t(s, "Post").uniques = []),
    expected: ["drop UNIQUE Post_title_key on Post"],
  },
  {
    name: "a changed primary key re-creates the table",
    change: (s) => {
      const post = t(s, "Post");
      post.primaryKey = { name: null, columns: ["id", "title"], autoincrement: false };
    },
    expected: [
      "create table _migrator_tmp_Post (4 columns)",
      'execute SQL: INSERT INTO "_migrator_tmp_Post" ("id", "title", "authorId", "statu...',
      "drop table Post (DESTRUCTIVE)",
      "rename table _migrator_tmp_Post to Post",
    ],
  },
  {
    name: "an unnamed CHECK constraint change re-creates the table (it cannot be dropped by name)",
    from: schema(table("Item", [idCol(), col("kind")], { checks: [check(null, "kind IN ('a', 'b')")] })),
    change: (s) => void (t(s, "Item").checks[0]!.expr = "kind IN ('a', 'b', 'c')"),
    expected: [
      "create table _migrator_tmp_Item (2 columns)",
      'execute SQL: INSERT INTO "_migrator_tmp_Item" ("id", "kind") SELECT "id", "kind"...',
      "drop table Item (DESTRUCTIVE)",
      "rename table _migrator_tmp_Item to Item",
    ],
  },
  {
    name: "a table renamed with @@was is renamed, not dropped",
    change: (s) => {
      Object.assign(t(s, "User"), { name: "Account", was: ["User"] });
      t(s, "Post").foreignKeys[0]!.refTable = "Account";
    },
    expected: ["rename table User to Account"],
  },
  {
    name: "a column renamed with @was is renamed, not dropped",
    change: (s) => Object.assign(t(s, "User").columns[2]!, { name: "fullName", was: ["name"] }),
    expected: ["rename column User.name to fullName"],
  },
  {
    name: "a renamed column that also changes type is renamed then altered",
    change: (s) => Object.assign(t(s, "User").columns[2]!, { name: "fullName", was: ["name"], type: "VARCHAR(200)" }),
    expected: ["rename column User.name to fullName", "alter column User.fullName: type TEXT → VARCHAR(200) (DESTRUCTIVE)"],
  },
  {
    name: "renaming a referenced column carries the foreign keys pointing at it",
    change: (s) => {
      Object.assign(t(s, "User").columns[0]!, { name: "userId", was: ["id"] });
      t(s, "User").primaryKey!.columns = ["userId"];
      t(s, "Post").foreignKeys[0]!.refColumns = ["userId"];
    },
    expected: ["rename column User.id to userId"],
  },
  {
    name: "views and triggers are never diffed away",
    from: { ...blog(), views: [{ name: "v", sql: "CREATE VIEW v AS SELECT 1" }], triggers: [{ name: "tr", table: "Post", sql: "CREATE TRIGGER tr ..." }] },
    change: () => {},
    expected: [],
  },
];

describe("compareSchemas detects each kind of change", () => {
  for (const c of cases) {
    test(c.name, async () => {
      const from = c.from ?? blog();
      const to = clone(from);
      c.change(to);
      const { operations } = await compareSchemas(from, to);
      const described = operations.map((op) => describeOperation(op, from));
      expect(described.slice(0, c.expected.length)).toEqual(c.expected);
      if (!c.name.includes("re-creates")) expect(described).toEqual(c.expected);
      // round trip both ways
      expect(diffSchemas(applyOps(from, operations), to).operations).toEqual([]);
      expect(diffSchemas(applyOps(to, reverseOperations(operations, from)), from).operations).toEqual([]);
    });
  }
});

describe("equivalent spellings never show up as changes", () => {
  const variants: [string, (s: Schema) => void][] = [
    ["type case and spacing", (s) => void (t(s, "User").columns[2]!.type = "text")],
    ["INT vs INTEGER on a plain column", (s) => void (t(s, "Post").columns[2]!.type = "INT")],
    ["varchar sizes with spaces", (s) => void (t(s, "User").columns[1]!.type = "TEXT")],
    ["double-quoted string default", (s) => void (t(s, "Post").columns[3]!.default = `"DRAFT"`)],
    ["parenthesised default", (s) => void (t(s, "Post").columns[3]!.default = `('DRAFT')`)],
    ["DEFAULT NULL vs no default", (s) => void (t(s, "User").columns[2]!.default = "NULL")],
    ["CHECK with other spacing and quoting", (s) => void (t(s, "Post").checks[0]!.expr = `status in ('DRAFT','PUBLISHED')`)],
    ["table name case", (s) => void (t(s, "User").name = "user")],
    ["column name case", (s) => void (t(s, "User").columns[1]!.name = "EMAIL")],
    ["column order", (s) => void t(s, "User").columns.reverse()],
    ["foreign key target case", (s) => void (t(s, "Post").foreignKeys[0]!.refTable = "user")],
    ["stale @was hint after the rename was applied", (s) => void (t(s, "User").columns[2]!.was = ["oldName"])],
    ["NOT NULL on an INTEGER PRIMARY KEY (a rowid alias is never NULL)", (s) => void (t(s, "User").columns[0]!.notNull = false)],
    ["SQLite automatic indexes", (s) => void t(s, "User").indexes.push(index("sqlite_autoindex_User_1", ["email"], { unique: true }))],
  ];
  for (const [name, edit] of variants) {
    test(name, async () => {
      const from = blog();
      const to = clone(from);
      edit(to);
      expect((await compareSchemas(from, to)).operations).toEqual([]);
    });
  }

  test("REAL default 0.0 vs 0 is no change, but in a TEXT column it is", async () => {
    const from = schema(table("M", [idCol(), col("r", "REAL", { default: "0" }), col("s", "TEXT", { default: "0" })]));
    const to = clone(from);
    t(to, "M").columns[1]!.default = "0.0";
    expect((await compareSchemas(from, to)).operations).toEqual([]);
    t(to, "M").columns[2]!.default = "0.0";
    const ops = (await compareSchemas(from, to)).operations.map((o) => describeOperation(o));
    expect(ops).toEqual(["alter column M.s: default 0 → 0.0"]);
  });

  test("INT vs INTEGER on the single-column primary key is a change (rowid alias)", async () => {
    const from = blog();
    const to = clone(from);
    t(to, "User").columns[0]!.type = "INT";
    const ops = (await compareSchemas(from, to)).operations.map((o) => describeOperation(o, from));
    expect(ops).toEqual(["alter column User.id: type INTEGER → INT"]);
  });
});
