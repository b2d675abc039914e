// The downgrade derivation: definitions come from the operation or from the starting schema,
// renames are followed, and an operation without an inverse is an error that names it.
import { describe, expect, test } from "bun:test";
import { MigratorError } from "../../src/errors";
import type { Operation } from "../../src/ops/types";
import { reverseOperations } from "../../src/autogen/reverse";
import { blog, col, t } from "./_build";

describe("reverseOperations", () => {
  test("a dropColumn without its definition is reversed from the starting schema, after a table rename", () => {
    const ops: Operation[] = [
      { kind: "renameTable", from: "User", to: "Account" },
      { kind: "dropColumn", table: "Account", name: "name" },
    ];
    expect(reverseOperations(ops, blog())).toEqual([
      { kind: "addColumn", table: "Account", column: col("name") },
      { kind: "renameTable", from: "Account", to: "User" },
    ]);
  });

  test("a dropTable without its definition re-creates the table and then its indexes", () => {
    const rev = reverseOperations([{ kind: "dropTable", name: "User" }], blog());
    expect(rev.map((o) => o.kind)).toEqual(["createTable", "createIndex"]);
    expect(rev[0]).toEqual({ kind: "createTable", table: { ...t(blog(), "User"), indexes: [] } });
  });

  test("alterColumn is undone with the old type, nullability and default", () => {
    const rev = reverseOperations(
      [{ kind: "alterColumn", table: "Post", name: "status", changes: { type: "VARCHAR(20)", notNull: false, default: null } }],
      blog(),
    );
    expect(rev).toEqual([
      {
        kind: "alterColumn",
        table: "Post",
        name: "status",
        changes: { type: "TEXT", notNull: true, default: "'DRAFT'" },
        existing: { name: "status", type: "VARCHAR(20)", notNull: false, default: null },
      },
    ]);
  });

  test("a dropConstraint without a definition is reversed from the schema by name", () => {
    const rev = reverseOperations([{ kind: "dropConstraint", table: "Post", name: "Post_authorId_fkey", type: "foreignKey" }], blog());
    expect(rev).toEqual([{ kind: "createForeignKey", table: "Post", foreignKey: t(blog(), "Post").foreignKeys[0]! }]);
  });

  const irreversible: [string, Operation, string][] = [
    ["raw SQL", { kind: "execute", sql: "UPDATE t SET a = 1" }, "cannot write the downgrade of execute: raw SQL has no known inverse (UPDATE t SET a = 1)"],
    ["an unknown table", { kind: "dropTable", name: "Nope" }, "cannot write the downgrade of dropTable: the definition of table Nope is unknown"],
    [
      "an unnamed check",
      { kind: "createCheckConstraint", table: "Post", check: { name: null, expr: "1" } },
      "cannot write the downgrade of createCheckConstraint: the CHECK constraint on Post has no name to drop it by",
    ],
  ];
  for (const [name, op, message] of irreversible) {
    test(`${name} is an irreversible_operation error naming the operation`, () => {
      let err: unknown;
      try {
        reverseOperations([op], blog());
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MigratorError);
      expect((err as MigratorError).code).toBe("irreversible_operation");
      expect((err as MigratorError).message).toBe(message);
    });
  }
});
