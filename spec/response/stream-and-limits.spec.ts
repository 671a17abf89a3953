import 'reflect-metadata';
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import {
  CallOptions,
  DecodeError,
  Get,
  InternalServerError,
  NetworkError,
  NotFoundError,
  ResponseType,
  TimeoutError,
  createClient,
  declared,
  type ApiResponse,
} from 'restfit';
import { startServer, json, text, type TestServer } from '../support/test-server';
import { readAll } from './support/read-all';

const LIMIT = 256 * 1024;
const CHUNK = 64 * 1024;
/** What the endless server offers at most: 64 MiB, far more than any socket buffer holds. */
const OFFERED_CHUNKS = 1024;

class Files {
  @Get('/file') download(): Promise<Buffer> {
    return declared();
  }
  @Get('/file') @ResponseType('stream') stream(@CallOptions() _options?: CallOptions): Promise<Readable> {
    return declared();
  }
}

let server: TestServer;
let files: Files;
beforeAll(async () => {
  server = await startServer();
  files = createClient(Files, { baseURL: server.url, retry: false, maxContentLength: LIMIT });
});
afterEach(() => server.reset());
afterAll(() => server.close());

/** What the endless body handler saw: how much it wrote before the client hung up. */
interface Offer {
  written: number;
  closed: Promise<void>;
}

/** Writes up to 64 MiB in 64 KiB chunks, honouring backpressure, and stops when the socket closes. */
function endlessBody(
  contentType: string,
  status = 200,
): { offer: Offer; handler: (req: unknown, res: ServerResponse) => Promise<void> } {
  let markClosed!: () => void;
  const offer: Offer = { written: 0, closed: new Promise<void>((resolve) => (markClosed = resolve)) };
  const handler = async (_req: unknown, res: ServerResponse) => {
    res.on('close', markClosed);
    res.writeHead(status, { 'content-type': contentType });
    const chunk = Buffer.alloc(CHUNK, 0x61);
    for (let i = 0; i < OFFERED_CHUNKS && !res.destroyed; i++) {
      offer.written += chunk.length;
      if (!res.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    res.end();
  };
  return { offer, handler };
}

describe('bodies over maxContentLength', () => {
  test('a buffered body is aborted with DecodeError RESPONSE_TOO_LARGE; the server stops far short of what it offered', async () => {
    const { offer, handler } = endlessBody('application/octet-stream');
    server.handle(handler);
    await expect(files.download()).rejects.toMatchObject({ name: 'DecodeError', code: 'RESPONSE_TOO_LARGE' });
    await offer.closed;
    expect(offer.written).toBeLessThan((OFFERED_CHUNKS * CHUNK) / 4);
  });

  test('a streamed body with a Content-Length over the limit fails at once, before any data is handed out', async () => {
    server.handle(
      text(200, Buffer.alloc(LIMIT + 1), {
        'content-type': 'application/octet-stream',
        'content-length': String(LIMIT + 1),
      }),
    );
    const error = (await files.stream().then(
      (stream) => stream.destroy(),
      (e: Error) => e,
    )) as Error;
    expect(error).toBeInstanceOf(DecodeError);
    expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE', status: 200, attempts: 1 });
    expect(error.message).toBe(
      `Files.stream: the response is larger than maxContentLength (${LIMIT} bytes) and was aborted (GET ${server.url}/file)`,
    );
  });

  test('a streamed chunked body is aborted mid-way with RESPONSE_TOO_LARGE: memory stays bounded, nothing is buffered', async () => {
    const { offer, handler } = endlessBody('application/octet-stream');
    server.handle(handler);
    const stream = await files.stream();
    let received = 0;
    const reading = (async () => {
      for await (const chunk of stream) received += (chunk as Buffer).length;
    })();
    await expect(reading).rejects.toMatchObject({ name: 'DecodeError', code: 'RESPONSE_TOO_LARGE' });
    expect(received).toBeLessThanOrEqual(LIMIT);
    await offer.closed;
    expect(offer.written).toBeLessThan((OFFERED_CHUNKS * CHUNK) / 4);
  });

  test('a streamed body that is never read is not buffered either: the server is held back by backpressure', async () => {
    const { offer, handler } = endlessBody('application/octet-stream');
    server.handle(handler);
    const stream = await files.stream({ timeout: 0 });
    // Give the server every chance to push more than it should: wait until its writes stall.
    let last = -1;
    for (let i = 0; i < 50 && offer.written !== last; i++) {
      last = offer.written;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(offer.written).toBeLessThan((OFFERED_CHUNKS * CHUNK) / 4);
    stream.destroy();
    await offer.closed;
  });

  test('a body exactly at the limit is fine', async () => {
    const body = Buffer.alloc(LIMIT, 0x62);
    server.handle(text(200, body, { 'content-type': 'application/octet-stream' }));
    expect((await files.download()).equals(body)).toBe(true);
    expect((await readAll(await files.stream())).equals(body)).toBe(true);
  });
});

describe('stream mode', () => {
  test('a non-2xx body is read (bounded) and decoded into HttpError.data', async () => {
    server.handle(json(404, { error: 'no such file' }));
    const error = await files.stream().catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.data).toEqual({ error: 'no such file' });
    expect(error.message).toBe(`Files.stream: HTTP 404 Not Found (GET ${server.url}/file): no such file`);
  });

  test('an HTML error page in stream mode arrives as text', async () => {
    server.handle(text(500, '<html><body>Oops</body></html>', { 'content-type': 'text/html' }));
    await expect(files.stream()).rejects.toMatchObject({
      name: 'InternalServerError',
      data: '<html><body>Oops</body></html>',
    });
  });

  test('a huge error body is read only up to a bound, then the connection is dropped', async () => {
    const { offer, handler } = endlessBody('text/plain', 500);
    server.handle(handler);
    const error = await files.stream().catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(typeof error.data).toBe('string');
    expect(error.data.length).toBeGreaterThan(0);
    expect(error.data.length).toBeLessThanOrEqual(LIMIT);
    expect(error.data).toMatch(/^a+$/);
    await offer.closed;
    expect(offer.written).toBeLessThan((OFFERED_CHUNKS * CHUNK) / 4);
  });

  test('a body cut off by a socket reset errors the stream with NetworkError (kind reset)', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"items":[1,2,3');
      setImmediate(() => res.socket?.destroy());
    });
    const stream = await files.stream();
    const error = await readAll(stream).catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', kind: 'reset' });
    expect(error.request).toMatchObject({ service: 'Files', operation: 'stream' });
  });

  test('full-response mode resolves an ApiResponse whose data is the stream', async () => {
    server.handle(text(200, 'abc', { 'content-type': 'text/plain' }));
    const response = (await files.stream({ responseMode: 'full' })) as unknown as ApiResponse<Readable>;
    expect(response).toMatchObject({
      ok: true,
      status: 200,
      headers: expect.objectContaining({ 'content-type': 'text/plain' }),
    });
    expect((await readAll(response.data!)).toString()).toBe('abc');
  });

  test('the attempt timeout still guards the body while it is read: TimeoutError', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first chunk, then silence');
    });
    const stream = await files.stream({ timeout: 40 });
    const error = await readAll(stream).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({
      code: 'TIMEOUT',
      message: 'No complete response within the 40 ms timeout',
    });
    expect(error.request).toMatchObject({ service: 'Files', operation: 'stream' });
  });

  test('aborting the signal while the body is read: CancelledError', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first chunk');
    });
    const controller = new AbortController();
    const stream = await files.stream({ signal: controller.signal, timeout: 0 });
    const reading = (async () => {
      for await (const _chunk of stream) controller.abort();
    })();
    await expect(reading).rejects.toMatchObject({ name: 'CancelledError', code: 'CANCELLED' });
  });

  test('destroying the stream early closes the connection', async () => {
    const { offer, handler } = endlessBody('application/octet-stream');
    server.handle(handler);
    const stream = await files.stream();
    for await (const _chunk of stream) break;
    await offer.closed;
    expect(stream.destroyed).toBe(true);
  });

  test('a timeout before the caller listens does not crash the process; the stream keeps the error', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first chunk');
    });
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      const stream = await files.stream({ timeout: 40 });
      await new Promise((resolve) => setTimeout(resolve, 150)); // the timeout fires while nobody listens
      expect(stream.errored).toMatchObject({ name: 'TimeoutError', code: 'TIMEOUT' });
      await expect(readAll(stream)).rejects.toMatchObject({ name: 'TimeoutError' });
    } finally {
      process.off('uncaughtException', record);
    }
    expect(uncaught).toEqual([]);
  });
});
