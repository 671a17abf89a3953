/**
 * `npx ts-node --transpile-only bench/generate.ts [--runs=5]` — how long `restfit generate` takes on the
 * public documents of spec/fixtures/openapi (read + parse + check + generate + write), in this process
 * after one warm-up run. Budget (issue 13): the GitHub document in under 2 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFiles } from '../lib/cli/generate';
import { loadOpenApi } from '../lib/cli/openapi';
import { generate } from '../lib/cli';

const DOCUMENTS = ['github-2022.json', 'petstore.yaml', 'twilio_api_v2010.yaml', 'asana_oas.yaml'];
const BUDGET_MS = { 'github-2022.json': 2_000 } as Record<string, number>;
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  console.log(
    `restfit generate — ${runs} runs after a warm-up, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, node ${process.version}\n`,
  );
  console.log('| document | whole run (median) | min | parse + check | generate | budget |');
  console.log('|---|---|---|---|---|---|');
  const out = mkdtempSync(join(tmpdir(), 'restfit-bench-generate-'));
  try {
    for (const name of DOCUMENTS) {
      const file = join(__dirname, '../spec/fixtures/openapi', name);
      const whole: number[] = [];
      const parse: number[] = [];
      const gen: number[] = [];
      for (let i = 0; i <= runs; i++) {
        let started = performance.now();
        await generate(file, join(out, name));
        const total = performance.now() - started;
        started = performance.now();
        const document = await loadOpenApi(file);
        const parsed = performance.now() - started;
        started = performance.now();
        generateFiles(document);
        const generated = performance.now() - started;
        if (i === 0) continue; // warm-up
        whole.push(total);
        parse.push(parsed);
        gen.push(generated);
      }
      const budget = BUDGET_MS[name];
      const verdict = budget ? `${median(whole) < budget ? 'within' : 'OVER'} ${budget} ms` : '';
      const ms = (value: number) => `${value.toFixed(0)} ms`;
      console.log(
        `| ${name} | ${ms(median(whole))} | ${ms(Math.min(...whole))} | ${ms(median(parse))} | ${ms(median(gen))} | ${verdict} |`,
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
