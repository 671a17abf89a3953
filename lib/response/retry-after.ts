/** An HTTP-date (IMF-fixdate, RFC 850 or asctime) always has a weekday or month name and an hh:mm:ss time. */
const HTTP_DATE_SHAPE = /[a-z]{3}.*\d{1,2}:\d{2}:\d{2}/i;

/**
 * Parses Retry-After (delta-seconds or HTTP-date) into ms from `now`; undefined when absent or garbage
 * (negative numbers, exponents, loose text like "May 5" that Date.parse would still accept). A date
 * in the past means "now": 0.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) {
    const ms = Math.round(Number(text) * 1000);
    // Absurdly many seconds still mean "a very long time" (above any maxRetryAfterMs), not garbage.
    return Number.isFinite(ms) ? ms : Number.MAX_SAFE_INTEGER;
  }
  if (!HTTP_DATE_SHAPE.test(text)) return undefined;
  // asctime carries no zone but means GMT, as every HTTP-date does; Date.parse would read it as local time.
  const date = Date.parse(/\b(?:GMT|UTC|Z)\b|[+-]\d{4}\b/i.test(text) ? text : `${text} GMT`);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
