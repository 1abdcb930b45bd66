// The benchmarks' one percentile: nearest rank (the smallest value with at least p% of the values
// at or below it), NaN for no values.
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
