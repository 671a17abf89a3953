/**
 * `RESTFIT_TRANSPORT=undici npx jest`: the whole suite again with restfit/undici as axios's transport.
 * Setting the default adapter reaches restfit's default instance and every `axios.create()` in the specs.
 * Specs that test axios's own http adapter by name are left out in that mode: see jest.config.ts.
 */
import axios from 'axios';
import { undiciAdapter } from 'restfit/undici';

if (process.env.RESTFIT_TRANSPORT === 'undici') {
  const adapter = undiciAdapter();
  axios.defaults.adapter = adapter;
  // Each spec file has its own module registry, so its own pool: close it with the file.
  afterAll(() => adapter.destroy());
}
