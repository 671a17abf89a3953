/** An internal bug on the way (a TypeError in an adapter) is reported as itself, never as a NetworkError. */
import axios, { AxiosError } from 'axios';
import { ApiError, createClient, declared, Get, NetworkError } from 'restfit';

class ThingsApi {
  @Get('/things')
  list(): Promise<unknown> {
    return declared();
  }
}

function clientWithAdapter(adapter: () => Promise<never>) {
  return createClient(ThingsApi, {
    axios: axios.create({ baseURL: 'http://127.0.0.1:9', adapter }),
    retry: false,
  });
}

describe('transport failures', () => {
  it('a TypeError thrown by the adapter is an ApiError with code TRANSPORT_BUG, not a NetworkError', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'socket')");
    const error = await clientWithAdapter(() => Promise.reject(bug))
      .list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({
      code: 'TRANSPORT_BUG',
      cause: expect.objectContaining({ name: 'TypeError' }),
    });
    expect((error as Error).message).toBe(
      "ThingsApi.list: the transport failed with an internal TypeError: Cannot read properties of undefined (reading 'socket') (GET http://127.0.0.1:9/things)",
    );
  });

  it("fetch's own TypeError, wrapped by axios as ERR_NETWORK, stays a NetworkError", async () => {
    const failed = AxiosError.from(new TypeError('Failed to fetch'), 'ERR_NETWORK');
    const error = await clientWithAdapter(() => Promise.reject(failed))
      .list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
  });

  it('a refused connection is still a NetworkError of kind connect', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const error = await clientWithAdapter(() => Promise.reject(refused))
      .list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ kind: 'connect' });
  });
});
