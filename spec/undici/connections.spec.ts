/** restfit/undici's connections: pool reuse and size, early stream close, Unix socket, proxy, TLS. */
import axios from 'axios';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { Get, NetworkError, RestClient, declared } from 'restfit';
import { startServer, json, type TestServer } from '../support/test-server';
import { selfSignedCertificate, startTlsServer, type TlsServer } from '../support/tls';
import { rejection } from '../support/rejection';
import { startTunnelProxy, undiciAxios } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

function remotePorts(): number[] {
  const ports: number[] = [];
  server.handle((_req, res, raw) => {
    ports.push(raw.socket.remotePort!);
    json(200, { ok: true })(_req, res, raw);
  });
  return ports;
}

test('sequential calls reuse one keep-alive connection', async () => {
  const { http, adapter } = undiciAxios();
  const ports = remotePorts();
  try {
    for (let i = 0; i < 5; i++) await http.get(server.url);
    expect(ports).toHaveLength(5);
    expect(new Set(ports).size).toBe(1);
  } finally {
    await adapter.close();
  }
});

test('connections caps the pool: 8 concurrent calls share 2 connections', async () => {
  const { http, adapter } = undiciAxios({ connections: 2 });
  const ports = remotePorts();
  try {
    await Promise.all(Array.from({ length: 8 }, () => http.get(server.url)));
    expect(ports).toHaveLength(8);
    expect(new Set(ports).size).toBe(2);
  } finally {
    await adapter.close();
  }
});

test('closing a stream response early aborts the request: the server sees its connection close', async () => {
  let closed!: () => void;
  const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
  let written = 0;
  server.handle((_req, res, raw) => {
    raw.socket.once('close', closed);
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    // An endless body, bounded: at most 2,000 chunks of 16 KiB.
    const pump = () => {
      while (written < 2000 && res.write(Buffer.alloc(16 * 1024, 1))) written++;
      if (written < 2000) res.once('drain', pump);
    };
    pump();
  });
  const { http, adapter } = undiciAxios();
  try {
    const response = await http.get(server.url, { responseType: 'stream' });
    for await (const _chunk of response.data) break;
    await connectionClosed;
    expect(response.data.destroyed).toBe(true);
    expect(response.request.aborted).toBe(true);
    expect(written).toBeLessThan(2000);
  } finally {
    await adapter.close();
  }
});

test('after a stream closed early, the next sequential calls still share one keep-alive connection', async () => {
  // undici reconnects for the aborted request and then drops that connection; its Agent used to count
  // the late 'disconnect' against the origin's next pool and close it, so every later call opened a
  // connection of its own. (The first call may still go through the aborted request's pool, which
  // undici closes once that call is served: one more connection, then one for good.)
  const ports: number[] = [];
  server.handle((req, res, raw) => {
    if (req.url === '/stream') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write('first chunk'); // then idle: the body never ends
      return;
    }
    ports.push(raw.socket.remotePort!);
    json(200, { ok: true })(req, res, raw);
  });
  const { http, adapter } = undiciAxios();
  try {
    const response = await http.get(`${server.url}/stream`, { responseType: 'stream' });
    await new Promise((resolve) => response.data.once('data', resolve));
    response.data.destroy();
    for (let i = 0; i < 5; i++) expect((await http.get(`${server.url}/json`)).data).toEqual({ ok: true });
    expect(ports).toHaveLength(5);
    expect(new Set(ports.slice(1)).size).toBe(1);
  } finally {
    await adapter.close();
  }
});

test('socketPath (adapter option or axios config) connects through a Unix socket', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'restfit-undici-sock-'));
  const path = join(dir, 'api.sock');
  const seen: string[] = [];
  const unix: Server = createServer((req, res) => {
    seen.push(`${req.headers.host} ${req.url}`);
    res.end('{"via":"unix"}');
  });
  await new Promise<void>((resolve) => unix.listen(path, resolve));
  const { http, adapter } = undiciAxios({ socketPath: path });
  const { http: plain, adapter: other } = undiciAxios();
  try {
    expect((await http.get('http://api.local/v1/x')).data).toEqual({ via: 'unix' });
    expect((await plain.get('http://api.local/v1/y', { socketPath: path })).data).toEqual({ via: 'unix' });
    expect(seen).toEqual(['api.local /v1/x', 'api.local /v1/y']);
  } finally {
    await adapter.close();
    await other.close();
    unix.closeAllConnections();
    await new Promise((resolve) => unix.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
});

test('proxy: the adapter option and axios’s proxy config both tunnel through the proxy', async () => {
  const proxy = await startTunnelProxy();
  const { http, adapter } = undiciAxios({ proxy: proxy.url });
  const { http: perRequest, adapter: other } = undiciAxios();
  try {
    expect((await http.get(`${server.url}/a`)).data).toEqual({ ok: true });
    const { port } = new URL(proxy.url);
    await perRequest.get(`${server.url}/b`, {
      proxy: {
        protocol: 'http',
        host: '127.0.0.1',
        port: Number(port),
        auth: { username: 'u', password: 'p' },
      },
    });
    expect(server.received.map((r) => r.path)).toEqual(['/a', '/b']);
    expect(proxy.connects.map((c) => c.target)).toEqual([
      `127.0.0.1:${server.port}`,
      `127.0.0.1:${server.port}`,
    ]);
    expect(proxy.connects[1].authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    // proxy: false goes direct.
    await http.get(`${server.url}/c`, { proxy: false });
    expect(proxy.connects).toHaveLength(2);
    expect(server.received.at(-1)!.path).toBe('/c');
  } finally {
    await adapter.close();
    await other.close();
    await proxy.close();
  }
});

describe('TLS', () => {
  const { cert } = selfSignedCertificate();
  let tls: TlsServer;
  let url: string;
  beforeAll(async () => {
    tls = await startTlsServer((_req, res) => res.end('{"tls":true}'));
    url = tls.url;
  });
  afterAll(() => tls.close());

  class Api {
    @Get('/')
    get(): Promise<unknown> {
      return declared();
    }
  }

  test('an untrusted certificate fails as restfit’s NetworkError kind tls', async () => {
    const { adapter } = undiciAxios();
    try {
      const api = new RestClient({ baseURL: url, axios: axios.create({ adapter }), retry: false }).create(
        Api,
      );
      const error = await rejection<NetworkError>(api.get());
      expect(error).toBeInstanceOf(NetworkError);
      expect(error.kind).toBe('tls');
    } finally {
      await adapter.close();
    }
  });

  test('ca (adapter option), rejectUnauthorized: false, and the ca of a plain https.Agent are honoured', async () => {
    const trusted = undiciAxios({ ca: cert });
    const lax = undiciAxios({ rejectUnauthorized: false });
    const viaAgent = undiciAxios({}, { httpsAgent: new HttpsAgent({ keepAlive: true, ca: cert }) });
    try {
      expect((await trusted.http.get(url)).data).toEqual({ tls: true });
      expect((await lax.http.get(url)).data).toEqual({ tls: true });
      expect((await viaAgent.http.get(url)).data).toEqual({ tls: true });
    } finally {
      await Promise.all([trusted.adapter.close(), lax.adapter.close(), viaAgent.adapter.close()]);
    }
  });

  test('restfit’s own ca option reaches undici through the client’s https.Agent', async () => {
    const { adapter } = undiciAxios();
    const previous = axios.defaults.adapter;
    axios.defaults.adapter = adapter;
    try {
      const api = new RestClient({ baseURL: url, ca: cert, retry: false }).create(Api);
      expect(await api.get()).toEqual({ tls: true });
    } finally {
      axios.defaults.adapter = previous;
      await adapter.close();
    }
  });
});

describe('nothing leaks', () => {
  const count = (kind: string) => process.getActiveResourcesInfo().filter((k) => k === kind).length;

  /** Waits (bounded: 2 s) until `condition` holds; fails naming `what` otherwise. */
  async function until(condition: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect({ what, held: condition() }).toEqual({ what, held: true });
  }

  test('no timer outlives a request that succeeded, failed, timed out or was cancelled', async () => {
    const { http, adapter } = undiciAxios();
    const before = count('Timeout');
    try {
      server.handle(json(200, { ok: true }));
      await http.get(server.url, { timeout: 60_000 });
      server.handle(json(500, { ok: false }));
      await expect(http.get(server.url, { timeout: 60_000 })).rejects.toMatchObject({
        code: 'ERR_BAD_RESPONSE',
      });
      server.handle(() => undefined);
      await expect(http.get(server.url, { timeout: 30 })).rejects.toMatchObject({ code: 'ECONNABORTED' });
      const controller = new AbortController();
      const cancelled = http.get(server.url, { timeout: 60_000, signal: controller.signal });
      controller.abort();
      await expect(cancelled).rejects.toMatchObject({ code: 'ERR_CANCELED' });
      // A 60 s request timer left behind would keep this count up for a minute.
      await until(() => count('Timeout') <= before, 'no request timer left');
    } finally {
      await adapter.destroy();
    }
  });

  test('close() leaves no socket open', async () => {
    const before = count('TCPSocketWrap');
    const { http, adapter } = undiciAxios();
    server.handle(json(200, { ok: true }));
    await Promise.all(Array.from({ length: 4 }, () => http.get(server.url)));
    expect(count('TCPSocketWrap')).toBeGreaterThan(before);
    await adapter.close();
    await until(() => count('TCPSocketWrap') <= before, 'no pooled socket left');
  });
});
