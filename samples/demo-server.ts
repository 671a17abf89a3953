import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { streamingDemoRoute } from './streaming-demo-server';

/** A small users API for the demo, on 127.0.0.1 with an ephemeral port. Tokens expire after 3 uses. */
export interface DemoServer {
  url: string;
  stats: { logins: number; refreshes: number; requests: number };
  close(): Promise<void>;
}

interface User {
  id: number;
  name: string;
  role: string;
  createdAt: string;
}

const TOKEN_USES = 3;

export async function startDemoServer(): Promise<DemoServer> {
  const users = new Map<number, User>([
    [1, { id: 1, name: 'Ada Lovelace', role: 'admin', createdAt: '2026-01-10T09:00:00.000Z' }],
    [2, { id: 2, name: 'Alan Turing', role: 'member', createdAt: '2026-02-11T10:30:00.000Z' }],
    [3, { id: 3, name: 'Grace Hopper', role: 'member', createdAt: '2026-03-12T12:00:00.000Z' }],
  ]);
  const tokens = new Map<string, number>();
  let flakyCalls = 0;
  const stats = { logins: 0, refreshes: 0, requests: 0 };

  const issueToken = () => {
    const token = randomBytes(12).toString('hex');
    tokens.set(token, TOKEN_USES);
    return {
      access_token: token,
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: randomBytes(12).toString('hex'),
    };
  };

  const send = (
    res: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    if (body === undefined) {
      res.writeHead(status, headers).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };

  const authorized = (req: IncomingMessage): boolean => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const left = token ? tokens.get(token) : undefined;
    if (!token || !left) return false;
    if (left === 1) tokens.delete(token);
    else tokens.set(token, left - 1);
    return true;
  };

  const route = (req: IncomingMessage, res: ServerResponse, body: string) => {
    stats.requests++;
    const url = new URL(req.url ?? '/', 'http://demo');
    const path = url.pathname;
    if (req.method === 'POST' && path === '/v1/oauth/token') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') === 'refresh_token') stats.refreshes++;
      else stats.logins++;
      return send(res, 200, issueToken());
    }
    if (streamingDemoRoute(req, res, path)) return;
    if (!authorized(req))
      return send(res, 401, { error: 'invalid_token', message: 'The access token expired' });
    const userMatch = /^\/v1\/users\/(\d+)$/.exec(path);
    if (req.method === 'GET' && path === '/v1/users') {
      const role = url.searchParams.get('role');
      const list = [...users.values()].filter((u) => !role || u.role === role);
      return send(res, 200, list);
    }
    if (req.method === 'POST' && path === '/v1/users') {
      const input = JSON.parse(body) as Partial<User>;
      if (!input.name) return send(res, 422, { error: 'validation', message: 'name is required' });
      const user: User = {
        id: users.size + 1,
        name: input.name,
        role: input.role ?? 'member',
        createdAt: new Date().toISOString(),
      };
      users.set(user.id, user);
      return send(res, 201, user);
    }
    if (userMatch && req.method === 'GET') {
      const user = users.get(Number(userMatch[1]));
      return user
        ? send(res, 200, user)
        : send(res, 404, { error: 'not_found', message: `No user ${userMatch[1]}` });
    }
    if (userMatch && req.method === 'DELETE') {
      users.delete(Number(userMatch[1]));
      return send(res, 204);
    }
    if (req.method === 'GET' && path === '/v1/status') {
      // Fails twice with 503 + Retry-After, then answers: restfit's retries absorb it.
      flakyCalls++;
      if (flakyCalls % 3 !== 0) return send(res, 503, { error: 'busy' }, { 'retry-after': '0' });
      return send(res, 200, { status: 'ok', checks: flakyCalls });
    }
    if (req.method === 'GET' && path === '/v1/avatar') {
      res
        .writeHead(200, { 'content-type': 'image/png' })
        .end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      return;
    }
    send(res, 404, { error: 'not_found', message: `No route ${req.method} ${path}` });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => route(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
