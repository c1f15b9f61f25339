/**
 * Shares with their confidence interval: the building block of every percentage the dashboard,
 * the reports and the transparency page show. Percentages are in points (95 means 95%), as
 * the plans and targets write them.
 */

/** A share of `n` with its 95% interval, in points; `value`, `low`, `high` are null when n = 0. */
export interface Proportion {
  /** Answers (or files, or cases) counted. */
  n: number;
  /** Of which the ones the share counts. */
  k: number;
  /** k / n × 100, or null when nothing was counted (never 0%: "no data" is not "nobody"). */
  value: number | null;
  low: number | null;
  high: number | null;
}

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval for a binomial proportion k / n (Wilson 1927), in points. Unlike the
 * normal ("Wald") interval it stays inside 0–100% and is honest for small n and for shares
 * near 0% or 100%, which is where satisfaction figures live (95% targets, a counter with
 * 12 answers). Null for n = 0.
 */
export function wilsonInterval(k: number, n: number, z = Z_95): { low: number; high: number } | null {
  assertCounts(k, n);
  if (n === 0) return null;
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At k = 0 and k = n the bound is exactly 0% or 100%; float noise must not make it 99.999…%.
  return {
    low: k === 0 ? 0 : clampPoints(((centre - margin) / denominator) * 100),
    high: k === n ? 100 : clampPoints(((centre + margin) / denominator) * 100),
  };
}

/** k of n as a Proportion with its Wilson 95% interval. */
export function proportion(k: number, n: number): Proportion {
  assertCounts(k, n);
  const ci = wilsonInterval(k, n);
  return { n, k, value: n === 0 ? null : (k / n) * 100, low: ci?.low ?? null, high: ci?.high ?? null };
}

/** Adds counts (pooling), e.g. the units of an agency into the agency's figure. */
export function pool(parts: ReadonlyArray<{ k: number; n: number }>): Proportion {
  let k = 0;
  let n = 0;
  for (const p of parts) {
    k += p.k;
    n += p.n;
  }
  return proportion(k, n);
}

function assertCounts(k: number, n: number): void {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || n < 0 || k > n) {
    throw new RangeError(`invalid counts: ${k} of ${n}`);
  }
}

export function clampPoints(x: number): number {
  // Float noise at the edges (−1e−15, 100.0000001) must not show as "−0,0%" or "100,0%+".
  return Math.min(100, Math.max(0, x));
}

/** Half-up rounding to `digits` decimals that is not fooled by binary floats (2.25 → 2.3). */
export function roundHalfUp(x: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round((x + Math.sign(x) * Number.EPSILON * Math.abs(x)) * factor) / factor;
}
