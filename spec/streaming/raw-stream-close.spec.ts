import 'reflect-metadata';
import type { Readable } from 'node:stream';
import { CallOptions, CancelledError, Get, ResponseType, createClient, declared } from 'restfit';
import { startServer, type TestServer } from '../support/test-server';
import { closedWithin, streaming } from './support/streaming-server';

// @ResponseType('stream'): ending the caller's stream early must close the connection even while the
// server is idle (axios's Readable.from() wrapper used to keep the socket open).
class Files {
  @Get('/file')
  @ResponseType('stream')
  open(@CallOptions() options?: CallOptions): Promise<Readable> {
    return declared();
  }
}

let server: TestServer;
let files: Files;
beforeAll(async () => {
  server = await startServer();
  files = createClient(Files, { baseURL: server.url, retry: false });
});
afterEach(() => server.reset());
afterAll(() => server.close());

function idleAfterFirstChunk() {
  const reply = streaming(['first chunk'], { contentType: 'application/octet-stream', then: 'open' });
  server.handle(reply.handler);
  return reply.connection;
}

describe("an @ResponseType('stream') body ended early closes the connection", () => {
  test('break out of for await', async () => {
    const connection = idleAfterFirstChunk();
    const stream = await files.open();
    for await (const chunk of stream) {
      expect(String(chunk)).toBe('first chunk');
      break;
    }
    expect(await closedWithin(connection)).toBe(true);
  });

  test('destroy()', async () => {
    const connection = idleAfterFirstChunk();
    const stream = await files.open();
    await new Promise((resolve) => stream.once('data', resolve));
    stream.destroy();
    expect(await closedWithin(connection)).toBe(true);
  });

  test("the call's signal: the stream fails with CancelledError", async () => {
    const connection = idleAfterFirstChunk();
    const controller = new AbortController();
    const stream = await files.open({ signal: controller.signal });
    await new Promise((resolve) => stream.once('data', resolve));
    const failed = new Promise((resolve) => stream.once('error', resolve));
    controller.abort();
    await expect(failed).resolves.toBeInstanceOf(CancelledError);
    expect(await closedWithin(connection)).toBe(true);
  });

  test('a stream read to its end keeps the connection for the next call (keep-alive)', async () => {
    const ports: number[] = [];
    const reply = streaming(['all of it'], { contentType: 'application/octet-stream' }).handler;
    server.handle((req, res, raw) => {
      ports.push(raw.socket.remotePort!);
      return reply(req, res, raw);
    });
    const chunks: string[] = [];
    for await (const chunk of await files.open()) chunks.push(String(chunk));
    for await (const chunk of await files.open()) chunks.push(String(chunk));
    expect(chunks).toEqual(['all of it', 'all of it']);
    expect(ports).toHaveLength(2);
    expect(ports[1]).toBe(ports[0]);
  });
});
