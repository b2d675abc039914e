// Helpers that build the RevisionError values of the revision engine, so that every message
// has one shape: where (file:line or the spec), what, and how to fix it.
import { RevisionError } from "../errors.ts";

/** A migration file whose metadata can't be read: `path:line: message`. */
export function badMetadata(path: string, line: number, message: string, hint?: string): RevisionError {
  return new RevisionError("bad_metadata", `${path}:${line}: ${message}`, hint === undefined ? {} : { hint });
}

export function notFound(id: string, where = ""): RevisionError {
  return new RevisionError("revision_not_found", `Can't locate revision identified by '${id}'${where}`, {
    hint: "run `migrator history` to list the known revisions",
  });
}

/** 1-based line number of a character offset (computed only when reporting). */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function quoteList(ids: readonly string[]): string {
  return ids.join(", ");
}
