import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadOpenApi } from '../../../lib/cli/openapi';
import { freePort } from '../../support/test-server';
import { ROOT } from './compile';

export interface Prism {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * `prism mock <document> --errors` on 127.0.0.1; resolves once it listens (bounded by `timeoutMs`).
 * Prism matches paths without the servers' base path, so it mocks a copy of the document (written to
 * `scratchDir`) whose paths carry the first server's path and whose servers are removed.
 */
export async function startPrism(document: string, scratchDir: string, timeoutMs = 180_000): Promise<Prism> {
  const port = await freePort();
  const parsed = await loadOpenApi(document);
  const url = parsed.servers?.[0]?.url ?? '';
  const basePath = (/^\w+:\/\//.test(url) ? new URL(url).pathname : url).replace(/\/$/, '');
  parsed.paths = Object.fromEntries(
    Object.entries(parsed.paths ?? {}).map(([path, item]) => [`${basePath}${path}`, item]),
  );
  delete parsed.servers;
  mkdirSync(scratchDir, { recursive: true });
  const copy = join(scratchDir, `prism-${basename(document)}.json`);
  writeFileSync(copy, JSON.stringify(parsed));
  document = copy;
  const child: ChildProcess = spawn(
    join(ROOT, 'node_modules/.bin/prism'),
    ['mock', document, '--errors', '-p', String(port), '-h', '127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`prism did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Prism is listening/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`prism exited (${code}):\n${output}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  return { url: `http://127.0.0.1:${port}`, output: () => output, stop };
}
