// install.sh's default download location comes from one place, package.json's `repository`:
// the build writes it into the script's `MIGRATOR_REPO` default (in the repository's install.sh
// and in the copy attached to a release, build/dist/install.sh).

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The line of install.sh that holds the default repository. */
const REPO_LINE = /^MIGRATOR_REPO="\$\{MIGRATOR_REPO:-([^}"]*)\}"$/m;

/**
 * `owner/name` of a GitHub repository from package.json's `repository` field, in any of the forms
 * npm accepts: "github:owner/name", "owner/name", "https://github.com/owner/name(.git)",
 * "git+https://…", "git@github.com:owner/name.git", or `{ type, url }`.
 */
export function githubSlug(repository: unknown): string {
  const url = typeof repository === "string" ? repository : (repository as { url?: unknown } | null)?.url;
  if (typeof url !== "string") throw new Error("package.json has no `repository` field: add one such as { \"type\": \"git\", \"url\": \"git+https://github.com/OWNER/NAME.git\" }");
  const m =
    /^(?:github:)?([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(url) ??
    /^(?:git\+)?(?:https?|ssh|git):\/\/(?:[^@/]+@)?github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url) ??
    /^git@github\.com:([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(url);
  if (!m) throw new Error(`package.json's repository '${url}' is not a GitHub repository: install.sh downloads from GitHub releases`);
  return `${m[1]}/${m[2]}`;
}

/** The repository package.json names. */
export function repositorySlug(root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { repository?: unknown };
  return githubSlug(pkg.repository);
}

/** The default repository written in an install.sh text. */
export function installScriptRepo(text: string): string {
  const m = REPO_LINE.exec(text);
  if (!m) throw new Error("install.sh has no line MIGRATOR_REPO=\"${MIGRATOR_REPO:-owner/name}\"");
  return m[1]!;
}

/** install.sh's text with `slug` as its default repository. */
export function renderInstallScript(text: string, slug: string): string {
  installScriptRepo(text); // the line must be there
  return text.replace(REPO_LINE, `MIGRATOR_REPO="\${MIGRATOR_REPO:-${slug}}"`);
}

/**
 * Writes install.sh with package.json's repository to `out` (default: the repository's own
 * install.sh, rewritten only when its default differs). Returns the slug.
 */
export function writeInstallScript(root: string, out = join(root, "install.sh")): string {
  const slug = repositorySlug(root);
  const text = readFileSync(join(root, "install.sh"), "utf8");
  const next = renderInstallScript(text, slug);
  if (out !== join(root, "install.sh") || next !== text) writeFileSync(out, next, { mode: 0o755 });
  return slug;
}
