// "Did you mean …?" for unknown names: the closest candidate by edit distance (Damerau-style
// transpositions count as one edit), accepted only when it is close relative to the name's length.

function distance(a: string, b: string): number {
  const al = a.length;
  const bl = b.length;
  if (Math.abs(al - bl) > 3) return 99;
  let prev2: number[] = [];
  let prev = Array.from({ length: bl + 1 }, (_, j) => j);
  for (let i = 1; i <= al; i++) {
    const cur = [i];
    for (let j = 1; j <= bl; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[bl]!;
}

/** The best suggestion for `name` among `candidates`, or null when none is close enough. */
export function suggest(name: string, candidates: Iterable<string>): string | null {
  const lower = name.toLowerCase();
  let best: string | null = null;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (c === name) continue;
    const cl = c.toLowerCase();
    const d = cl === lower ? 0.5 : distance(lower, cl);
    const limit = Math.max(1, Math.floor(Math.max(name.length, 3) / 3));
    // a cut-short name (`@uniq` → `@unique`) is a likely typo too
    const prefix = lower.length >= 3 && cl.startsWith(lower);
    if ((d <= limit || prefix) && d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return best;
}

/** " (did you mean X?)" or "" — ready to append to a message. */
export function didYouMean(name: string, candidates: Iterable<string>, prefix = ""): string {
  const s = suggest(name, candidates);
  return s === null ? "" : ` (did you mean ${prefix}${s}?)`;
}
