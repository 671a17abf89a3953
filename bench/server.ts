/**
 * The loopback server of the benchmark, run in its own process (see server-process.ts) so the client
 * under test has an event loop and a core to itself. Keep-alive; answers are ~200 bytes of JSON.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const PADDING = 'x'.repeat(96);

function user(id: string, q: string, name: string): string {
  return `{"id":${JSON.stringify(id)},"name":${JSON.stringify(name)},"q":${JSON.stringify(q)},"email":"user${id.length}@example.com","active":true,"roles":["reader"],"note":"${PADDING}"}`;
}

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { ...JSON_HEADERS, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  const q = mark < 0 ? '' : (new URLSearchParams(url.slice(mark + 1)).get('q') ?? '');
  if (req.method === 'GET' && path.startsWith('/users/')) {
    answer(res, 200, user(decodeURIComponent(path.slice(7)), q, 'Ada Lovelace'));
    return;
  }
  if (req.method === 'GET' && path.startsWith('/moved/users/')) {
    res.writeHead(302, {
      location: `/users/${path.slice(13)}${mark < 0 ? '' : url.slice(mark)}`,
      'content-length': 0,
    });
    res.end();
    return;
  }
  if (req.method === 'POST' && path === '/users') {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let name = '?';
      try {
        name = String(JSON.parse(Buffer.concat(chunks).toString('utf8')).name);
      } catch {
        answer(res, 400, '{"error":"bad json"}');
        return;
      }
      answer(res, 201, user('1001', '', name));
    });
    return;
  }
  answer(res, 404, '{"error":"not found"}');
}

const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, handle);
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ port });
});
// The parent closes the IPC channel (or dies): stop with it.
process.on('disconnect', () => server.close(() => process.exit(0)));
