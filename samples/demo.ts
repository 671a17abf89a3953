/* The demo: a sample SDK (samples/users-sdk.ts) against its bundled demo server (samples/demo-server.ts). */
import axios from 'axios';
import { NotFoundError, RestClient, UnprocessableEntityError, type AuthProvider } from 'restfit';
import { startDemoServer } from './demo-server';
import { UsersApi } from './users-sdk';

async function main(): Promise<void> {
  const server = await startDemoServer();
  const log = (...lines: unknown[]) => console.log(...lines);
  try {
    // A token that the server expires after 3 uses; refresh() gets a new one and the call is replayed once.
    let token: string | undefined;
    const obtainToken = async () => {
      const { data } = await axios.post(`${server.url}/v1/oauth/token`, 'grant_type=client_credentials');
      token = data.access_token;
    };
    const auth: AuthProvider = {
      async authenticate(request) {
        if (!token) await obtainToken();
        request.headers.authorization = `Bearer ${token}`;
      },
      async refresh() {
        await obtainToken();
        return true;
      },
    };

    const client = new RestClient({ baseURL: server.url, auth, retry: { backoff: { baseMs: 10, maxMs: 100 } } });
    const users = client.create(UsersApi);

    const ada = await users.getUser(1);
    log(`GET /v1/users/1 → ${ada.name} (admin: ${ada.isAdmin}, created ${ada.createdAt.toISOString().slice(0, 10)})`);

    const members = await users.list('member');
    log(`GET /v1/users?role=member → ${members.map((u) => u.name).join(', ')}`);

    log(`admins() composes list('admin') → ${(await users.admins()).join(', ')}`);

    const created = await users.create({ name: 'Katherine Johnson' });
    log(`POST /v1/users → #${created.id} ${created.name} (a ${created.constructor.name})`);

    try {
      await users.getUser(99);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      log(`GET /v1/users/99 → ${error.name} ${error.status}: ${JSON.stringify(error.data)}`);
    }

    const invalid = await users.tryCreate({});
    log(`POST /v1/users {} → ok=${invalid.ok} status=${invalid.status} error=${invalid.error?.name} (${invalid.error instanceof UnprocessableEntityError})`);

    const status = await users.status();
    log(`GET /v1/status (503, 503, 200) → ${status.status} after ${status.checks} attempts`);

    const avatar = await users.avatar();
    log(`GET /v1/avatar → ${avatar.length} bytes, PNG signature ${avatar.subarray(1, 4).toString('latin1')}`);

    await users.remove(created.id);
    log(`DELETE /v1/users/${created.id} → done`);

    log(`token server: ${server.stats.logins} token requests for ${server.stats.requests} requests in all`);
  } finally {
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
