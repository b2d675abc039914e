// Pure rendering of new migration files: the file name from a file_template, a slug that can
// never leave the migrations folder, and the TypeScript / SQL file text (DESIGN.md §4).
import { RevisionError } from "../errors.ts";
import type { MigrationFormat } from "./types.ts";

export const DEFAULT_FILE_TEMPLATE = "{year}_{month}_{day}_{hour}{minute}-{rev}_{slug}";
const SLUG_MAX = 40;

/** Lowercase `[a-z0-9_]` only, at most 40 characters; "" when nothing usable is left. */
export function slugify(message: string): string {
  const ascii = message.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  let out = "";
  let gap = false;
  for (const ch of ascii) {
    const ok = (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9");
    if (ok) {
      if (gap && out !== "") out += "_";
      out += ch;
      gap = false;
    } else gap = true;
    if (out.length >= SLUG_MAX) break;
  }
  return out.slice(0, SLUG_MAX).replace(/_+$/, "");
}

export interface FileNameParts {
  rev: string;
  slug: string;
  now: Date;
}

/**
 * The file name (without extension) for `template`; tokens: {rev} {slug} {year} {month} {day}
 * {hour} {minute} {second} {epoch}. An empty slug drops `{slug}` and the separator before it.
 */
export function formatFileName(template: string, parts: FileNameParts, ext: MigrationFormat): string {
  const d = parts.now;
  const two = (n: number) => String(n).padStart(2, "0");
  const values: Record<string, string> = {
    rev: parts.rev,
    slug: parts.slug,
    year: String(d.getFullYear()),
    month: two(d.getMonth() + 1),
    day: two(d.getDate()),
    hour: two(d.getHours()),
    minute: two(d.getMinutes()),
    second: two(d.getSeconds()),
    epoch: String(Math.floor(d.getTime() / 1000)),
  };
  let t = template;
  if (parts.slug === "") t = t.replace(/[-_. ]?\{slug\}/g, "");
  if (!t.includes("{rev}")) {
    throw new RevisionError("bad_file_template", `file_template '${template}' must contain {rev}`, { hint: `the default is ${DEFAULT_FILE_TEMPLATE}` });
  }
  const name = t.replace(/\{([a-z]*)\}/g, (whole, key: string) => {
    const v = values[key];
    if (v === undefined) {
      throw new RevisionError("bad_file_template", `file_template '${template}' has an unknown token ${whole}`, {
        hint: `use ${Object.keys(values).map((k) => `{${k}}`).join(" ")}`,
      });
    }
    return v;
  });
  if (/[\\/:\0]/.test(name) || name.startsWith(".") || name.startsWith("_") || name.includes("{") || name.includes("}")) {
    throw new RevisionError("bad_file_template", `file_template '${template}' gives the file name '${name}', which is not a plain file name in the migrations folder`);
  }
  return `${name}.${ext}`;
}

/** `2025-12-14 12:20:31` in local time, as Alembic writes Create Date. */
export function formatCreateDate(d: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export interface RenderInput {
  revision: string;
  downRevisions: string[];
  branchLabels: string[];
  dependsOn: string[];
  message: string;
  createDate: string;
  transactional: boolean;
  /** Body of upgrade()/downgrade() (TS code) or the up/down SQL; "" for an empty migration. */
  upgrade: string;
  downgrade: string;
}

const q = (s: string) => JSON.stringify(s);

export function renderTsRevision(r: RenderInput): string {
  const messageLines = (r.message.trim() === "" ? [""] : r.message.trim().split(/\r?\n/)).map((l) =>
    ` * ${l.replace(/\*\//g, "*\\/")}`.trimEnd(),
  );
  const list = (ids: string[]) => (ids.length === 0 ? "null" : `[${ids.map(q).join(", ")}]`);
  const down = r.downRevisions.length === 0 ? "null" : r.downRevisions.length === 1 ? q(r.downRevisions[0] ?? "") : list(r.downRevisions);
  const body = (code: string, what: string) =>
    code.trim() === "" ? `  // no ${what} steps yet` : code.replace(/\s+$/, "").split("\n").map((l) => (l.trim() === "" ? "" : `  ${l}`)).join("\n");
  return [
    "/**",
    ...messageLines,
    " *",
    ` * Revision ID: ${r.revision}`,
    ` * Revises: ${r.downRevisions.join(", ")}`.trimEnd(),
    ` * Create Date: ${r.createDate}`,
    " */",
    'import type { Op } from "migrator";',
    "",
    `export const revision = ${q(r.revision)};`,
    `export const downRevision: string | string[] | null = ${down};`,
    `export const branchLabels: string[] | null = ${list(r.branchLabels)};`,
    `export const dependsOn: string[] | null = ${list(r.dependsOn)};`,
    ...(r.transactional ? [] : ["export const transactional = false;"]),
    "",
    "export async function upgrade(op: Op) {",
    body(r.upgrade, "upgrade"),
    "}",
    "",
    "export async function downgrade(op: Op) {",
    body(r.downgrade, "downgrade"),
    "}",
    "",
  ].join("\n");
}

export function renderSqlRevision(r: RenderInput): string {
  const oneLine = (s: string) => s.replace(/\s*\r?\n\s*/g, " ").trim();
  return [
    `-- message: ${oneLine(r.message)}`.trimEnd(),
    `-- revision: ${r.revision}`,
    `-- down_revision: ${r.downRevisions.join(", ")}`.trimEnd(),
    `-- branch_labels: ${r.branchLabels.join(", ")}`.trimEnd(),
    `-- depends_on: ${r.dependsOn.join(", ")}`.trimEnd(),
    `-- create_date: ${r.createDate}`,
    ...(r.transactional ? [] : ["-- transactional: false"]),
    "",
    "-- migrate:up",
    r.upgrade.trim(),
    "",
    "-- migrate:down",
    r.downgrade.trim(),
    "",
  ].join("\n");
}
