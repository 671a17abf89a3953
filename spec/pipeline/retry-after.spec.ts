import { parseRetryAfter } from '../../lib/core/retry-policy';

const NOW = Date.parse('2030-01-01T00:00:00Z');

test.each([
  ['0', 0],
  ['1', 1000],
  [' 120 ', 120_000],
  ['1.5', 1500],
  ['Tue, 01 Jan 2030 00:00:05 GMT', 5000], // IMF-fixdate
  ['Tuesday, 01-Jan-30 00:00:05 GMT', 5000], // RFC 850
  ['Tue Jan  1 00:00:05 2030', 5000], // asctime: no zone, but GMT by definition
  ['Mon, 31 Dec 2029 23:59:00 GMT', 0], // in the past: now
])('%j → %i ms', (value, ms) => {
  expect(parseRetryAfter(value, NOW)).toBe(ms);
});

test.each(['', 'soon', '-5', '1e3', 'NaN', 'Infinity', 'May 5', '0x10', '5 seconds'])(
  '%j → undefined',
  (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  },
);

test('absent → undefined', () => {
  expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
});

test('a number of seconds too large for a double is "very long", not garbage', () => {
  expect(parseRetryAfter('9'.repeat(400), NOW)).toBe(Number.MAX_SAFE_INTEGER);
});
