import { startServer, type Handler, type Received, type TestServer } from '../support/test-server';

/**
 * The API the runtime smoke suite (smoke.ts) calls, on 127.0.0.1, with CORS so a page from another
 * origin (the browser spec) may call it. State (retry and token counters) is per `run` query value, so
 * runs on several runtimes never share it. `extra` serves other paths (the browser page and bundle).
 */
export async function startSmokeServer(extra: Record<string, Handler> = {}): Promise<TestServer> {
  const calls = new Map<string, number>();
  const count = (key: string) => {
    const n = (calls.get(key) ?? 0) + 1;
    calls.set(key, n);
    return n;
  };
  return startServer(async (req, res, raw) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'retry-after, content-type, x-received',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
        'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? '*'),
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    if (extra[req.path]) return extra[req.path](req, res, raw);
    const query = new URLSearchParams(req.rawQuery);
    const run = query.get('run') ?? '';
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const bytes = body instanceof Uint8Array ? body : Buffer.from(JSON.stringify(body));
      res.writeHead(status, {
        ...cors,
        'content-type': body instanceof Uint8Array ? 'application/octet-stream' : 'application/json',
        'content-length': String(bytes.length),
        ...headers,
      });
      res.end(bytes);
    };
    const users = /^\/v1\/users\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && users) {
      return send(200, {
        id: Number(users[1]),
        name: 'Ada',
        createdAt: '2024-02-29T12:34:56.000Z',
        query: req.rawQuery,
      });
    }
    if (req.method === 'POST' && req.path === '/v1/users') {
      return send(201, {
        id: 7,
        contentType: req.headers['content-type'],
        received: JSON.parse(req.body.toString('utf8')),
      });
    }
    if (req.path === '/v1/bytes') return send(200, new Uint8Array([0, 1, 2, 253, 254, 255]));
    if (req.method === 'POST' && req.path === '/v1/upload') return send(200, describeMultipart(req));
    if (req.path === '/v1/flaky') {
      // The first call of a run is refused with Retry-After; the second succeeds.
      if (count(`flaky:${run}`) === 1) return send(503, { error: 'busy' }, { 'retry-after': '1' });
      return send(200, { attempts: calls.get(`flaky:${run}`) });
    }
    if (req.method === 'POST' && req.path === '/v1/token') {
      return send(200, { accessToken: `token-${run}-${count(`token:${run}`)}` });
    }
    if (req.path === '/v1/secret') {
      // Only the second token of the run is accepted: the first call gets a 401 and a refresh.
      const authorization = String(req.headers.authorization ?? '');
      if (authorization !== `Bearer token-${run}-2`) return send(401, { error: 'expired' });
      return send(200, { authorization });
    }
    if (req.path === '/v1/slow') {
      const timer = setTimeout(() => send(200, { late: true }), 3000);
      raw.socket.once('close', () => clearTimeout(timer));
      return;
    }
    send(404, { error: 'no such thing', path: req.path });
  });
}

/** The parts the server received, split at the boundary its content type names. */
function describeMultipart(req: Received): unknown {
  const contentType = String(req.headers['content-type'] ?? '');
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!boundary) return { contentType, parts: [] };
  const text = req.body.toString('latin1');
  const parts = text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => {
      const [head, ...rest] = chunk.replace(/^\r\n/, '').split('\r\n\r\n');
      const body = rest.join('\r\n\r\n').replace(/\r\n$/, '');
      return {
        disposition: /content-disposition: ([^\r\n]*)/i.exec(head)?.[1],
        type: /content-type: ([^\r\n]*)/i.exec(head)?.[1],
        body: [...Buffer.from(body, 'latin1')],
      };
    });
  return { contentType: contentType.split(';')[0], closed: text.endsWith(`--${boundary}--\r\n`), parts };
}
