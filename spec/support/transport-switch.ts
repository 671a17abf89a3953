/**
 * `RESTFIT_TRANSPORT=undici npx jest`: the whole suite again with restfit/undici as axios's transport.
 * Setting the default adapter reaches restfit's default instance and every `axios.create()` in the specs.
 * Specs that test axios's own http adapter by name are left out in that mode: see jest.config.ts.
 */
import axios from 'axios';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { undiciAdapter } from 'restfit/undici';

if (process.env.RESTFIT_TRANSPORT === 'undici') {
  const adapter = undiciAdapter();
  axios.defaults.adapter = adapter;

  // Jest loads undici afresh for every spec file, and undici compiles its HTTP parser (WebAssembly) on
  // the first connection: ~100–200 ms on a busy machine, which a spec's 40 ms timeout would count. A
  // real process pays it once, so pay it here, before the file's own tests.
  beforeAll(async () => {
    const server = createServer((_req, res) => res.end('warm'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await axios.get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { adapter });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
  // Each spec file has its own module registry, so its own pool: close it with the file.
  afterAll(() => adapter.destroy());
}
