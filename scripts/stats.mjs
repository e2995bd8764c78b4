// Statistics shared by the benchmark scripts (scripts/bench.mjs, scripts/bench-browser.mjs).

/** The q-quantile of the samples, interpolated between neighbours (NaN for none). */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (xs) => quantile(xs, 0.5);
