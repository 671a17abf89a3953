import { SlidingWindow } from '../../lib/pipeline/rate-limit';

test('3 per 1000 ms: the 4th start waits until the 1st is 1000 ms old, not a window boundary', () => {
  const window = new SlidingWindow({ requests: 3, perMs: 1000 });
  for (const at of [0, 10, 20]) {
    expect(window.delay(at)).toBe(0);
    window.record(at);
  }
  expect(window.delay(20)).toBe(980);
  expect(window.delay(999)).toBe(1);
  expect(window.delay(1000)).toBe(0);
  window.record(1000);
  // 10, 20, 1000 are inside (.., 1010): the next may start at 1010
  expect(window.delay(1000)).toBe(10);
});

test('no burst at the edge: 2 per 100 ms over a long run never exceeds 2 in any 100 ms', () => {
  const window = new SlidingWindow({ requests: 2, perMs: 100 });
  const starts: number[] = [];
  let now = 0;
  for (let i = 0; i < 5000; i++) {
    now += window.delay(now);
    window.record(now);
    starts.push(now);
    now += i % 7; // callers arrive irregularly
  }
  for (let i = 0; i + 2 < starts.length; i++) expect(starts[i + 2] - starts[i]).toBeGreaterThanOrEqual(100);
});

test('a huge limit costs nothing up front and stays exact', () => {
  const window = new SlidingWindow({ requests: 1_000_000_000, perMs: 1000 });
  for (let at = 0; at < 10_000; at++) {
    expect(window.delay(at)).toBe(0);
    window.record(at);
  }
});
