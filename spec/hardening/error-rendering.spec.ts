import 'reflect-metadata';
import { inspect } from 'node:util';
import {
  BadRequestError,
  CallOptions,
  CancelledError,
  DecodeError,
  Get,
  HttpError,
  RestClient,
  declared,
  type ApiResponse,
  type CallOptions as CallOptionsType,
} from 'restfit';
import { startServer, text, type TestServer } from '../support/test-server';

class Api {
  @Get('/thing')
  thing(@CallOptions() options?: CallOptionsType): Promise<unknown> {
    return declared();
  }
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const api = () => new RestClient({ baseURL: server.url, retry: false }).create(Api);

/** Every rendering of an error a logger or a crash report might use. */
function renderings(error: Error): string[] {
  return [
    error.message,
    String(error.stack),
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
    String(error),
  ];
}

describe('errors render safely', () => {
  test('JSON.stringify of an error with a body nested 100 000 levels deep neither throws nor floods', async () => {
    const depth = 100_000;
    server.handle(text(400, '['.repeat(depth) + ']'.repeat(depth), { 'content-type': 'application/json' }));
    const error = await api()
      .thing()
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(BadRequestError);
    const json = JSON.stringify(error);
    expect(json.length).toBeLessThan(64 * 1024);
    expect(JSON.parse(json)).toMatchObject({ name: 'BadRequestError', status: 400 });
    expect(inspect(error).length).toBeLessThan(64 * 1024);
  });

  test('a huge error body is cut in toJSON', async () => {
    const huge = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 'v'.repeat(20)]));
    server.handle(
      text(400, JSON.stringify({ items: Array(5_000).fill(huge.k1), ...huge }), {
        'content-type': 'application/json',
      }),
    );
    const error = (await api()
      .thing()
      .catch((thrown: unknown) => thrown)) as HttpError;
    // The error keeps the whole body; only its rendering is bounded.
    expect(Object.keys(error.data as object)).toHaveLength(20_001);
    expect(JSON.stringify(error).length).toBeLessThan(64 * 1024);
  });

  test('a form-encoded token in a body that claims JSON is redacted everywhere', async () => {
    server.handle(
      text(200, 'access_token=s3cr3t-value&token_type=bearer&refresh_token=r3fr3sh&expires_in=3600', {
        'content-type': 'application/json',
      }),
    );
    const error = (await api()
      .thing()
      .catch((thrown: unknown) => thrown)) as DecodeError;
    expect(error).toBeInstanceOf(DecodeError);
    expect(error.snippet).toContain('access_token=[REDACTED]');
    expect(error.snippet).toContain('expires_in=3600');
    for (const rendering of [...renderings(error), String(error.snippet)]) {
      expect(rendering).not.toContain('s3cr3t-value');
      expect(rendering).not.toContain('r3fr3sh');
    }
  });

  test('key=value secrets in a text error body stay out of the message and toJSON', async () => {
    server.handle(
      text(400, 'error=invalid_grant&client_secret=sh0uld-n0t-leak', { 'content-type': 'text/plain' }),
    );
    const error = (await api()
      .thing()
      .catch((thrown: unknown) => thrown)) as HttpError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toContain('client_secret=[REDACTED]');
    for (const rendering of renderings(error)) expect(rendering).not.toContain('sh0uld-n0t-leak');
  });

  test('a call aborted before sending reports attempts: 0, in both modes', async () => {
    const error = await api()
      .thing({ signal: AbortSignal.abort() })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error).toMatchObject({ attempts: 0 });
    const full = (await api().thing({
      signal: AbortSignal.abort(),
      responseMode: 'full',
    })) as ApiResponse<unknown>;
    expect(full).toMatchObject({ ok: false, attempts: 0 });
    expect(full.error).toBeInstanceOf(CancelledError);
    expect(server.received).toHaveLength(0);
  });
});
