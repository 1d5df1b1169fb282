/** p50, p99 and max of a set of latencies, in ms, rounded to 0.1 ms; null when there are none. */
export interface LatencySummary {
  readonly count: number;
  readonly p50_ms: number | null;
  readonly p90_ms: number | null;
  readonly p99_ms: number | null;
  readonly max_ms: number | null;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Nearest-rank percentile of values sorted ascending. */
function percentile(sorted: Float64Array, p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? 0;
}

export function summarizeLatencies(values: ArrayLike<number>): LatencySummary {
  if (values.length === 0) return { count: 0, p50_ms: null, p90_ms: null, p99_ms: null, max_ms: null };
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50_ms: round(percentile(sorted, 50)),
    p90_ms: round(percentile(sorted, 90)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted[sorted.length - 1] ?? 0),
  };
}

/** Rounds a rate to whole units, or to 0.1 under 100. */
export function roundRate(value: number): number {
  return value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
}
