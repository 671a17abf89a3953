/**
 * The built package as users get it: Node's own resolution for import and require (one copy of each
 * class), esbuild's for a browser (the real ESM build, no `node:` import, tree-shaken), and error names
 * that survive minification.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { ensureBuilt, makeConsumer } from './bundle';

let consumer: ReturnType<typeof makeConsumer>;

beforeAll(async () => {
  await ensureBuilt();
  consumer = makeConsumer();
}, 240_000);
afterAll(() => consumer?.remove());

async function browserBundle(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: consumer.dir, loader: 'js' },
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'bundle',
    external: ['axios', 'class-transformer', 'reflect-metadata'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

describe('the built package', () => {
  it('in Node, import and require give the same classes (no dual-package hazard)', () => {
    const file = join(consumer.dir, 'dual.mjs');
    writeFileSync(
      file,
      `import { createRequire } from 'node:module';
import * as imported from 'restfit';
const required = createRequire(import.meta.url)('restfit');
const error = new required.NotFoundError({ status: 404 });
console.log(JSON.stringify({
  same: imported.NotFoundError === required.NotFoundError,
  instanceOfImported: error instanceof imported.NotFoundError,
  importPath: import.meta.resolve('restfit').replace(/.*\\/dist\\//, 'dist/'),
  requirePath: createRequire(import.meta.url).resolve('restfit').replace(/.*\\/dist\\//, 'dist/'),
}));`,
    );
    const out = JSON.parse(execFileSync(process.execPath, [file], { cwd: consumer.dir, encoding: 'utf8' }));
    expect(out).toEqual({
      same: true,
      instanceOfImported: true,
      importPath: 'dist/node/index.mjs',
      requirePath: 'dist/cjs/index.js',
    });
  });

  it('a browser bundle takes the ESM build, with no node: module and no Node platform code', async () => {
    const code = await browserBundle(`export { createClient, FileTokenStore } from 'restfit';`);
    expect(code).not.toMatch(/["']node:/);
    expect(code).toMatch(/needs Node's file system/); // the web FileTokenStore
    expect(code).not.toMatch(/keepAlive/);
  });

  it('importing only an error class leaves the client out (tree-shaking, sideEffects)', async () => {
    const code = await browserBundle(`export { NotFoundError } from 'restfit';`);
    expect(code).toMatch(/NotFoundError/);
    expect(code).not.toMatch(/maxContentLength/);
  });

  it("keeps errors' names in a minified bundle", async () => {
    const code = await browserBundle(`import { NotFoundError, TimeoutError, ApiError } from 'restfit';
export const names = [new NotFoundError({ status: 404 }).name, new TimeoutError('late').name, new ApiError('x').name];
export const classNames = [NotFoundError.name, TimeoutError.name];`);
    // reflect-metadata (external here) is the one import with a side effect: a stand-in will do.
    const sandbox: { bundle?: { names: string[]; classNames: string[] }; require: () => object } = {
      require: () => ({}),
    };
    runInNewContext(code, sandbox);
    // The classes themselves are renamed by the minifier; the errors' names are not.
    expect(sandbox.bundle!.classNames).not.toEqual(['NotFoundError', 'TimeoutError']);
    expect(sandbox.bundle!.names).toEqual(['NotFoundError', 'TimeoutError', 'ApiError']);
  });
});
