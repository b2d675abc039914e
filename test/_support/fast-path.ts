// For tests of a reader's fast path: the reader's result (or error message) with and without
// the fast path, to be compared.

export function withAndWithoutFastPath(read: (fast: boolean) => unknown): [unknown, unknown] {
  const run = (fast: boolean) => {
    try {
      return read(fast);
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  };
  return [run(true), run(false)];
}
