/**
 * `npm run size` — restfit's own code in a minified browser bundle (API.md §12.1): the whole public API
 * ≤ 20 KB min+gzip, the error classes alone ≤ 4 KB. axios, class-transformer and reflect-metadata are
 * left out (external). Bundles the built package (run `npm run build` first) the way a user's bundler
 * would: `import … from 'restfit'` resolved through package.json `exports` with the browser condition.
 * Prints every figure; exits 1 (CI fails) when a bundle exceeds its CI limit: the budget itself, or,
 * while a budget is not met yet (see docs/runtimes.md), a `guard` just above today's size, so nothing
 * grows back unnoticed. Lower a guard when the bundle shrinks; drop it once the budget holds.
 */
import { build } from 'esbuild';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as restfit from '../lib';

const KB = 1024;
const EXTERNAL = ['axios', 'class-transformer', 'reflect-metadata'];
const errorNames = Object.keys(restfit).filter(
  (name) => name.endsWith('Error') && name !== 'HTTP_ERROR_CODES',
);

const TYPICAL_SDK = 'createClient, Get, Post, Path, Query, Body, Returns, bearerAuth, NotFoundError';
/** `budget`: API.md §12.1; `guard`: the CI limit while the budget is not met. */
interface SizeCase {
  name: string;
  source: string;
  budget: number;
  guard?: number;
}

const cases: SizeCase[] = [
  {
    name: 'everything exported by restfit',
    source: `export * from 'restfit';`,
    budget: 20 * KB,
    guard: 38.5 * KB,
  },
  {
    name: `a typical SDK (${TYPICAL_SDK})`,
    source: `export { ${TYPICAL_SDK} } from 'restfit';`,
    budget: 20 * KB,
    guard: 28.5 * KB,
  },
  {
    name: 'error classes only',
    source: `export { ${errorNames.join(', ')} } from 'restfit';`,
    budget: 4 * KB,
  },
  {
    name: 'NotFoundError only',
    source: `export { NotFoundError } from 'restfit';`,
    budget: 4 * KB,
  },
];

async function bundledSize(source: string, consumer: string): Promise<{ min: number; gzip: number }> {
  const result = await build({
    stdin: { contents: source, resolveDir: consumer, loader: 'js' },
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    external: EXTERNAL,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

async function main(): Promise<void> {
  // A consumer project with restfit in its node_modules, so resolution goes through `exports`.
  const consumer = mkdtempSync(join(tmpdir(), 'restfit-size-'));
  mkdirSync(join(consumer, 'node_modules'));
  symlinkSync(resolve(__dirname, '..'), join(consumer, 'node_modules', 'restfit'), 'dir');
  let failed = false;
  try {
    console.log(
      '| bundle (esbuild --bundle --minify --platform=browser) | min | min+gzip | budget | CI limit |',
    );
    console.log('|---|---:|---:|---:|---:|');
    for (const { name, source, budget, guard } of cases) {
      const { min, gzip } = await bundledSize(source, consumer);
      const limit = guard ?? budget;
      failed ||= gzip > limit;
      const verdict = gzip > limit ? ' **over**' : '';
      console.log(
        `| ${name} | ${(min / KB).toFixed(1)} KB | ${(gzip / KB).toFixed(1)} KB | ${budget / KB} KB${gzip > budget ? ' (not met)' : ''} | ${limit / KB} KB${verdict} |`,
      );
    }
  } finally {
    rmSync(consumer, { recursive: true, force: true });
  }
  if (failed) {
    console.error('size: over a CI limit');
    process.exitCode = 1;
  }
}

void main();
