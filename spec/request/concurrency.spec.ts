import 'reflect-metadata';
import {
  Body,
  CallOptions,
  Header,
  HeaderMap,
  Path,
  Post,
  Query,
  QueryMap,
  createClient,
  declared,
} from 'restfit';
import { startServer, type TestServer } from '../support/test-server';

class Api {
  @Post('/items/{id}')
  send(
    @Path('id') id: string,
    @Query('n') n: number,
    @QueryMap() extra: Record<string, unknown>,
    @Header('X-Call') call: string,
    @HeaderMap() headers: Record<string, string>,
    @Body() body: unknown,
    @CallOptions() options: CallOptions,
  ): Promise<{ path: string; query: string; call: string; body: string }> {
    return declared();
  }
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        path: req.path,
        query: req.rawQuery,
        call: req.headers['x-call'],
        body: req.body.toString(),
      }),
    );
  });
});
afterAll(() => server.close());

test('200 concurrent calls each reach the server with exactly their own path, query, headers and body', async () => {
  const api = createClient(Api, { baseURL: server.url, headers: { 'X-Client': 'shared' } });
  const N = 200;
  const results = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      api.send(
        `id ${i}/x`,
        i,
        { [`k${i}`]: `v${i}`, list: [i, i + 1] },
        `call-${i}`,
        { [`X-Map-${i}`]: `m${i}` },
        { i, pad: 'x'.repeat(i) },
        {
          headers: { [`X-Only-${i}`]: String(i) },
        },
      ),
    ),
  );
  expect(server.received).toHaveLength(N);
  const byCall = new Map(server.received.map((r) => [r.headers['x-call'] as string, r]));
  expect(byCall.size).toBe(N);
  for (let i = 0; i < N; i++) {
    const r = byCall.get(`call-${i}`)!;
    expect(r.path).toBe(`/items/id%20${i}%2Fx`);
    expect(r.rawQuery).toBe(`n=${i}&k${i}=v${i}&list=${i}&list=${i + 1}`);
    expect(JSON.parse(r.body.toString())).toEqual({ i, pad: 'x'.repeat(i) });
    expect(r.headers['x-client']).toBe('shared');
    expect(r.headers[`x-map-${i}`]).toBe(`m${i}`);
    expect(r.headers[`x-only-${i}`]).toBe(String(i));
    // nothing of any other call
    const foreign = Object.keys(r.headers).filter(
      (name) => (name.startsWith('x-only-') || name.startsWith('x-map-')) && !name.endsWith(`-${i}`),
    );
    expect(foreign).toEqual([]);
    // and each caller got its own response
    expect(results[i]).toMatchObject({ path: `/items/id%20${i}%2Fx`, call: `call-${i}` });
  }
});
