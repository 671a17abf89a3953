import 'reflect-metadata';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FileTokenStore,
  Get,
  MemoryTokenStore,
  createClient,
  declared,
  tokenAuth,
  type Token,
} from 'restfit';
import { startTokenBackend, type TokenBackend } from './support/token-backend';

let dir: string;
beforeAll(async () => (dir = await fs.mkdtemp(join(tmpdir(), 'restfit-tokens-'))));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

const token: Token = {
  accessToken: 'a1',
  tokenType: 'Bearer',
  expiresAt: 1_800_000_000_000,
  refreshToken: 'r1',
};

describe('MemoryTokenStore', () => {
  test('get/set/delete by key, copies in and out', async () => {
    const store = new MemoryTokenStore();
    expect(await store.get('k')).toBeUndefined();
    const mine = { ...token };
    await store.set('k', mine);
    mine.accessToken = 'changed';
    expect(await store.get('k')).toEqual(token);
    (await store.get('k'))!.accessToken = 'changed again';
    expect((await store.get('k'))!.accessToken).toBe('a1');
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });
});

describe('FileTokenStore', () => {
  test('writes a 0600 file atomically and reads it back in a new store', async () => {
    const path = join(dir, 'nested', 'tokens.json');
    await new FileTokenStore(path).set('api', token);
    await new FileTokenStore(path).set('other', { accessToken: 'b' });
    expect((await fs.stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await fs.readFile(path, 'utf8'))).toEqual({ api: token, other: { accessToken: 'b' } });
    const reopened = new FileTokenStore(path);
    expect(await reopened.get('api')).toEqual(token);
    await reopened.delete('api');
    expect(await new FileTokenStore(path).get('api')).toBeUndefined();
    expect(await new FileTokenStore(path).get('other')).toEqual({ accessToken: 'b' });
    // No temp files are left behind.
    expect(await fs.readdir(join(dir, 'nested'))).toEqual(['tokens.json']);
  });

  test('concurrent writes of one store all land', async () => {
    const path = join(dir, 'concurrent.json');
    const store = new FileTokenStore(path);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, { accessToken: `t${i}` })));
    const all = JSON.parse(await fs.readFile(path, 'utf8'));
    expect(Object.keys(all)).toHaveLength(20);
  });

  test('a missing file reads as empty; a corrupt file reads as empty, is reported, and is replaced on the next write', async () => {
    expect(await new FileTokenStore(join(dir, 'absent.json')).get('k')).toBeUndefined();
    const path = join(dir, 'corrupt.json');
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) };
    for (const junk of ['{"api": {"accessToken": "a1"', '[1,2,3]', '"just a string"', '\u0000\u0001binary']) {
      await fs.writeFile(path, junk);
      const store = new FileTokenStore(path, { logger });
      await expect(store.get('api')).resolves.toBeUndefined();
    }
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toBe(
      `FileTokenStore: ${path} is corrupt (not a JSON object of tokens); treating it as empty`,
    );
    // Entries that are not tokens are skipped, good ones kept.
    await fs.writeFile(path, JSON.stringify({ bad: { accessToken: 42 }, good: { accessToken: 'g' } }));
    expect(await new FileTokenStore(path).get('bad')).toBeUndefined();
    expect(await new FileTokenStore(path).get('good')).toEqual({ accessToken: 'g' });
    await fs.writeFile(path, 'garbage');
    await new FileTokenStore(path, { logger }).set('api', token);
    expect(JSON.parse(await fs.readFile(path, 'utf8'))).toEqual({ api: token });
  });

  test('a path that cannot be read (a directory) does not crash the read', async () => {
    const warnings: string[] = [];
    const store = new FileTokenStore(dir, { logger: { warn: (m: string) => warnings.push(m) } });
    await expect(store.get('k')).resolves.toBeUndefined();
    expect(warnings[0]).toContain('cannot read');
  });

  describe('with tokenAuth', () => {
    class Api {
      @Get('/data')
      data(): Promise<{ token: string }> {
        return declared();
      }
    }
    let backend: TokenBackend;
    beforeAll(async () => (backend = await startTokenBackend()));
    afterAll(() => backend.close());

    test('the session survives a restart of the client: no new token is obtained', async () => {
      const path = join(dir, 'session.json');
      const make = () =>
        createClient(Api, {
          baseURL: backend.api.url,
          auth: tokenAuth({
            obtain: backend.obtain,
            refresh: backend.refresh,
            store: new FileTokenStore(path),
            key: 'api',
          }),
        });
      const first = await make().data();
      expect(backend.tokenRequests()).toHaveLength(1);
      // "Restart": a brand-new client, provider and store on the same file.
      const second = await make().data();
      expect(second.token).toBe(first.token);
      expect(backend.tokenRequests()).toHaveLength(1);
      expect(backend.bearer(backend.api.received.at(-1)!)).toBe(first.token);
    });

    test('a corrupt token file means a fresh obtain, not a crash', async () => {
      const path = join(dir, 'corrupt-session.json');
      await fs.writeFile(path, '{{{');
      const warnings: string[] = [];
      const api = createClient(Api, {
        baseURL: backend.api.url,
        auth: tokenAuth({
          obtain: backend.obtain,
          store: new FileTokenStore(path, { logger: { warn: (m: string) => warnings.push(m) } }),
        }),
      });
      const before = backend.tokenRequests().length;
      await api.data();
      expect(backend.tokenRequests().length).toBe(before + 1);
      expect(warnings.length).toBeGreaterThan(0);
      expect(JSON.parse(await fs.readFile(path, 'utf8')).default.accessToken).toBe(
        backend.bearer(backend.api.received.at(-1)!),
      );
    });
  });
});
