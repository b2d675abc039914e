// Located errors of the model DSL: a Diagnostic is a value (file, line, column, message); the
// parser keeps offsets and turns them into line/column only when reporting (graphql-js'
// printLocation). ModelError carries every diagnostic of a file for the CLI to print at once.

import { UsageError } from "../errors";

export type Diagnostic = { file: string; line: number; column: number; message: string };

/** Offsets of every line start, for offset → line/column in O(log n). */
export class LineMap {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  /** 1-based line and column of an offset (clamped into the text). */
  position(offset: number): { line: number; column: number } {
    const off = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: off - this.starts[lo]! + 1 };
  }
}

/** Collects diagnostics by offset; `list()` locates and sorts them. */
export class DiagnosticBag {
  private readonly items: { offset: number; message: string }[] = [];
  constructor(
    readonly file: string,
    private readonly lines: LineMap,
  ) {}
  add(offset: number, message: string): void {
    this.items.push({ offset, message });
  }
  anyWithin(start: number, end: number): boolean {
    return this.items.some((i) => i.offset >= start && i.offset <= end);
  }
  lineOf(offset: number): number {
    return this.lines.position(offset).line;
  }
  get size(): number {
    return this.items.length;
  }
  list(): Diagnostic[] {
    const seen = new Set<string>();
    const out: Diagnostic[] = [];
    for (const it of this.items) {
      const { line, column } = this.lines.position(it.offset);
      const key = `${line}:${column}:${it.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ file: this.file, line, column, message: it.message });
    }
    return sortDiagnostics(out);
  }
}

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => a.line - b.line || a.column - b.column || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

/** `file:line:col: message`, then the source line behind a gutter and a caret under the column. */
export function renderDiagnostic(d: Diagnostic, source: string): string {
  const head = `${d.file}:${d.line}:${d.column}: ${d.message}`;
  const lines = source.split("\n");
  const text = (lines[d.line - 1] ?? "").replace(/\r$/, "");
  const gutter = String(d.line);
  const pad = " ".repeat(gutter.length);
  // keep tabs in the caret line so the caret lands under the right character
  const lead = text.slice(0, Math.max(0, d.column - 1)).replace(/[^\t]/g, " ");
  return `${head}\n ${gutter} | ${text}\n ${pad} | ${lead}^`;
}

export function renderDiagnostics(ds: Diagnostic[], source: string): string {
  return ds.map((d) => renderDiagnostic(d, source)).join("\n");
}

/** A model file with errors; `message` is every diagnostic rendered with its source line. */
export class ModelError extends UsageError {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[], source: string) {
    const n = diagnostics.length;
    super("model_invalid", renderDiagnostics(diagnostics, source), {
      hint: `fix the ${n} error${n === 1 ? "" : "s"} above in the model file`,
    });
    this.name = "ModelError";
    this.diagnostics = diagnostics;
  }
}
