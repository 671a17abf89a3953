import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { RequestListener } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificate {
  key: Buffer;
  cert: Buffer;
}

let made: Certificate | undefined;

/**
 * A self-signed certificate for 127.0.0.1 (the IP in subjectAltName too), made with openssl once per
 * test file: no client trusts it unless given it as `ca`.
 */
export function selfSignedCertificate(): Certificate {
  if (made) return made;
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
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    made = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
    return made;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TlsServer {
  port: number;
  /** `https://127.0.0.1:<port>/` */
  url: string;
  /** Ends its open connections and the server. */
  close(): Promise<void>;
}

/** A node:https server on 127.0.0.1 with an ephemeral port, presenting selfSignedCertificate(). */
export async function startTlsServer(listener: RequestListener): Promise<TlsServer> {
  const server: Server = createServer(selfSignedCertificate(), listener);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `https://127.0.0.1:${port}/`,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
