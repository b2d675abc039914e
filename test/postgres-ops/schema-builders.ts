// Short builders of neutral schema objects for the PostgreSQL op tests.

import type { Column, Table } from "../../src/schema/types";

export function col(name: string, type: string, extra: Partial<Column> = {}): Column {
  return { name, type, notNull: false, default: null, ...extra };
}

export function table(name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return { name, columns, primaryKey: null, indexes: [], foreignKeys: [], checks: [], uniques: [], ...extra };
}
