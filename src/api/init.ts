// `migrator init [DIR]`: lays out a new project — migrator.toml, a starter schema.prisma and an
// empty migrations/ folder. Never overwrites an existing file.

import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError } from "../errors";

export interface InitResult {
  dir: string;
  created: string[];
  skipped: string[];
}

const CONFIG = `# migrator configuration — every key can be overridden by an environment variable or a flag
database   = "data/app.db"          # or MIGRATOR_DATABASE / DATABASE_URL, or --db
schema     = "schema.prisma"        # the model file
migrations = "migrations"
file_template = "{year}_{month}_{day}_{hour}{minute}-{rev}_{slug}"
version_table = "migrator_version"
transaction_per_migration = false   # default: the whole run is one transaction
busy_timeout_ms = 30000
`;

const SCHEMA = `// The model: Prisma's schema language. Edit it, then run
//   migrator revision --autogenerate -m "describe the change"

datasource db {
  provider = "sqlite"
  url      = env("DATABASE_URL")
}
`;

export function initProject(dir: string, cwd: string = process.cwd()): InitResult {
  const root = resolve(cwd, dir);
  if (existsSync(root) && !statSync(root).isDirectory()) {
    throw new UsageError("init_not_a_directory", `${dir}: exists and is not a directory`);
  }
  mkdirSync(root, { recursive: true });
  const created: string[] = [];
  const skipped: string[] = [];
  const write = (name: string, text: string) => {
    const p = join(root, name);
    if (existsSync(p)) skipped.push(name);
    else {
      writeFileSync(p, text);
      created.push(name);
    }
  };
  write("migrator.toml", CONFIG);
  write("schema.prisma", SCHEMA);
  const mig = join(root, "migrations");
  if (existsSync(mig)) skipped.push("migrations/");
  else {
    mkdirSync(mig, { recursive: true });
    created.push("migrations/");
  }
  return { dir: root, created, skipped };
}
