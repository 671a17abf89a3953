import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';

/** What the server received, byte for byte. */
export interface Received {
  method: string;
  /** Raw request target: path and query exactly as sent. */
  url: string;
  path: string;
  /** Raw query string without '?', '' when none. */
  rawQuery: string;
  headers: IncomingMessage['headers'];
  rawHeaders: string[];
  body: Buffer;
  /** When the request arrived (Date.now()). */
  at: number;
}

export type Handler = (req: Received, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

export interface TestServer {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly received: Received[];
  /** Sets the handler for the next requests (default: 200 `{"ok":true}`). */
  handle(handler: Handler): void;
  /** Answers the next requests from a script, one entry per request; the last one repeats. */
  script(...replies: Handler[]): void;
  reset(): void;
  close(): Promise<void>;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

export function text(status: number, body: string | Buffer, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

/** Echoes what arrived as JSON: method, url, headers, body (utf8). */
export const echo: Handler = (req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: req.body.toString('utf8'),
    }),
  );
};

/** Destroys the socket without answering. */
export const reset: Handler = (_req, res) => {
  res.socket?.destroy();
};

/** Never answers (the socket stays open until the server closes). */
export const hang: Handler = () => undefined;

/** A real node:http server on 127.0.0.1 with an ephemeral port that records every request. */
export async function startServer(initial: Handler = json(200, { ok: true })): Promise<TestServer> {
  let handler = initial;
  let script: Handler[] = [];
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '';
      const q = url.indexOf('?');
      const record: Received = {
        method: req.method ?? '',
        url,
        path: q < 0 ? url : url.slice(0, q),
        rawQuery: q < 0 ? '' : url.slice(q + 1),
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
        at: Date.now(),
      };
      received.push(record);
      const next = script.length > 1 ? script.shift()! : script.length === 1 ? script[0] : handler;
      Promise.resolve(next(record, res, req)).catch((error) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(error));
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    origin,
    port,
    received,
    handle(next) {
      handler = next;
      script = [];
    },
    script(...replies) {
      script = replies;
    },
    reset() {
      received.length = 0;
      script = [];
      handler = initial;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port where nothing listens (bound to 0, read, released): connections to it are refused. */
export async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
