import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export const ROOT = resolve(__dirname, '../..');

/** Newest modification time under a folder. */
function newest(dir: string): number {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const stat = statSync(full);
    latest = Math.max(latest, stat.isDirectory() ? newest(full) : stat.mtimeMs);
  }
  return latest;
}

const BUILT = join(ROOT, 'dist/node/index.mjs'); // the build's last step writes it

function isFresh(): boolean {
  return existsSync(BUILT) && statSync(BUILT).mtimeMs > newest(join(ROOT, 'lib'));
}

/**
 * The runtimes load the built package (dist), as users do: build it when lib/ is newer (CI builds
 * first). Jest runs spec files in parallel: one builds (an exclusive lock directory), the others wait.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(
    tmpdir(),
    `restfit-build-lock-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}`,
  );
  for (let waited = 0; !isFresh(); waited += 500) {
    try {
      mkdirSync(lock);
    } catch {
      if (waited > 300_000)
        throw new Error(`ensureBuilt: ${lock} held for 5 minutes; remove it if no build runs`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    try {
      if (!isFresh()) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/**
 * A scratch consumer project whose node_modules has restfit (and class-transformer, which the smoke
 * file uses too: one copy, so @Type metadata is seen by restfit's mapping) — resolved through `exports`.
 */
export function makeConsumer(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'restfit-runtime-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules/restfit'), 'dir');
  symlinkSync(
    join(ROOT, 'node_modules/class-transformer'),
    join(dir, 'node_modules/class-transformer'),
    'dir',
  );
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'smoke-consumer', private: true, type: 'module' }),
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export type Target = 'browser' | 'workerd' | 'bun' | 'deno';

const ENTRIES: Record<Target, string> = {
  browser: `import { runSmoke } from './smoke.ts';\nglobalThis.__smoke = runSmoke(BASE_URL);\n`,
  workerd: `import { runSmoke } from './smoke.ts';\nexport default { async fetch() { return Response.json(await runSmoke(BASE_URL)); } };\n`,
  bun: `import { runSmoke } from './smoke.ts';\nconsole.log('SMOKE ' + JSON.stringify(await runSmoke(BASE_URL)));\n`,
  deno: `import { runSmoke } from './smoke.ts';\nconsole.log('SMOKE ' + JSON.stringify(await runSmoke(BASE_URL)));\n`,
};

/**
 * The smoke suite compiled with esbuild's TS loader (experimentalDecorators), no plugins, no polyfills.
 * Browser and workerd: one bundle with restfit in it (`--bundle --platform=browser`). Bun and Deno: the
 * smoke file alone, importing restfit from node_modules, so the runtime's own resolution is exercised.
 */
export async function bundleSmoke(target: Target, consumer: string, baseURL: string): Promise<string> {
  const whole = target === 'browser' || target === 'workerd';
  const outfile = join(consumer, `smoke-${target}.mjs`);
  await build({
    stdin: {
      contents: ENTRIES[target],
      resolveDir: __dirname,
      sourcefile: `entry-${target}.ts`,
      loader: 'ts',
    },
    bundle: true,
    platform: whole ? 'browser' : 'neutral',
    conditions: target === 'workerd' ? ['workerd', 'worker', 'browser'] : [],
    format: 'esm',
    target: 'es2022',
    external: whole ? [] : ['restfit', 'class-transformer'],
    // `restfit` resolves from the consumer's node_modules, through package.json `exports`.
    nodePaths: [join(consumer, 'node_modules')],
    define: { BASE_URL: JSON.stringify(baseURL) },
    tsconfig: join(__dirname, 'tsconfig.smoke.json'),
    outfile,
    logLevel: 'error',
  });
  return outfile;
}
