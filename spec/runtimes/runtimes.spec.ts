/**
 * The runtime smoke suite (smoke.ts) on Bun, Deno, headless Chromium and workerd, against a real server
 * on 127.0.0.1. A runtime whose binary is missing is skipped, saying so — except in CI, where
 * RESTFIT_REQUIRE_RUNTIMES=1 (set by .ci/run) turns a missing binary into a failure.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestServer } from '../support/test-server';
import { bundleSmoke, ensureBuilt, makeConsumer, ROOT, type Target } from './bundle';
import { startSmokeServer } from './server';

interface SmokeResult {
  name: string;
  ok: boolean;
  detail: string;
}

const CHECKS = [
  'GET with path and query',
  'a Date mapped by @Returns',
  'POST JSON',
  'a 404 as NotFoundError',
  'bytes',
  'a web ReadableStream for stream',
  'a multipart upload',
  'a retry after Retry-After',
  'a tokenAuth refresh after a 401',
  'a cancelled call as CancelledError',
  'a timeout as TimeoutError',
  'FileTokenStore is a clear DeclarationError',
];

const BINARIES: Record<Target, string> = {
  bun: join(ROOT, 'node_modules/.bin/bun'),
  deno: join(ROOT, 'node_modules/.bin/deno'),
  browser: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  workerd: join(ROOT, 'node_modules/miniflare/package.json'),
};
const REQUIRED = process.env.RESTFIT_REQUIRE_RUNTIMES === '1';

let server: TestServer;
let consumer: ReturnType<typeof makeConsumer>;
const bundles = new Map<Target, string>();

beforeAll(async () => {
  await ensureBuilt();
  consumer = makeConsumer();
  server = await startSmokeServer({
    '/': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>restfit smoke</title><script type="module" src="/smoke.mjs"></script>');
    },
    '/smoke.mjs': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(readFileSync(bundles.get('browser')!));
    },
  });
}, 240_000);

afterAll(async () => {
  await server?.close();
  consumer?.remove();
});

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: consumer.dir,
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: '1', ...env },
        maxBuffer: 16 << 20,
      },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
    );
  });
}

function parseSmoke(stdout: string): SmokeResult[] {
  const line = stdout.split('\n').find((l) => l.startsWith('SMOKE '));
  if (!line) throw new Error(`no SMOKE line in the output:\n${stdout}`);
  return JSON.parse(line.slice(6));
}

const runners: Record<Target, (bundle: string) => Promise<SmokeResult[]>> = {
  async bun(bundle) {
    return parseSmoke(await run(BINARIES.bun, ['run', bundle]));
  },
  async deno(bundle) {
    const stdout = await run(
      BINARIES.deno,
      [
        'run',
        '--quiet',
        '--no-prompt',
        '--allow-net=127.0.0.1',
        '--allow-read',
        '--allow-env',
        '--allow-sys',
        '--node-modules-dir=manual',
        bundle,
      ],
      { DENO_DIR: join(consumer.dir, '.deno'), DENO_NO_UPDATE_CHECK: '1' },
    );
    return parseSmoke(stdout);
  },
  async browser() {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: BINARIES.browser,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      // The page's origin (localhost) is not the API's (127.0.0.1): every call is a CORS request.
      await page.goto(`http://localhost:${server.port}/`);
      await page.waitForFunction(
        () => (globalThis as { __smoke?: unknown }).__smoke !== undefined,
        undefined,
        {
          timeout: 20_000,
        },
      );
      const results = await page.evaluate(
        () => (globalThis as unknown as { __smoke: Promise<unknown> }).__smoke,
      );
      if (errors.length) throw new Error(`page errors: ${errors.join('\n')}`);
      return results as SmokeResult[];
    } finally {
      await browser.close();
    }
  },
  async workerd(bundle) {
    const { Miniflare } = await import('miniflare');
    const mf = new Miniflare({
      modules: true,
      script: readFileSync(bundle, 'utf8'),
      compatibilityDate: '2025-01-01',
    });
    try {
      const response = await mf.dispatchFetch('http://smoke.test/');
      return (await response.json()) as SmokeResult[];
    } finally {
      await mf.dispose();
    }
  },
};

describe.each(['bun', 'deno', 'browser', 'workerd'] as Target[])('the smoke suite on %s', (target) => {
  const present = existsSync(BINARIES[target]);
  if (!present && !REQUIRED) {
    it.skip(`(skipped: ${BINARIES[target]} is missing; CI installs it and sets RESTFIT_REQUIRE_RUNTIMES=1)`, () =>
      undefined);
    return;
  }
  it('passes every check', async () => {
    expect(present).toBe(true);
    const bundle = await bundleSmoke(target, consumer.dir, server.url.replace(/\/$/, ''));
    bundles.set(target, bundle);
    const results = await runners[target](bundle);
    const report = results.map((r) => [r.name, r.ok ? 'ok' : `FAILED: ${r.detail}`]);
    expect(report).toEqual(CHECKS.map((name) => [name, 'ok']));
  }, 90_000);
});
