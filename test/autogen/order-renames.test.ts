// Operation order (referenced tables first when creating, dependants first when dropping) and
// rename resolution: hints, an injected ask, and the warning when nobody can be asked.
import { describe, expect, test } from "bun:test";
import type { Operation } from "../../src/ops/types";
import { compareSchemas, diffSchemas } from "../../src/autogen/compare";
import type { RenameQuestion } from "../../src/autogen/renames";
import { reverseOperations } from "../../src/autogen/reverse";
import { applyOps } from "./_apply";
import { blog, clone, col, fk, idCol, index, notNull, schema, t, table } from "./_build";

const pos = (ops: Operation[], pred: (op: Operation) => boolean) => {
  const i = ops.findIndex(pred);
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
};
const kinds = (ops: Operation[]) => ops.map((o) => o.kind);

describe("ordering", () => {
  test("a referenced table is created before the table whose foreign key points at it, whatever the model order", async () => {
    const to = schema(
      table("Comment", [idCol(), col("postId", "INTEGER")], { foreignKeys: [fk("c_post", ["postId"], "Post")] }),
      table("Post", [idCol(), col("authorId", "INTEGER")], { foreignKeys: [fk("p_author", ["authorId"], "Author")] }),
      table("Author", [idCol()]),
    );
    const { operations } = await compareSchemas(schema(), to);
    const created = operations.flatMap((o) => (o.kind === "createTable" ? [o.table.name] : []));
    expect(created).toEqual(["Author", "Post", "Comment"]);
  });

  test("a foreign key added to an existing table comes after the new table it references", async () => {
    const from = schema(table("Post", [idCol(), col("tagId", "INTEGER")]));
    const to = schema(
      table("Post", [idCol(), col("tagId", "INTEGER")], { foreignKeys: [fk("Post_tagId_fkey", ["tagId"], "Tag")] }),
      table("Tag", [idCol()]),
    );
    const { operations } = await compareSchemas(from, to);
    expect(kinds(operations)).toEqual(["createTable", "createForeignKey"]);
  });

  test("referencing tables are dropped before the tables they reference", async () => {
    const from = schema(
      table("Author", [idCol()]),
      table("Post", [idCol(), col("authorId", "INTEGER")], { foreignKeys: [fk("p_author", ["authorId"], "Author")] }),
      table("Comment", [idCol(), col("postId", "INTEGER")], { foreignKeys: [fk("c_post", ["postId"], "Post")] }),
    );
    const { operations } = await compareSchemas(from, schema());
    expect(operations.map((o) => (o.kind === "dropTable" ? o.name : o.kind))).toEqual(["Comment", "Post", "Author"]);
  });

  test("a reference cycle between new tables still creates each table once", async () => {
    const to = schema(
      table("A", [idCol(), col("bId", "INTEGER")], { foreignKeys: [fk("a_b", ["bId"], "B")] }),
      table("B", [idCol(), col("aId", "INTEGER")], { foreignKeys: [fk("b_a", ["aId"], "A")] }),
    );
    const { operations } = await compareSchemas(schema(), to);
    expect(operations.map((o) => (o.kind === "createTable" ? o.table.name : o.kind)).sort()).toEqual(["A", "B"]);
  });

  test("foreign keys and indexes on a column are dropped before the column", async () => {
    const from = blog();
    t(from, "Post").indexes.push(index("Post_authorId_idx", ["authorId"]));
    const to = clone(from);
    const post = t(to, "Post");
    post.columns = post.columns.filter((c) => c.name !== "authorId");
    post.foreignKeys = [];
    post.indexes = [];
    const { operations } = await compareSchemas(from, to);
    expect(kinds(operations)).toEqual(["dropIndex", "dropConstraint", "dropColumn"]);
  });

  test("a new column comes before the index and foreign key that use it", async () => {
    const from = schema(table("User", [idCol()]), table("Post", [idCol()]));
    const to = clone(from);
    t(to, "Post").columns.push(col("authorId", "INTEGER"));
    t(to, "Post").foreignKeys.push(fk("Post_authorId_fkey", ["authorId"], "User"));
    t(to, "Post").indexes.push(index("Post_authorId_idx", ["authorId"]));
    const { operations } = await compareSchemas(from, to);
    expect(kinds(operations)).toEqual(["addColumn", "createForeignKey", "createIndex"]);
  });

  test("the downgrade drops a created child table before its parent", async () => {
    const to = schema(table("Parent", [idCol()]), table("Child", [idCol(), col("p", "INTEGER")], { foreignKeys: [fk("c_p", ["p"], "Parent")] }));
    const { operations } = await compareSchemas(schema(), to);
    const down = reverseOperations(operations, schema());
    expect(down.map((o) => (o.kind === "dropTable" ? o.name : o.kind))).toEqual(["Child", "Parent"]);
  });

  test("renames come first, so later operations use the new names", async () => {
    const from = blog();
    const to = clone(from);
    Object.assign(t(to, "User"), { name: "Account", was: ["User"] });
    t(to, "Post").foreignKeys[0]!.refTable = "Account";
    t(to, "Account").columns.push(col("bio"));
    const { operations } = await compareSchemas(from, to);
    expect(operations).toEqual([
      { kind: "renameTable", from: "User", to: "Account" },
      { kind: "addColumn", table: "Account", column: col("bio") },
    ]);
  });
});

describe("renames without hints", () => {
  const dropAddColumn = () => {
    const from = blog();
    const to = clone(from);
    t(to, "User").columns[2]!.name = "displayName";
    return { from, to };
  };

  test("a dropped and an added column of one type stay drop + add, with a warning naming @was", async () => {
    const { from, to } = dropAddColumn();
    const { operations, warnings } = await compareSchemas(from, to);
    expect(kinds(operations)).toEqual(["dropColumn", "addColumn"]);
    expect(warnings).toEqual([
      'column User.name is dropped and User.displayName added with the same type TEXT: if this is a rename, add @was("name") to the field displayName; as generated, the data in name is lost',
    ]);
  });

  test("ask is called with the candidate and a yes makes it a rename", async () => {
    const { from, to } = dropAddColumn();
    const asked: RenameQuestion[] = [];
    const { operations, warnings } = await compareSchemas(from, to, { ask: (q) => (asked.push(q), true) });
    expect(asked).toEqual([{ kind: "column", table: "User", from: "name", to: "displayName", type: "TEXT" }]);
    expect(operations).toEqual([{ kind: "renameColumn", table: "User", from: "name", to: "displayName" }]);
    expect(warnings).toEqual([]);
  });

  test("an asynchronous no keeps drop + add", async () => {
    const { from, to } = dropAddColumn();
    const { operations } = await compareSchemas(from, to, { ask: async () => false });
    expect(kinds(operations)).toEqual(["dropColumn", "addColumn"]);
  });

  test("columns of different types are not rename candidates", async () => {
    const from = blog();
    const to = clone(from);
    t(to, "User").columns[2] = col("age", "INTEGER");
    let asked = 0;
    const { warnings } = await compareSchemas(from, to, { ask: () => (asked++, true) });
    expect(asked).toBe(0);
    expect(warnings).toEqual([]);
  });

  test("a dropped and an added table with identical columns are a table rename candidate", async () => {
    const from = schema(table("Legacy", [idCol(), col("x")]));
    const to = schema(table("Modern", [idCol(), col("x")]));
    const noAsk = await compareSchemas(from, to);
    expect(kinds(noAsk.operations)).toEqual(["createTable", "dropTable"]);
    expect(noAsk.warnings[0]).toContain('add @@was("Legacy") to the model of Modern');
    const yes = await compareSchemas(from, to, { ask: (q) => q.kind === "table" && q.from === "Legacy" && q.to === "Modern" });
    expect(yes.operations).toEqual([{ kind: "renameTable", from: "Legacy", to: "Modern" }]);
  });

  test("after a table rename is confirmed, its columns are compared for renames too", async () => {
    const from = schema(table("Legacy", [idCol(), col("x")]));
    const to = schema(table("Modern", [idCol(), col("y")], { was: ["Legacy"] }));
    const { operations } = await compareSchemas(from, to, { ask: () => true });
    expect(operations).toEqual([
      { kind: "renameTable", from: "Legacy", to: "Modern" },
      { kind: "renameColumn", table: "Modern", from: "x", to: "y" },
    ]);
    expect(diffSchemas(applyOps(from, operations), to).operations).toEqual([]);
  });
});

describe("cascade warnings", () => {
  test("dropping a table referenced ON DELETE CASCADE by a table that keeps the key is called out", async () => {
    const from = blog();
    const to = clone(from);
    to.tables = to.tables.filter((x) => x.name !== "User");
    const { warnings } = await compareSchemas(from, to);
    expect(warnings).toEqual([
      "dropping table User: Post(authorId) references User ON DELETE CASCADE; if foreign keys are enforced while the migration runs, DROP TABLE User applies that action to the rows of Post: review before applying",
    ]);
  });

  test("when the referencing table goes too, it is dropped first and the warning says so", async () => {
    const { warnings, operations } = await compareSchemas(blog(), schema());
    expect(operations.map((o) => (o.kind === "dropTable" ? o.name : o.kind))).toEqual(["Post", "User"]);
    expect(warnings).toEqual(["dropping table User: Post(authorId) references User ON DELETE CASCADE; Post is dropped first, so no rows cascade"]);
  });

  test("re-creating a referenced table (primary key change) is called out", async () => {
    const from = blog();
    const to = clone(from);
    t(to, "User").primaryKey = { name: null, columns: ["id"], autoincrement: true };
    const { warnings } = await compareSchemas(from, to);
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toStartWith("re-creating table User: Post(authorId) references User ON DELETE CASCADE; if foreign keys are enforced");
  });
});

test("a NOT NULL column added without a default is not hidden among rename candidates", async () => {
  const from = schema(table("T", [idCol()]));
  const to = schema(table("T", [idCol(), notNull("n", "INTEGER")]));
  const { operations, warnings } = await compareSchemas(from, to);
  expect(kinds(operations)).toEqual(["addColumn"]);
  expect(warnings).toEqual([]);
});
