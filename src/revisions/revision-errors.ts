// Helpers that build the RevisionError values of the revision engine, so that every message
// has one shape: where (file:line or the spec), what, and how to fix it. `GraphFault` is the
// graph's internal failure (Alembic's RevisionError family); each command turns it into one
// RevisionError with Alembic's CommandError wording (script/base.py _catch_revision_errors).
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

/**
 * What went wrong inside the graph, before a command gives it its wording:
 * - `resolution`: a spec names nothing (or, `ambiguous`, several revisions); `argument` is the word
 * - `multiple_heads`: `head` (or `label@head`) denotes several heads
 * - `range`: the lower end is not below the upper end (Alembic's RangeNotAncestorError)
 * - `walk`: any other refusal of the graph (Ambiguous walk, Relative revision ..., overlaps)
 * - `unsupported`: an input on which Alembic itself crashes (AssertionError, KeyError);
 *   migrator refuses it with a clear message and changes nothing (DESIGN.md §2)
 */
export type FaultKind = "resolution" | "ambiguous" | "multiple_heads" | "range" | "walk" | "unsupported";

export class GraphFault extends Error {
  constructor(
    readonly kind: FaultKind,
    message: string,
    readonly detail: { argument?: string; heads?: string[]; lower?: string; upper?: string; candidates?: string[]; hint?: string } = {},
  ) {
    super(message);
  }
}

/** How one command words the faults (Alembic passes these templates to _catch_revision_errors). */
export interface FaultWording {
  /** RangeNotAncestorError; `%start`/`%end` are replaced. */
  ancestor?: string;
  /** MultipleHeads; `%arg` is replaced by `end` or the fault's argument. */
  multipleHeads?: string;
  start?: string;
  end?: string;
}

const MULTIPLE_HEADS =
  "Multiple head revisions are present for given argument '%arg'; please specify a specific target revision, " +
  "'<branchname>@%arg' to narrow to a specific head, or 'heads' for all heads";
const RANGE = "Requested range %start:%end does not refer to ancestor/descendant revisions along the same branch";

/** The RevisionError a command reports for a GraphFault (anything else is passed through). */
export function worded(e: unknown, wording: FaultWording = {}): unknown {
  if (!(e instanceof GraphFault)) return e;
  const d = e.detail;
  switch (e.kind) {
    case "resolution":
      return new RevisionError("revision_not_found", `Can't locate revision identified by '${d.argument ?? ""}'`, {
        hint: `${e.message}; run \`migrator history\` to list the known revisions`,
      });
    case "ambiguous":
      // deliberate difference (DESIGN.md §2): Alembic words this as "Can't locate revision"
      return new RevisionError("ambiguous_revision", `revision prefix '${d.argument ?? ""}' is ambiguous; it matches ${quoteList(d.candidates ?? [])}`, {
        hint: "type more characters of the revision id",
      });
    case "multiple_heads": {
      const arg = wording.end ?? d.argument ?? "head";
      const text = (wording.multipleHeads ?? MULTIPLE_HEADS).replaceAll("%arg", arg);
      const heads = d.heads ?? [];
      return new RevisionError("multiple_heads", text, {
        hint: `the heads are ${quoteList(heads)}: run \`migrator merge ${heads.join(" ")}\` to join them, or target \`heads\` (or \`<label>@head\`)`,
      });
    }
    case "range": {
      const text = (wording.ancestor ?? RANGE).replaceAll("%start", wording.start ?? d.lower ?? "base").replaceAll("%end", wording.end ?? d.upper ?? "heads");
      return new RevisionError("not_an_ancestor", text, { hint: d.hint ?? "run `migrator history` to see which revisions are above which" });
    }
    case "walk":
      return new RevisionError("revision_walk", e.message, { hint: d.hint ?? "give the revision to go to by id (see `migrator history`)" });
    case "unsupported":
      return new RevisionError("unsupported_spec", e.message, { hint: d.hint ?? "nothing was changed; give the revision(s) to go to by id" });
  }
}

/** Runs `fn`, rethrowing a GraphFault as the command's RevisionError. */
export function withWording<T>(wording: FaultWording, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw worded(e, wording);
  }
}
