/**
 * Cobra's "Did you mean this?" rule: a known name is suggested when it is
 * within Levenshtein distance 2 of what was typed, or starts with it.
 */
export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const up = prev[j] as number;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length] as number;
}

export function suggestionsFor(typed: string, known: readonly string[], minDistance = 2): string[] {
  const lower = typed.toLowerCase();
  // Cobra walks its commands sorted by name, so suggestions come out sorted too.
  return known.filter((name) => levenshtein(lower, name.toLowerCase()) <= minDistance || name.toLowerCase().startsWith(lower)).sort();
}
