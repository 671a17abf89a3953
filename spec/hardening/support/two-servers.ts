import { startServer, type TestServer } from '../../support/test-server';

/**
 * Two loopback servers for a spec file: `server` is the client's base, `other` another origin that
 * must receive nothing. Started once, reset before each test, closed after the file.
 */
export function useTwoServers(): { readonly server: TestServer; readonly other: TestServer } {
  const servers = {} as { server: TestServer; other: TestServer };
  beforeAll(async () => {
    servers.server = await startServer();
    servers.other = await startServer();
  });
  afterAll(async () => {
    await servers.server.close();
    await servers.other.close();
  });
  beforeEach(() => {
    servers.server.reset();
    servers.other.reset();
  });
  return servers;
}
