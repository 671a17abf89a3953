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
    return Number.isFinite(ms) ? ms : undefined;
  }
  if (!HTTP_DATE_SHAPE.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
