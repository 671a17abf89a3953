/*
 * The documentation's TypeScript examples cannot rot: every ```ts block of README.md and docs/*.md
 * typechecks with the project's settings, and the blocks marked `ts run=<name>` run against the demo
 * server (samples/demo-server.ts) and print what the documentation says they print.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  OUT_DIR,
  ROOT,
  documentationFiles,
  extractBlocks,
  removeWrittenBlocks,
  typecheckBlocks,
  type DocBlock,
} from '../../scripts/check-doc-examples';
import { startDemoServer, type DemoServer } from '../../samples/demo-server';

const run = promisify(execFile);
const blocks = documentationFiles().flatMap((file) => extractBlocks(file));
afterAll(removeWrittenBlocks);

/** The placeholder origin of the examples; the runnable ones are pointed at the demo server instead. */
const EXAMPLE_ORIGIN = 'https://api.example.com';

/**
 * What each runnable block prints against the demo server. Written by hand from the demo server's
 * data (users 1–3: Ada Lovelace, Alan Turing, Grace Hopper; tokens good for 3 uses) and the text
 * next to each block in the docs.
 */
const EXPECTED_OUTPUT: Record<string, string> = {
  'errors-catch': 'Ada Lovelace\nno such user (404)\nthe API is down\n',
  'token-refresh': '5 users; 2 calls got a 401 and were replayed\n',
  'login-same-client': 'Ada Lovelace\nAlan Turing\nGrace Hopper\nAda Lovelace\n',
};

test('every TypeScript block of README.md and docs/ typechecks (file:line of each error)', () => {
  expect(blocks.length).toBeGreaterThan(40);
  const failures = typecheckBlocks(blocks).map((failure) => `${failure.where}: ${failure.message}`);
  expect(failures).toEqual([]);
}, 120_000);

test('fragments (blocks left out of the check) stay rare', () => {
  const fragments = blocks.filter((block) => block.fragment).map((block) => `${block.file}:${block.line}`);
  expect(fragments.length).toBeLessThanOrEqual(3);
});

test('every runnable block has an expected output, and every expected output a block', () => {
  const names = blocks.flatMap((block) => (block.run ? [block.run] : []));
  expect(names.sort()).toEqual(Object.keys(EXPECTED_OUTPUT).sort());
});

describe('runnable examples against the demo server', () => {
  let server: DemoServer;
  const dir = join(OUT_DIR, 'run');
  beforeAll(async () => {
    server = await startDemoServer();
    mkdirSync(dir, { recursive: true });
  });
  afterAll(() => server.close());

  const runnable = blocks.filter((block): block is DocBlock & { run: string } => block.run !== undefined);
  test.each(runnable.map((block) => [`${block.file}:${block.line} (${block.run})`, block] as const))(
    '%s prints what the docs say',
    async (_where, block) => {
      const file = join(dir, `${block.run}.ts`);
      writeFileSync(file, `${block.code.split(EXAMPLE_ORIGIN).join(server.url)}\nexport {};\n`);
      const { stdout, stderr } = await run(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', file],
        { cwd: ROOT, timeout: 30_000 },
      );
      expect(stderr).toBe('');
      expect(stdout).toBe(EXPECTED_OUTPUT[block.run]);
    },
    40_000,
  );
});
