import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handler } from '../../support/test-server';

/** How a body is cut into the writes the server makes, each flushed before the next. */
export type Splitter = (body: Buffer) => Buffer[];

export const whole: Splitter = (body) => [body];
export const byteByByte: Splitter = (body) => [...body].map((byte) => Buffer.from([byte]));

/** Random cuts from a seeded generator (mulberry32), so a failing seed can be replayed. */
export function randomSplits(seed: number, maxPiece = 7): Splitter {
  return (body) => {
    let state = seed >>> 0;
    const next = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pieces: Buffer[] = [];
    for (let at = 0; at < body.length;) {
      const size = 1 + Math.floor(next() * maxPiece);
      pieces.push(body.subarray(at, at + size));
      at += size;
    }
    return pieces;
  };
}

/** What a streaming handler saw of the connection of one request it served. */
export interface Connection {
  /** Resolves when the client's socket closes. */
  closed: Promise<void>;
  isClosed(): boolean;
}

/** The close of the socket that carries `raw`: each request watches its own. */
function watchSocket(raw: IncomingMessage): Connection {
  let closed = raw.socket.destroyed;
  const done = closed
    ? Promise.resolve()
    : new Promise<void>((resolve) =>
        raw.socket.once('close', () => {
          closed = true;
          resolve();
        }),
      );
  return { closed: done, isClosed: () => closed };
}

/** Before any request: a connection that never closes, so a test waiting on it fails by its bound. */
const NO_REQUEST_YET: Connection = { closed: new Promise<void>(() => undefined), isClosed: () => false };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface StreamOptions {
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  split?: Splitter;
  /** Pause after each write, so each piece reaches the client on its own (default 1 ms). */
  gapMs?: number;
  /** After the body: 'end' the response (default), keep it 'open' (idle), or 'reset' the socket. */
  then?: 'end' | 'open' | 'reset';
}

/**
 * A handler that writes `pieces` (each split further by `split`) with a pause after each write.
 * `connection` is that of the latest request it served; each request stops writing only when its own
 * socket closes, so a handler reused across requests serves every one of them in full.
 */
export function streaming(
  pieces: (string | Buffer)[],
  options: StreamOptions = {},
): { handler: Handler; connection: Connection } {
  let latest = NO_REQUEST_YET;
  const connection: Connection = {
    get closed() {
      return latest.closed;
    },
    isClosed: () => latest.isClosed(),
  };
  const handler = async (_req: unknown, res: ServerResponse, raw: IncomingMessage) => {
    const own = watchSocket(raw);
    latest = own;
    res.writeHead(options.status ?? 200, {
      'content-type': options.contentType ?? 'text/event-stream',
      ...options.headers,
    });
    res.flushHeaders();
    const split = options.split ?? whole;
    for (const piece of pieces) {
      for (const part of split(Buffer.from(piece))) {
        if (own.isClosed()) return;
        // Handed to the kernel before the pause (and before a 'reset' could drop it).
        await new Promise((resolve) => res.write(part, resolve));
        await sleep(options.gapMs ?? 1);
      }
    }
    if (options.then === 'reset') res.socket?.destroy();
    else if (options.then !== 'open') res.end();
  };
  return { handler, connection };
}

/** Waits for the connection to close, failing (rather than hanging) after `ms`. */
export async function closedWithin(connection: Connection, ms = 3000): Promise<boolean> {
  let bound: NodeJS.Timeout | undefined;
  await Promise.race([connection.closed, new Promise((resolve) => (bound = setTimeout(resolve, ms)))]);
  clearTimeout(bound); // a pending bound would hold the test process open for up to `ms` after the file
  return connection.isClosed();
}
