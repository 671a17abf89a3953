import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Bundles a TypeScript worker into one JavaScript file (esbuild, a dev dependency): eight node
 * processes start in a fraction of the time ts-node would take each, so they really run at once.
 */
export function bundleWorker(entry: string): string {
  const outfile = join(mkdtempSync(join(tmpdir(), 'restfit-worker-')), 'worker.js');
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile,
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'error',
  });
  return outfile;
}

export interface Exit {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `node script` with extra env; resolves when it exits (killed after `maxMs`). */
export function runNode(script: string, env: Record<string, string>, maxMs = 60_000): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { cwd: ROOT, env: { ...process.env, ...env } });
    const timer = setTimeout(() => child.kill('SIGKILL'), maxMs);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}
