import axios, { type AxiosInstance, type CreateAxiosDefaults } from 'axios';
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { undiciAdapter, type UndiciAdapter, type UndiciAdapterOptions } from 'restfit/undici';

/** An axios instance on a fresh undici adapter; `close()` ends its pool. */
export function undiciAxios(
  options: UndiciAdapterOptions = {},
  defaults: CreateAxiosDefaults = {},
): { http: AxiosInstance; adapter: UndiciAdapter } {
  const adapter = undiciAdapter(options);
  return { http: axios.create({ ...defaults, adapter }), adapter };
}

export interface TunnelProxy {
  url: string;
  /** The CONNECT targets and Proxy-Authorization headers it received. */
  connects: { target: string; authorization?: string }[];
  close(): Promise<void>;
}

/** An HTTP proxy on 127.0.0.1 that tunnels CONNECT requests (what undici's ProxyAgent sends). */
export async function startTunnelProxy(): Promise<TunnelProxy> {
  const connects: TunnelProxy['connects'] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    connects.push({ target: req.url ?? '', authorization: req.headers['proxy-authorization'] });
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    close() {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
