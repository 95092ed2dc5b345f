// Nearest-rank percentiles over latencies measured in milliseconds.

/**
 * The p-th percentile (nearest rank) of an ascending array, rounded to 0.01 ms; 0 when empty.
 * @example percentile([1, 2, 3, 4], 50) // 2
 */
export function percentile(ascending: readonly number[], p: number): number {
  if (ascending.length === 0) return 0;
  const rank = Math.min(ascending.length, Math.max(1, Math.ceil((p / 100) * ascending.length)));
  return round2(ascending[rank - 1]!);
}

export const round2 = (v: number) => Math.round(v * 100) / 100;
