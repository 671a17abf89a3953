import 'reflect-metadata';
import axios from 'axios';
import { Agent } from 'node:http';
import { Get, RestClient, declared, type ApiRequest, type Next } from 'restfit';
import { startServer, type TestServer } from '../support/test-server';

class Api {
  @Get('/who')
  who(): Promise<unknown> {
    return declared();
  }
}

let server: TestServer;
let other: TestServer;
beforeAll(async () => {
  server = await startServer();
  other = await startServer();
});
afterAll(async () => {
  await server.close();
  await other.close();
});
beforeEach(() => {
  server.reset();
  other.reset();
});

test('a derived client adds its headers; the parent never sees them', async () => {
  const parent = new RestClient({ baseURL: server.url, headers: { 'X-App': 'app', 'X-Tenant': 'none' } });
  const tenant = parent.with({ headers: { 'X-Tenant': 'acme', 'X-User': 'u1' } });
  await tenant.create(Api).who();
  await parent.create(Api).who();
  const [derivedCall, parentCall] = server.received;
  expect(derivedCall.headers).toMatchObject({ 'x-app': 'app', 'x-tenant': 'acme', 'x-user': 'u1' });
  expect(parentCall.headers['x-tenant']).toBe('none');
  expect(parentCall.headers['x-user']).toBeUndefined();
});

test('a derived baseURL applies to the derived client only', async () => {
  const parent = new RestClient({ baseURL: server.url });
  const moved = parent.with({ baseURL: `${other.url}/v2` });
  await moved.create(Api).who();
  await parent.create(Api).who();
  expect(other.received.map((r) => r.path)).toEqual(['/v2/who']);
  expect(server.received.map((r) => r.path)).toEqual(['/who']);
});

test('services created before with() are not affected by it', async () => {
  const parent = new RestClient({ baseURL: server.url, headers: { 'X-A': 'parent' } });
  const early = parent.create(Api);
  parent.with({ headers: { 'X-A': 'child' }, baseURL: other.url });
  await early.who();
  expect(server.received[0].headers['x-a']).toBe('parent');
  expect(other.received).toHaveLength(0);
});

test('derived clients of derived clients keep merging; siblings never see each other', async () => {
  const root = new RestClient({ baseURL: server.url, headers: { 'X-Level': 'root' } });
  const a = root.with({ headers: { 'X-A': 'a' } });
  const b = root.with({ headers: { 'X-B': 'b' } });
  const aa = a.with({ headers: { 'X-Level': 'aa' } });
  await aa.create(Api).who();
  await b.create(Api).who();
  await a.create(Api).who();
  expect(server.received[0].headers).toMatchObject({ 'x-level': 'aa', 'x-a': 'a' });
  expect(server.received[0].headers['x-b']).toBeUndefined();
  expect(server.received[1].headers).toMatchObject({ 'x-level': 'root', 'x-b': 'b' });
  expect(server.received[1].headers['x-a']).toBeUndefined();
  expect(server.received[2].headers).toMatchObject({ 'x-level': 'root', 'x-a': 'a' });
});

test('a derived client shares the axios instance (and so the connection pool)', async () => {
  const instance = axios.create();
  const parent = new RestClient({ baseURL: server.url, axios: instance });
  const child = parent.with({ headers: { 'X-C': '1' } });
  expect(child.config.axios).toBe(instance);
  const implicit = new RestClient({ baseURL: server.url });
  expect(implicit.with({ timeout: 5 }).config.axios).toBe(implicit.config.axios);
});

test('a derived client reuses the parent’s sockets', async () => {
  const ports: number[] = [];
  server.handle((_req, res, raw) => {
    ports.push(raw.socket.remotePort!);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  const parent = new RestClient({ baseURL: server.url });
  const child = parent.with({ headers: { 'X-C': '1' } });
  await parent.create(Api).who();
  await child.create(Api).who();
  await child
    .with({ headers: { 'X-D': '1' } })
    .create(Api)
    .who();
  expect(ports).toHaveLength(3);
  // one keep-alive agent for the whole family: sequential calls ride the same connection
  expect(new Set(ports).size).toBe(1);
});

test('derived interceptors replace the parent’s for the derived client only', async () => {
  const seen: string[] = [];
  const tag = (name: string) => async (request: ApiRequest, next: Next) => {
    seen.push(name);
    return next(request);
  };
  const parent = new RestClient({ baseURL: server.url, interceptors: [tag('parent')] });
  const child = parent.with({ interceptors: [tag('child')] });
  await child.create(Api).who();
  await parent.create(Api).who();
  expect(seen).toEqual(['child', 'parent']);
});

test('a derived header override or removal matches the parent’s header whatever its case', async () => {
  const parent = new RestClient({ baseURL: server.url, headers: { 'X-Role': 'parent', 'X-Drop': 'parent' } });
  const child = parent.with({ headers: { 'x-role': 'child', 'x-drop': undefined as unknown as string } });
  await child.create(Api).who();
  expect(server.received[0].headers['x-role']).toBe('child');
  expect(server.received[0].headers['x-drop']).toBeUndefined();
  expect(server.received[0].rawHeaders.filter((h) => h.toLowerCase() === 'x-role')).toHaveLength(1);
});

test('a derived client with its own transport settings gets its own pool, and shares the rest', () => {
  const parent = new RestClient({ baseURL: server.url });
  const agent = new Agent({ keepAlive: false });
  const child = parent.with({ httpAgent: agent });
  expect(child.config.axios).not.toBe(parent.config.axios);
  expect(child.config.axios.defaults.httpAgent).toBe(agent);
  expect(child.config.shared.limiters).toBe(parent.config.shared.limiters);
  expect(child.config.shared.extensions).toBe(parent.config.shared.extensions);
  expect(parent.with({ headers: {} }).config.axios).toBe(parent.config.axios);
});

test('with() does not change the parent’s options object', () => {
  const options = { baseURL: server.url, headers: { 'X-A': '1' } };
  const parent = new RestClient(options);
  parent.with({ headers: { 'X-B': '2' } });
  expect(options).toEqual({ baseURL: server.url, headers: { 'X-A': '1' } });
  expect(parent.config.headers).toEqual({ 'x-a': '1' });
});
