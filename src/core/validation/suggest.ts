/** Edit distance (Levenshtein) between two short strings, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[y.length];
}

/**
 * The known value closest to `given`, when it is close enough to be a typo (at most a third of
 * its length, and at most 3 edits, away); `undefined` otherwise. Long inputs are not compared.
 */
export function closest(given: string, known: readonly string[]): string | undefined {
  if (given.length === 0 || given.length > 64) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(given.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    if (Math.abs(candidate.length - given.length) > limit) continue;
    const distance = editDistance(given, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `; did you mean 'x'?` when a known value is close to `given`, else ''. */
export function didYouMean(given: string, known: readonly string[], quote = "'"): string {
  const match = closest(given, known);
  return match === undefined ? '' : ` (did you mean ${quote}${match}${quote}?)`;
}
