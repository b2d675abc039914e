// The composition root's one choice (DESIGN.md §3): which dialect serves a database location or
// a model's provider. SQLite loads with the API; PostgreSQL only when a location or provider
// names it, so a SQLite command never loads its code.

import type { Dialect } from "../dialect/dialect";
import { sqliteDialect } from "../dialect/sqlite";
import { UsageError } from "../errors";
import type { ModelTarget } from "../schema/target";
import { isPostgresUrl } from "./config";

let postgres: Promise<Dialect> | null = null;
const loadPostgres = () => (postgres ??= import("../dialect/postgres").then((m) => m.postgresDialect));

/** The dialect of a database location: a `postgres://` URL, else a SQLite path. */
export function dialectFor(location: string): Dialect | Promise<Dialect> {
  return isPostgresUrl(location) ? loadPostgres() : sqliteDialect;
}

export type Provider = "sqlite" | "postgresql";

/** The datasource provider of a model file, normalised; an unknown one is a usage error. */
export function providerOf(provider: string | null, file: string): Provider {
  if (provider === null || provider === "sqlite") return "sqlite";
  if (provider === "postgresql" || provider === "postgres") return "postgresql";
  throw new UsageError("model_provider", `${file}: datasource provider "${provider}" is not supported`, {
    hint: 'use provider = "sqlite" or provider = "postgresql"',
  });
}

export async function dialectForProvider(provider: Provider): Promise<Dialect> {
  return provider === "postgresql" ? loadPostgres() : sqliteDialect;
}

export async function targetForProvider(provider: Provider): Promise<ModelTarget> {
  return (await dialectForProvider(provider)).target;
}
