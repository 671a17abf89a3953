import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { compile, emitted } from './support/compile';
import { FIXTURES, generateTo, loadAlone, runCli, scratch } from './support/generated';
import type { GenerateResult } from 'restfit/cli';

// The four public documents of spec/fixtures/openapi (origins in SOURCES.md), generated, compiled under
// strict CommonJS and NodeNext (all documents in one tsc program per setting), loaded alone and created.
const DOCUMENTS = ['petstore.yaml', 'github-2022.json', 'twilio_api_v2010.yaml', 'asana_oas.yaml'];

describe('restfit generate on real-world documents', () => {
  const root = scratch('real');
  const cjs = (doc: string) => join(root, 'cjs', doc.replace(/\.\w+$/, ''));
  const esm = (doc: string) => join(root, 'esm', doc.replace(/\.\w+$/, ''));
  const emitDir = join(root, 'emit');
  const runs: Record<string, { exitCode: number; output: string[] }> = {};
  const results: Record<string, GenerateResult> = {};
  let commonjsErrors: Record<string, string[]> = {};
  let nodeNextErrors: Record<string, string[]> = {};

  beforeAll(async () => {
    for (const doc of DOCUMENTS) {
      runs[doc] = await runCli(['generate', join(FIXTURES, doc), '--out', cjs(doc)]);
      results[doc] = await generateTo(join(FIXTURES, doc), esm(doc), 'esm');
    }
    commonjsErrors = compile(DOCUMENTS.map(cjs), 'commonjs', emitDir);
    nodeNextErrors = compile(DOCUMENTS.map(esm), 'nodenext');
  }, 600_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  describe.each(DOCUMENTS)('%s', (doc) => {
    it('generates (the CLI says what it wrote)', () => {
      expect(runs[doc]).toMatchObject({
        exitCode: 0,
        output: [expect.stringMatching(/^restfit: generated \d+ services/)],
      });
      expect(results[doc].operations.length).toBeGreaterThan(0);
    });

    it('compiles with no error under tsc --strict, CommonJS', () => {
      expect(commonjsErrors[cjs(doc)].slice(0, 20)).toEqual([]);
    });

    it('compiles with no error under tsc --strict, NodeNext (--module esm)', () => {
      expect(nodeNextErrors[esm(doc)].slice(0, 20)).toEqual([]);
    });

    it('loads alone in a fresh node process and creates every service', async () => {
      const index = join(emitted(emitDir, cjs(doc)), 'index.js');
      const outcome = await loadAlone(index, results[doc].services);
      expect(outcome).toEqual({
        exitCode: 0,
        created: results[doc].services.length,
        failures: [],
        stderr: '',
      });
    }, 60_000);
  });
});
