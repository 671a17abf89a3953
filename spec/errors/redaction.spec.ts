import 'reflect-metadata';
import { inspect } from 'node:util';
import {
  ApiError,
  CallOptions,
  Get,
  NetworkError,
  Query,
  TimeoutError,
  UnauthorizedError,
  apiKeyAuth,
  InternalServerError,
  createClient,
  declared,
  type ApiResponse,
  type Logger,
} from 'restfit';
import { startServer, hang, json, type TestServer } from '../support/test-server';

const SECRET = 'Sup3rS3cretV4lue';
const USERINFO = `user:${SECRET}-userinfo`;
/** Every form in which a secret could leak: the value itself and the Basic credentials made from the URL userinfo. */
const FORBIDDEN = [SECRET, Buffer.from(USERINFO).toString('base64')];

const SECRET_HEADERS = {
  authorization: `Bearer ${SECRET}-auth`,
  'proxy-authorization': `Basic ${SECRET}-proxy`,
  cookie: `sid=${SECRET}-cookie`,
  'x-api-key': `${SECRET}-apikey`,
  'x-goog-api-key': `${SECRET}-goog`,
};

class Accounts {
  @Get('/accounts')
  list(
    @Query('access_token') token: string,
    @Query('password') password: string,
    @Query('page') page: number,
    @CallOptions() _options?: CallOptions,
  ): Promise<unknown> {
    return declared();
  }
}

/** Everything a user might print or ship to a log system for an error. */
function renderings(error: ApiError): Record<string, string> {
  return {
    message: error.message,
    stack: String(error.stack),
    string: String(error),
    json: JSON.stringify(error),
    inspect: inspect(error, { depth: Infinity }),
    inspectHidden: inspect(error, { depth: Infinity, showHidden: true }),
    inspectWrapped: inspect({ error }, { depth: Infinity, showHidden: true }),
    causeInspect: inspect(error.cause, { depth: Infinity, showHidden: true }),
    causeJson: JSON.stringify(error.cause ?? null),
    causeToJson: JSON.stringify((error.cause as { toJSON?: () => unknown })?.toJSON?.() ?? null),
    console: inspect(error, { depth: Infinity, colors: true }),
  };
}

function expectNoSecret(texts: Record<string, string>): void {
  for (const [where, text] of Object.entries(texts)) {
    for (const secret of FORBIDDEN) {
      if (text.includes(secret)) throw new Error(`${where} contains a secret: ${text}`);
    }
  }
}

/** A logger that keeps every line it was given, rendered the way console would render it. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (...args: unknown[]) =>
    lines.push(
      args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: Infinity }))).join(' '),
    );
  return { lines, debug: record, info: record, warn: record, error: record };
}

let server: TestServer;
let logger: ReturnType<typeof recordingLogger>;
beforeAll(async () => {
  server = await startServer();
});
beforeEach(() => {
  logger = recordingLogger();
});
afterEach(() => server.reset());
afterAll(() => server.close());

/** A client that sends every secret header; with `userinfo`, its baseURL carries credentials too (axios then sends those as Basic). */
function client(origin: string, userinfo = true): Accounts {
  const baseURL = userinfo ? origin.replace('http://', `http://${USERINFO}@`) : origin;
  return createClient(Accounts, { baseURL, retry: false, headers: SECRET_HEADERS, logger });
}

async function failingCall(accounts: Accounts, options?: CallOptions): Promise<ApiError> {
  return accounts.list(`${SECRET}-query-token`, `${SECRET}-query-password`, 2, options).then(
    () => {
      throw new Error('the call should have failed');
    },
    (error: ApiError) => error,
  );
}

test.each([
  ['secret headers', false, SECRET_HEADERS.authorization],
  ['secret headers and URL userinfo', true, `Basic ${Buffer.from(USERINFO).toString('base64')}`],
])('a 401 whose response sets a cookie (%s)', async (_name, userinfo, authorization) => {
  server.handle(
    json(
      401,
      { error: 'invalid_token' },
      { 'set-cookie': `session=${SECRET}-setcookie; HttpOnly`, 'www-authenticate': 'Bearer' },
    ),
  );
  const error = await failingCall(client(server.url, userinfo));
  expect(error).toBeInstanceOf(UnauthorizedError);

  // The call really carried every secret.
  const received = server.received[0];
  expect(received.headers.authorization).toBe(authorization);
  expect(received.headers['proxy-authorization']).toBe(SECRET_HEADERS['proxy-authorization']);
  expect(received.headers.cookie).toBe(SECRET_HEADERS.cookie);
  expect(received.headers['x-api-key']).toBe(SECRET_HEADERS['x-api-key']);
  expect(received.rawQuery).toBe(
    `access_token=${SECRET}-query-token&password=${SECRET}-query-password&page=2`,
  );
  // ...and the response really set the cookie, which code can still read.
  expect((error as UnauthorizedError).headers['set-cookie']).toContain(`${SECRET}-setcookie`);

  expect(error.request.url).toBe(`${server.url}/accounts?access_token=[REDACTED]&password=[REDACTED]&page=2`);
  expect(error.message).toBe(
    `Accounts.list: HTTP 401 Unauthorized (GET ${server.url}/accounts?access_token=[REDACTED]&password=[REDACTED]&page=2): invalid_token`,
  );
  expect(JSON.parse(JSON.stringify(error)).headers['set-cookie']).toBe('[REDACTED]');
  expectNoSecret(renderings(error));
  expect(logger.lines.length).toBeGreaterThan(0);
  expectNoSecret(Object.fromEntries(logger.lines.map((line, i) => [`log ${i}`, line])));
});

test('a 500, also in full-response mode', async () => {
  server.handle(json(500, { message: 'boom' }, { 'set-cookie': `trace=${SECRET}-trace` }));
  const error = await failingCall(client(server.url));
  expect(error).toBeInstanceOf(InternalServerError);
  expectNoSecret(renderings(error));

  const response = (await client(server.url).list(`${SECRET}-q`, `${SECRET}-p`, 1, {
    responseMode: 'full',
  })) as ApiResponse<unknown>;
  expect(response.error).toBeInstanceOf(InternalServerError);
  expect(response.request.url).not.toContain(SECRET);
  expectNoSecret(renderings(response.error!));
  expectNoSecret(Object.fromEntries(logger.lines.map((line, i) => [`log ${i}`, line])));
});

test('a refused connection', async () => {
  const closed = await startServer();
  await closed.close();
  const error = await failingCall(client(closed.url));
  expect(error).toBeInstanceOf(NetworkError);
  expect(error.cause).toBeDefined();
  expect(error.request.url).toBe(`${closed.url}/accounts?access_token=[REDACTED]&password=[REDACTED]&page=2`);
  expectNoSecret(renderings(error));
  expectNoSecret(Object.fromEntries(logger.lines.map((line, i) => [`log ${i}`, line])));
});

test('a timeout', async () => {
  server.handle(hang);
  const error = await failingCall(client(server.url), { timeout: 30 });
  expect(error).toBeInstanceOf(TimeoutError);
  expect(error.cause).toBeDefined();
  expectNoSecret(renderings(error));
  expectNoSecret(Object.fromEntries(logger.lines.map((line, i) => [`log ${i}`, line])));
});

test('secret-looking query names are redacted, ordinary ones are not', async () => {
  server.handle(json(404, {}));
  class Search {
    @Get('/search')
    find(
      @Query('q') q: string,
      @Query('author') author: string,
      @Query('pageToken') pageToken: string,
      @Query('client_secret') clientSecret: string,
      @Query('sig') sig: string,
    ): Promise<unknown> {
      return declared();
    }
  }
  const search = createClient(Search, { baseURL: server.url, retry: false });
  const error = (await search
    .find('cats', 'ann', 'pt-1', 'cs-1', 'sg-1')
    .catch((e: ApiError) => e)) as ApiError;
  expect(error.request.url).toBe(
    `${server.url}/search?q=cats&author=ann&pageToken=[REDACTED]&client_secret=[REDACTED]&sig=[REDACTED]`,
  );
});

test('a name registered by apiKeyAuth after it was first seen in the clear is redacted from then on', async () => {
  class Zones {
    @Get('/zones')
    find(@Query('zone') zone: string): Promise<unknown> {
      return declared();
    }
  }
  server.handle(json(500, { error: 'down' }));
  const zones = createClient(Zones, { baseURL: server.url, retry: false });
  const before = await zones.find(`${SECRET}-zone`).catch((error: ApiError) => error);
  expect(before).toBeInstanceOf(InternalServerError);
  // `zone` looks harmless, so it is shown (this is what a later registration has to override).
  expect(JSON.stringify(before)).toContain(`${SECRET}-zone`);

  createClient(Zones, { baseURL: server.url, auth: apiKeyAuth({ in: 'query', name: 'zone', value: 'k' }) });
  const after = await zones.find(`${SECRET}-zone`).catch((error: ApiError) => error);
  expect(after).toBeInstanceOf(InternalServerError);
  expect(server.received[1].rawQuery).toBe(`zone=${SECRET}-zone`);
  expectNoSecret(renderings(after as ApiError));
});
