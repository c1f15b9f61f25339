/** Pure helpers of the admin forms: what a text box holds → what the API expects. */

/** A trimmed text, or null when empty (the API's "not given"). */
export function blankToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** "95", "95,5" or "95.5" → 95.5; null when it is not a number. */
export function parseDecimal(value: string): number | null {
  const text = value.trim().replace(/\s/g, "").replace(",", ".");
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}

/** The fields of `after` that differ from `before` (a PATCH sends only what changed). */
export function changed<T extends Record<string, unknown>>(before: Partial<T>, after: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) out[key] = after[key];
  }
  return out;
}
