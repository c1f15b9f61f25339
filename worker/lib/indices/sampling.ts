/**
 * Is there enough data behind a figure? Sample size, small-count suppression and alerts.
 */
import { type Proportion, proportion } from "./proportion";

/**
 * Slovin's formula n = N / (1 + N·e²), rounded up: the sample size the Ministry of Home
 * Affairs' 2013 SIPAS method uses, with N the service transactions in the period and e = 5%
 * (DOMAIN §1.5, [S] BNV 2013 training material). 0 when N = 0.
 */
export function slovinSampleSize(population: number, marginOfError = 0.05): number {
  if (!Number.isFinite(population) || population < 0) throw new RangeError(`invalid population ${population}`);
  if (!(marginOfError > 0 && marginOfError < 1)) throw new RangeError(`invalid margin of error ${marginOfError}`);
  if (population === 0) return 0;
  // The epsilon keeps an exact integer result (e.g. 400.0000000001) from rounding up to 401.
  return Math.ceil(population / (1 + population * marginOfError * marginOfError) - 1e-9);
}

export interface SampleAdequacy {
  /** Transactions in the period (files returned). */
  population: number;
  /** Valid answers received. */
  answers: number;
  /** Slovin's n for the population. */
  required: number;
  /** answers ≥ required (and at least one answer). */
  adequate: boolean;
}

/** Whether a period has as many answers as Slovin's formula asks for its transactions. */
export function sampleAdequacy(answers: number, population: number, marginOfError = 0.05): SampleAdequacy {
  const required = slovinSampleSize(population, marginOfError);
  return { population, answers, required, adequate: answers > 0 && answers >= required };
}

/**
 * A figure about a small group (a counter, i.e. the officer at it; a rarely used procedure)
 * is withheld below `minCount` answers: a handful of ratings says little and would single out
 * the officer and the few citizens behind them. Returns null when suppressed.
 */
export function suppressBelow<T>(n: number, minCount: number, figure: T): T | null {
  return n < minCount ? null : figure;
}

export interface AlertRule {
  /** Share of negative ratings, in points, above which the alert fires. */
  threshold: number;
  /** No alert below this many ratings in the window (one bad day at a quiet counter is noise). */
  minCount: number;
}

export const DEFAULT_ALERT_RULE: AlertRule = { threshold: 10, minCount: 20 };

/** Negative ratings over a window against the rule: fires when n ≥ minCount and share > threshold. */
export function negativeShareAlert(
  negative: number,
  n: number,
  rule: AlertRule = DEFAULT_ALERT_RULE,
): { fired: boolean; share: Proportion } {
  const share = proportion(negative, n);
  return { fired: n >= rule.minCount && share.value !== null && share.value > rule.threshold, share };
}
