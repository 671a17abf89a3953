import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { startTlsServer } from '../../support/tls';

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
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const https = await startTlsServer(on('https'));
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
      const port = first[0] === 0x16 ? https.port : (http.address() as AddressInfo).port;
      const upstream = connect(port, '127.0.0.1');
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
      await Promise.all([
        https.close(),
        ...[http, front].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      ]);
    },
  };
}
