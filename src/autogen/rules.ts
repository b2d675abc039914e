// The dialect rules autogenerate compares and renders with (schema/target.ts SchemaRules). The
// composition root names them before calling into autogen/ (useRules), so the differ itself
// imports no dialect. One process compares for one database at a time; a nested call restores
// the rules it found.

import type { SchemaRules } from "../schema/target";

let active: SchemaRules | null = null;

export function rules(): SchemaRules {
  if (!active) throw new Error("autogen: no dialect rules set (call useRules first)");
  return active;
}

/** Run `fn` with `r` as the rules; async functions keep them until they settle. */
export function withRules<T>(r: SchemaRules, fn: () => T): T {
  const before = active;
  active = r;
  let async = false;
  try {
    const out = fn();
    if (out instanceof Promise) {
      async = true;
      return out.finally(() => {
        active = before;
      }) as T;
    }
    return out;
  } finally {
    if (!async) active = before;
  }
}

/** Make `r` the rules until the next call (the composition root, and test set-up). */
export function useRules(r: SchemaRules): void {
  active = r;
}
