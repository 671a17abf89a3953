import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { main, type GenerateResult } from 'restfit/cli';
import { generate } from '../../../lib/cli/generate';

export const FIXTURES = resolve(__dirname, '../../fixtures/openapi');

/** A scratch folder inside the repository (so generated code resolves restfit's dependencies), one per run. */
export function scratch(name: string): string {
  const dir = join(__dirname, '../.generated', `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

/** Runs the CLI as a user would and keeps what it printed, for assertions that show it when they fail. */
export async function runCli(args: string[]): Promise<{ exitCode: number; output: string[] }> {
  const output: string[] = [];
  const exitCode = await main(
    args,
    (line) => output.push(line),
    (line) => output.push(line),
  );
  return { exitCode, output };
}

/** Generates through the API (to learn the services and operations) after the CLI run is checked. */
export function generateTo(
  document: string,
  out: string,
  module: 'commonjs' | 'esm' = 'commonjs',
): Promise<GenerateResult> {
  return generate(document, out, { module });
}

const LOAD_ALONE = `
const [index, ...services] = process.argv.slice(1);
const generated = require(index); // first, alone: nothing imported restfit or reflect-metadata before
const restfit = require(require.resolve('restfit', { paths: [require('path').dirname(index)] }));
const failures = [];
for (const name of services) {
  try { restfit.createClient(generated[name], { baseURL: 'http://127.0.0.1:9' }); }
  catch (error) { failures.push(name + ': ' + error.message); }
}
console.log(JSON.stringify({ created: services.length - failures.length, failures }));
`;

/**
 * In a fresh node process: requires only the generated index (compiled JavaScript), then creates every
 * service with restfit's createClient.
 */
export function loadAlone(
  indexJs: string,
  services: string[],
): Promise<{ exitCode: number; created?: number; failures?: string[]; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      ['-e', LOAD_ALONE, indexJs, ...services],
      { cwd: dirname(indexJs), timeout: 60_000 },
      (error, stdout, stderr) => {
        const exitCode = error ? ((error as { code?: number }).code ?? 1) : 0;
        let parsed: { created?: number; failures?: string[] } = {};
        try {
          parsed = JSON.parse(stdout.trim().split('\n').pop() ?? '');
        } catch {
          // the process failed before printing: stderr says why
        }
        resolvePromise({ exitCode, ...parsed, stderr: stderr.slice(0, 2000) });
      },
    );
  });
}
