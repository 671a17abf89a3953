import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SchemeRequest {
  scheme: 'http' | 'https';
  path: string;
  headers: IncomingMessage['headers'];
}

export interface DualSchemeServer {
  port: number;
  received: SchemeRequest[];
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1, made with openssl for this test run. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'restfit-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Plain HTTP and HTTPS on ONE port (the first byte tells a TLS handshake, 0x16, from HTTP; a small
 * TCP forwarder sends the connection on), so a redirect can change the scheme alone while host and
 * port stay the same.
 */
export async function startDualSchemeServer(
  handler: (scheme: 'http' | 'https', req: IncomingMessage, res: ServerResponse) => void,
): Promise<DualSchemeServer> {
  const received: SchemeRequest[] = [];
  const on = (scheme: 'http' | 'https') => (req: IncomingMessage, res: ServerResponse) => {
    received.push({ scheme, path: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => handler(scheme, req, res));
  };
  const http = createHttpServer(on('http'));
  const https = createHttpsServer(selfSignedCertificate(), on('https'));
  await Promise.all(
    [http, https].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))),
  );
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  // The front port forwards each connection, by its first byte, to the HTTP or the HTTPS server.
  const front = createNetServer((socket) => {
    track(socket);
    socket.once('data', (first) => {
      const target = (first[0] === 0x16 ? https : http).address() as AddressInfo;
      const upstream = connect(target.port, '127.0.0.1');
      track(upstream);
      upstream.write(first);
      socket.pipe(upstream).pipe(socket);
    });
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    port: (front.address() as AddressInfo).port,
    received,
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all(
        [http, https, front].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      );
    },
  };
}
