/** undici is an optional peer: `restfit` itself must load without it; only `restfit/undici` needs it. */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');

/** The node_modules packages a fresh Node process has loaded after requiring `entry`. */
function packagesLoadedBy(entry: string): string[] {
  const script = `require(${JSON.stringify(entry)});
    const names = new Set(Object.keys(require.cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean));
    process.stdout.write(JSON.stringify([...names]));`;
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out) as string[];
}

test('requiring restfit loads no undici; requiring restfit/undici does', () => {
  expect(packagesLoadedBy('./lib')).not.toContain('undici');
  expect(packagesLoadedBy('./lib/undici')).toContain('undici');
}, 120_000);
