import 'reflect-metadata';
import {
  DeclarationError,
  Get,
  Retry,
  createClient,
  declared,
  type RestClientOptions,
  type RetryOverride,
} from 'restfit';
import { json, startServer, type TestServer } from '../support/test-server';
import { TestClock } from './support/test-clock';

// Retry backoff shapes (API.md §12.3). The server really fails; the clock is virtual and its random
// source scripted, so every delay below is exact and worked out by hand from the formulas.

class Items {
  @Get('/items')
  list(): Promise<unknown> {
    return declared();
  }

  @Get('/items')
  @Retry({ backoff: { jitter: 'none' } })
  fixedByMethod(): Promise<unknown> {
    return declared();
  }
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer(json(503, { busy: true }));
});
afterEach(() => server.reset());
afterAll(() => server.close());

/** The delays the retry step chose (from onRetry: a 0 ms delay never reaches the clock's sleep). */
async function delaysFor(
  retry: RetryOverride,
  randoms: number[] = [],
  options: RestClientOptions = {},
  call: (api: Items) => Promise<unknown> = (api) => api.list(),
): Promise<number[]> {
  server.reset();
  const clock = new TestClock();
  clock.randoms = [...randoms];
  const delays: number[] = [];
  const api = createClient(Items, {
    baseURL: server.url,
    clock,
    retry,
    hooks: { onRetry: (event) => delays.push(event.delayMs) },
    ...options,
  });
  await expect(call(api)).rejects.toMatchObject({ status: 503 });
  expect(server.received).toHaveLength(delays.length + 1);
  return delays;
}

describe('exponential backoff { baseMs, maxMs, jitter, factor }', () => {
  test("jitter 'none': baseMs · 2^retry, capped at maxMs", async () => {
    expect(await delaysFor({ limit: 5, backoff: { baseMs: 100, maxMs: 1000, jitter: 'none' } })).toEqual([
      100, 200, 400, 800, 1000,
    ]);
  });

  test("jitter 'full' (the default): uniform in [0, cap)", async () => {
    // caps 100, 200, 400, 800
    expect(
      await delaysFor({ limit: 4, backoff: { baseMs: 100, maxMs: 1000 } }, [0.5, 0.25, 0.999, 0]),
    ).toEqual([50, 50, 399, 0]);
  });

  test("jitter 'equal': cap/2 + uniform in [0, cap/2)", async () => {
    // caps 100, 200, 300 → 50 + 0, 100 + 50, 150 + 149.85
    expect(
      await delaysFor({ limit: 3, backoff: { baseMs: 100, maxMs: 300, jitter: 'equal' } }, [0, 0.5, 0.999]),
    ).toEqual([50, 150, 299]);
  });

  test("jitter 'decorrelated': min(maxMs, uniform in [baseMs, previous · 3))", async () => {
    // upper 300 → 200; upper 600 → 350; upper 1050 → 1049.05, capped 1000; upper 3000 → 100
    expect(
      await delaysFor(
        { limit: 4, backoff: { baseMs: 100, maxMs: 1000, jitter: 'decorrelated' } },
        [0.5, 0.5, 0.999, 0],
      ),
    ).toEqual([200, 350, 1000, 100]);
  });

  test('factor sets the growth', async () => {
    expect(
      await delaysFor({ limit: 4, backoff: { baseMs: 10, maxMs: 10_000, jitter: 'none', factor: 3 } }),
    ).toEqual([10, 30, 90, 270]);
  });

  test("a method's fields merge over the client's backoff, and over the defaults when the client's is a function", async () => {
    // Client { baseMs: 50 } + method { jitter: 'none' } → 50, 100.
    expect(
      await delaysFor({ limit: 2, backoff: { baseMs: 50 } }, [], {}, (api) => api.fixedByMethod()),
    ).toEqual([50, 100]);
    // Client function + method { jitter: 'none' } → the default 200 ms base.
    expect(await delaysFor({ limit: 2, backoff: () => 7 }, [], {}, (api) => api.fixedByMethod())).toEqual([
      200, 400,
    ]);
  });
});

describe('a backoff function (attempt, previousDelayMs) => ms', () => {
  test('is called with the failed attempt and the previous delay', async () => {
    const calls: [number, number][] = [];
    const delays = await delaysFor({
      limit: 3,
      backoff: (attempt, previous) => {
        calls.push([attempt, previous]);
        return attempt * 100 + previous;
      },
    });
    expect(calls).toEqual([
      [1, 0],
      [2, 100],
      [3, 300],
    ]);
    expect(delays).toEqual([100, 300, 600]);
  });

  test('NaN, negative or infinite answers are 0 ms; fractions are floored', async () => {
    const answers = [Number.NaN, -5, Infinity, 12.9];
    expect(await delaysFor({ limit: 4, backoff: () => answers.shift()! })).toEqual([0, 0, 0, 12]);
  });

  test('Retry-After still wins over it', async () => {
    server.script(json(503, {}, { 'retry-after': '2' }), json(200, { ok: true }));
    const clock = new TestClock();
    const delays: number[] = [];
    const api = createClient(Items, {
      baseURL: server.url,
      clock,
      retry: { backoff: () => 5 },
      hooks: { onRetry: (event) => delays.push(event.delayMs) },
    });
    await expect(api.list()).resolves.toEqual({ ok: true });
    expect(delays).toEqual([2000]);
  });
});

describe('mistakes are DeclarationErrors at create()', () => {
  test.each([
    [
      { jitter: 'random' },
      "backoff.jitter must be one of 'full', 'equal', 'decorrelated', 'none', got \"random\"",
    ],
    [{ factor: 0.5 }, 'backoff.factor must be a number ≥ 1, got 0.5'],
    [{ baseMs: -1 }, 'backoff.baseMs must be a number of milliseconds ≥ 0, got -1'],
  ])('%j', (backoff, problem) => {
    class Api {
      @Get('/items')
      @Retry({ backoff } as RetryOverride)
      list(): Promise<unknown> {
        return declared();
      }
    }
    expect(() => createClient(Api, { baseURL: server.url })).toThrow(
      new DeclarationError(`Api.list: @Retry on the method: ${problem}`),
    );
  });
});
