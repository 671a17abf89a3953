/**
 * The clients compared over loopback. All use ONE keep-alive http.Agent (undici cannot: it has its own
 * pool, sized the same) and the axios-based ones ONE axios instance, so only the layer on top differs.
 * The exception is "restfit + undiciAdapter": restfit on an axios instance whose adapter is
 * restfit/undici, with its own undici pool of the same size.
 */
import axios, { type AxiosInstance } from 'axios';
import { Agent, request as httpRequest } from 'node:http';
import { ServiceBuilder } from 'ts-retrofit';
import { Pool } from 'undici';
import { RestClient } from '../lib';
import { undiciAdapter } from '../lib/undici';
import { NEW_USER, QUERY, USER_ID } from './payloads';
import { TsRetrofitUsersApi, UsersApi } from './services';

export type Call = () => Promise<unknown>;

export interface Contender {
  readonly name: string;
  readonly get: Call;
  readonly post: Call;
  /** GET of a URL that answers 302 → the user (only for the redirect comparison). */
  readonly getMoved?: Call;
}

/** The timeout every axios-based contender runs with: restfit's default. */
export const TIMEOUT_MS = 30_000;

export interface LoopbackSetup {
  contenders: Contender[];
  close(): Promise<void>;
}

export function createLoopbackContenders(baseURL: string, maxSockets: number): LoopbackSetup {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const instance: AxiosInstance = axios.create({ baseURL, httpAgent: agent });
  const { hostname, port } = new URL(baseURL);
  const path = `/users/${USER_ID}?q=${encodeURIComponent(QUERY)}`;
  const postBody = JSON.stringify(NEW_USER);

  const raw = (method: string, target: string, body?: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { accept: 'application/json' };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = httpRequest({ agent, hostname, port, method, path: target, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error);
          }
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });

  const pool = new Pool(baseURL, { connections: maxSockets });
  const undiciCall = async (method: 'GET' | 'POST', target: string, body?: string) => {
    const response = await pool.request({
      method,
      path: target,
      body,
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
    });
    return response.body.json();
  };

  const restfit = new RestClient({ axios: instance, baseURL }).create(UsersApi);
  const adapter = undiciAdapter({ connections: maxSockets });
  const restfitUndici = new RestClient({ axios: axios.create({ baseURL, adapter }), baseURL }).create(
    UsersApi,
  );
  const tsRetrofit = new ServiceBuilder()
    .setEndpoint(baseURL)
    .setStandalone(instance)
    .setTimeout(TIMEOUT_MS)
    .build(TsRetrofitUsersApi);

  const contenders: Contender[] = [
    {
      name: 'node:http (floor)',
      get: () => raw('GET', path),
      post: () => raw('POST', '/users', postBody),
    },
    {
      name: 'undici',
      get: () => undiciCall('GET', path),
      post: () => undiciCall('POST', '/users', postBody),
    },
    {
      name: 'axios',
      get: () =>
        instance.get(`/users/${USER_ID}`, { params: { q: QUERY }, timeout: TIMEOUT_MS }).then((r) => r.data),
      post: () => instance.post('/users', NEW_USER, { timeout: TIMEOUT_MS }).then((r) => r.data),
      getMoved: () =>
        instance
          .get(`/moved/users/${USER_ID}`, { params: { q: QUERY }, timeout: TIMEOUT_MS })
          .then((r) => r.data),
    },
    {
      name: 'axios maxRedirects:0',
      get: () =>
        instance
          .get(`/users/${USER_ID}`, { params: { q: QUERY }, timeout: TIMEOUT_MS, maxRedirects: 0 })
          .then((r) => r.data),
      post: () =>
        instance.post('/users', NEW_USER, { timeout: TIMEOUT_MS, maxRedirects: 0 }).then((r) => r.data),
    },
    {
      name: 'ts-retrofit',
      get: () => tsRetrofit.getUser(USER_ID, QUERY).then((r) => r.data),
      post: () => tsRetrofit.createUser(NEW_USER).then((r) => r.data),
    },
    {
      name: 'restfit',
      get: () => restfit.getUser(USER_ID, QUERY),
      post: () => restfit.createUser(NEW_USER),
      getMoved: () => restfit.getMovedUser(USER_ID, QUERY),
    },
    {
      name: 'restfit + undiciAdapter',
      get: () => restfitUndici.getUser(USER_ID, QUERY),
      post: () => restfitUndici.createUser(NEW_USER),
      getMoved: () => restfitUndici.getMovedUser(USER_ID, QUERY),
    },
  ];
  return {
    contenders,
    close: async () => {
      agent.destroy();
      await pool.close();
      await adapter.close();
    },
  };
}
