import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { importCycles, importEdges, layerViolations, type Edge } from './import-graph';

// The layering of docs/architecture.md, checked on every file of lib/ (type-only imports and
// `export … from` included): no import cycle, and no folder importing one that comes after it.

const LIB = resolve(__dirname, '../../lib');

describe('the import graph of lib/', () => {
  const edges = importEdges(LIB);

  test('is read from every file (sanity: the graph is not empty and sees type-only imports)', () => {
    expect(edges.length).toBeGreaterThan(200);
    // lib/core/exchange.ts has only `import type` of core/api-error: it must still be an edge.
    expect(edges).toContainEqual({ from: 'core/exchange', to: 'core/api-error' });
    // lib/index.ts re-exports with `export … from`.
    expect(edges).toContainEqual({ from: 'index', to: 'client/rest-client' });
  });

  test('has no cycle', () => {
    expect(importCycles(edges)).toEqual([]);
  });

  test('has no import against the flow (core → … → client → entry points)', () => {
    expect(layerViolations(edges)).toEqual([]);
  });
});

describe('the checker itself fails on a violation', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'restfit-graph-'));
    const files: Record<string, string> = {
      'core/a.ts': "import type { B } from './b';\nexport type A = B;\n",
      'core/b.ts': "import type { A } from './a';\nexport type B = A | 1;\n",
      'request/build.ts': "export { Pipeline } from '../pipeline/chain';\n",
      'pipeline/chain.ts': 'export const Pipeline = 1;\n',
      'errors/errors.ts': "import '../client/rest-client';\n",
      'client/rest-client.ts': "import { Pipeline } from '../pipeline/chain';\nexport const x = Pipeline;\n",
      'core/c.ts': "import { x } from '../platform/node';\nexport const c = x;\n",
      'platform/node.ts': 'export const x = 1;\n',
      'testing/index.ts': "export * from '../redis/index';\n",
      'redis/index.ts': 'export const r = 1;\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('a cycle of type-only imports is found', () => {
    expect(importCycles(importEdges(root))).toEqual([['core/a', 'core/b']]);
  });

  test('imports against the flow are found, `export … from` and side-effect imports included', () => {
    expect(layerViolations(importEdges(root)).sort()).toEqual([
      'core/c → platform/node: a folder imports one listed after it',
      'errors/errors → client/rest-client: a folder imports one listed after it',
      'request/build → pipeline/chain: a folder imports one listed after it',
      'testing/index → redis/index: entry points do not import each other',
    ]);
  });

  test('a clean graph passes', () => {
    const clean: Edge[] = [
      { from: 'client/rest-client', to: 'pipeline/chain' },
      { from: 'pipeline/chain', to: 'core/exchange' },
      { from: 'index', to: 'testing/index' },
    ];
    expect(importCycles(clean)).toEqual([]);
    expect(layerViolations(clean)).toEqual([]);
  });
});
