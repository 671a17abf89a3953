/** restfit/undici's responses and failures: axios's shapes and codes, and restfit's error classes. */
import axios, { AxiosError, CanceledError } from 'axios';
import { Agent as HttpAgent } from 'node:http';
import { gzipSync, deflateSync, deflateRawSync, brotliCompressSync } from 'node:zlib';
import 'reflect-metadata';
import {
  CallOptions,
  Get,
  NetworkError,
  RequestError,
  RestClient,
  TimeoutError,
  CancelledError,
  DecodeError,
  declared,
} from 'restfit';
import { undiciAdapter } from 'restfit/undici';
import { hang, json, freePort, reset, startServer, text, type TestServer } from '../support/test-server';
import { rejection } from '../support/rejection';
import { undiciAxios } from './support';

let server: TestServer;
const { http, adapter } = undiciAxios();
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.reset());
afterAll(async () => {
  await adapter.destroy();
  await server.close();
});

describe('responses', () => {
  test('status, the server’s own status text, Node-style headers; validateStatus decides', async () => {
    server.handle((_req, res) => {
      res.statusMessage = 'Quite Fine';
      res.setHeader('set-cookie', 'a=1');
      res.setHeader('x-multi', ['1', '2']);
      res.writeHead(203, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    const response = await http.get(server.url);
    expect(response).toMatchObject({ status: 203, statusText: 'Quite Fine', data: { ok: true } });
    expect(response.headers['set-cookie']).toEqual(['a=1']);
    expect(response.headers['x-multi']).toBe('1, 2');
    expect(response.request).toMatchObject({ method: 'GET', path: '/' });

    server.handle(json(404, { error: 'nope' }));
    const error = await rejection<AxiosError>(http.get(server.url));
    expect(error).toBeInstanceOf(AxiosError);
    expect(error).toMatchObject({
      code: 'ERR_BAD_REQUEST',
      response: { status: 404, data: { error: 'nope' } },
    });
    expect((await http.get(server.url, { validateStatus: () => true })).status).toBe(404);
  });

  test('responseType arraybuffer (Buffer), text (BOM stripped), json and stream', async () => {
    server.handle(text(200, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')])));
    const bytes = await http.get(server.url, { responseType: 'arraybuffer' });
    expect(Buffer.isBuffer(bytes.data)).toBe(true);
    expect(bytes.data.subarray(3).toString()).toBe('{"a":1}');
    expect((await http.get(server.url, { responseType: 'text', transformResponse: [(d) => d] })).data).toBe(
      '{"a":1}',
    );
    expect((await http.get(server.url, { responseType: 'json' })).data).toEqual({ a: 1 });
    const streamed = await http.get(server.url, { responseType: 'stream' });
    const chunks: Buffer[] = [];
    for await (const chunk of streamed.data) chunks.push(chunk);
    expect(Buffer.concat(chunks).subarray(3).toString()).toBe('{"a":1}');
  });

  test.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['deflate', deflateRawSync],
    ['br', brotliCompressSync],
  ] as const)(
    'decompress: %s bodies are decoded, buffered and streamed; decompress: false leaves them',
    async (encoding, compress) => {
      const body = JSON.stringify({ text: 'x'.repeat(5000) });
      server.handle(
        text(200, compress(Buffer.from(body)), {
          'content-encoding': encoding,
          'content-type': 'application/json',
        }),
      );
      const decoded = await http.get(server.url);
      expect(decoded.data).toEqual(JSON.parse(body));
      expect(decoded.headers['content-encoding']).toBeUndefined();
      const streamed = await http.get(server.url, { responseType: 'stream' });
      const chunks: Buffer[] = [];
      for await (const chunk of streamed.data) chunks.push(chunk);
      expect(Buffer.concat(chunks).toString()).toBe(body);
      const raw = await http.get(server.url, { decompress: false, responseType: 'arraybuffer' });
      expect(raw.data).toEqual(compress(Buffer.from(body)));
      expect(raw.headers['content-encoding']).toBe(encoding);
    },
  );

  test('maxRedirects: 0 hands a 3xx back as it is', async () => {
    server.handle(text(302, '', { location: '/elsewhere' }));
    const response = await http.get(server.url, { maxRedirects: 0, validateStatus: () => true });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/elsewhere');
    expect(server.received).toHaveLength(1);
  });

  test('progress: upload and download events with axios’s shape, the last one complete', async () => {
    const payload = Buffer.alloc(300_000, 7);
    server.handle(text(200, payload, { 'content-length': String(payload.length) }));
    const uploads: { loaded: number; total?: number; upload?: boolean }[] = [];
    const downloads: { loaded: number; total?: number; download?: boolean; progress?: number }[] = [];
    await http.post(server.url, payload, {
      responseType: 'arraybuffer',
      onUploadProgress: (event) => uploads.push(event),
      onDownloadProgress: (event) => downloads.push(event),
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(uploads.length).toBeGreaterThan(0);
    expect(uploads.at(-1)).toMatchObject({ loaded: payload.length, total: payload.length, upload: true });
    expect(downloads.at(-1)).toMatchObject({
      loaded: payload.length,
      total: payload.length,
      download: true,
      progress: 1,
    });
    expect(server.received[0].body.length).toBe(payload.length);
  });
});

describe('failures carry axios’s codes', () => {
  test('timeout: ECONNABORTED with axios’s message, ETIMEDOUT with clarifyTimeoutError, or timeoutErrorMessage', async () => {
    server.handle(hang);
    await expect(http.get(server.url, { timeout: 50 })).rejects.toMatchObject({
      code: 'ECONNABORTED',
      message: 'timeout of 50ms exceeded',
    });
    await expect(
      http.get(server.url, {
        timeout: 50,
        transitional: { clarifyTimeoutError: true },
        timeoutErrorMessage: 'slow',
      }),
    ).rejects.toMatchObject({ code: 'ETIMEDOUT', message: 'slow' });
    await expect(http.get(server.url, { timeout: 'soon' as unknown as number })).rejects.toMatchObject({
      code: 'ERR_BAD_OPTION_VALUE',
    });
  });

  test('signal: ERR_CANCELED before sending and while waiting; a cancel token too', async () => {
    server.handle(hang);
    const before = new AbortController();
    before.abort();
    const early = await rejection(http.get(server.url, { signal: before.signal }));
    expect(early).toBeInstanceOf(CanceledError);
    expect(server.received).toHaveLength(0);
    const controller = new AbortController();
    const pending = http.get(server.url, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toMatchObject({ code: 'ERR_CANCELED', name: 'CanceledError' });
    const source = axios.CancelToken.source();
    const tokened = http.get(server.url, { cancelToken: source.token });
    setTimeout(() => source.cancel('stop'), 30);
    await expect(tokened).rejects.toMatchObject({ code: 'ERR_CANCELED', message: 'stop' });
  });

  test('maxContentLength: ERR_BAD_RESPONSE, buffered (declared or not) and streamed', async () => {
    server.handle(text(200, Buffer.alloc(5000, 1)));
    await expect(http.get(server.url, { maxContentLength: 1000 })).rejects.toMatchObject({
      code: 'ERR_BAD_RESPONSE',
      message: 'maxContentLength size of 1000 exceeded',
    });
    server.handle((_req, res) => {
      res.writeHead(200);
      res.write(Buffer.alloc(3000, 1));
      res.end(Buffer.alloc(3000, 2));
    });
    await expect(http.get(server.url, { maxContentLength: 4000 })).rejects.toMatchObject({
      code: 'ERR_BAD_RESPONSE',
    });
    const streamed = await http.get(server.url, { maxContentLength: 4000, responseType: 'stream' });
    const failure = await rejection(
      (async () => {
        for await (const _ of streamed.data);
      })(),
    );
    expect(failure).toMatchObject({
      code: 'ERR_BAD_RESPONSE',
      message: 'maxContentLength size of 4000 exceeded',
    });
  });

  test('maxBodyLength: ERR_BAD_REQUEST for bytes (nothing sent) and for a stream', async () => {
    await expect(http.post(server.url, Buffer.alloc(2000), { maxBodyLength: 1000 })).rejects.toMatchObject({
      code: 'ERR_BAD_REQUEST',
      message: 'Request body larger than maxBodyLength limit',
    });
    expect(server.received).toHaveLength(0);
    const { Readable } = await import('node:stream');
    await expect(
      http.post(server.url, Readable.from([Buffer.alloc(800), Buffer.alloc(800)]), { maxBodyLength: 1000 }),
    ).rejects.toMatchObject({
      code: 'ERR_BAD_REQUEST',
      message: 'Request body larger than maxBodyLength limit',
    });
  });

  test('connection failures: ECONNREFUSED, ECONNRESET before the response, ERR_BAD_RESPONSE mid-body', async () => {
    const port = await freePort();
    await expect(http.get(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    server.handle(reset);
    await expect(http.get(server.url)).rejects.toMatchObject({ code: 'ECONNRESET' });
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await expect(http.get(server.url)).rejects.toMatchObject({
      code: 'ERR_BAD_RESPONSE',
      message: 'stream has been aborted',
    });
  });
});

describe('what the adapter cannot do fails loudly, naming the option', () => {
  test.each([
    [{ maxRedirects: 5 }, 'maxRedirects'],
    [{ maxRate: 1000 }, 'maxRate'],
    [{ responseType: 'blob' as const }, 'responseType'],
    [{ insecureHTTPParser: true }, 'insecureHTTPParser'],
    [{ lookup: () => undefined }, 'lookup'],
    [{ family: 6 as const }, 'family'],
    [{ httpVersion: 2 }, 'httpVersion'],
    [
      {
        httpAgent: Object.assign(Object.create(HttpAgent.prototype), {
          options: {},
          createConnection: () => null,
        }),
      },
      'httpAgent',
    ],
    [{ httpAgent: new HttpAgent({ keepAlive: true, localAddress: '127.0.0.1' }) }, 'httpAgent'],
  ])('%o → RequestError naming %s; nothing is sent', async (config, option) => {
    const error = await rejection<RequestError>(http.get(server.url, config as object));
    expect(error).toBeInstanceOf(RequestError);
    expect(error.code).toBe('UNSUPPORTED_OPTION');
    expect(error.message).toContain(`"${option}"`);
    expect(server.received).toHaveLength(0);
  });

  test('unknown adapter options and a dispatcher with connection options are refused at creation', () => {
    expect(() => undiciAdapter({ maxSockets: 5 } as object)).toThrow(/unknown option "maxSockets"/);
    expect(() => undiciAdapter({ dispatcher: adapter.dispatcher, connections: 2 })).toThrow(
      /"connections" cannot be combined/,
    );
    expect(() => undiciAdapter({ connections: -1 })).toThrow(RequestError);
  });
});

describe('through restfit: the same error classes and kinds as with axios’s http adapter', () => {
  class Api {
    @Get('/data')
    get(@CallOptions() _options?: CallOptions): Promise<unknown> {
      return declared();
    }
  }
  const client = (baseURL: string, extra: object = {}) =>
    new RestClient({ baseURL, axios: axios.create({ adapter }), retry: false, ...extra }).create(Api);

  test('refused → NetworkError connect; reset → reset; timeout → TimeoutError; too large → DecodeError', async () => {
    const port = await freePort();
    await expect(client(`http://127.0.0.1:${port}`).get()).rejects.toMatchObject({
      name: 'NetworkError',
      kind: 'connect',
    });
    server.handle(reset);
    const resetError = await rejection<NetworkError>(client(server.url).get());
    expect(resetError).toBeInstanceOf(NetworkError);
    expect(resetError.kind).toBe('reset');
    server.handle(hang);
    await expect(client(server.url, { timeout: 50 }).get()).rejects.toBeInstanceOf(TimeoutError);
    server.handle(text(200, Buffer.alloc(5000, 1), { 'content-type': 'application/json' }));
    await expect(client(server.url, { maxContentLength: 100 }).get()).rejects.toMatchObject({
      name: 'DecodeError',
      code: 'RESPONSE_TOO_LARGE',
    });
    expect(DecodeError).toBeDefined();
  });

  test('a cancelled call → CancelledError; an unsupported option → the RequestError itself', async () => {
    server.handle(hang);
    const controller = new AbortController();
    const api = new RestClient({
      baseURL: server.url,
      axios: axios.create({ adapter }),
      retry: false,
    }).create(Api);
    const pending = api.get({ signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    const limited = new RestClient({
      baseURL: server.url,
      axios: axios.create({ adapter, maxRate: 10 }),
      retry: false,
    }).create(Api);
    await expect(limited.get()).rejects.toMatchObject({
      name: 'RequestError',
      code: 'UNSUPPORTED_OPTION',
      message: expect.stringContaining('"maxRate"'),
    });
  });
});
