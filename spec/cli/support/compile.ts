import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(__dirname, '../../..');

/** How the generated code is compiled: CommonJS (node10 resolution) or ESM under NodeNext. */
export type ModuleSetting = 'commonjs' | 'nodenext';

function options(module: ModuleSetting, outDir?: string): ts.CompilerOptions {
  const nodeNext = module === 'nodenext';
  return {
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    target: ts.ScriptTarget.ES2022,
    module: nodeNext ? ts.ModuleKind.NodeNext : ts.ModuleKind.CommonJS,
    moduleResolution: nodeNext ? ts.ModuleResolutionKind.NodeNext : ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules/@types')],
    baseUrl: ROOT,
    paths: { restfit: ['lib/index.ts'] },
    ...(outDir ? { outDir, rootDir: ROOT, sourceMap: false } : { noEmit: true }),
  };
}

/**
 * Type-checks generated folders in one program (one tsc run for many documents), from their index.ts or
 * the given root files, and emits JavaScript to `outDir` when given. Returns the diagnostics of the
 * generated files, by folder.
 */
export function compile(roots: string[], module: ModuleSetting, outDir?: string): Record<string, string[]> {
  const dirs = roots.map((root) => (root.endsWith('.ts') ? dirname(root) : root));
  if (module === 'nodenext') {
    // ESM output: the folder is a module package, as it would be in a project with "type": "module".
    for (const dir of dirs) writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  }
  const program = ts.createProgram(
    roots.map((root) => (root.endsWith('.ts') ? root : join(root, 'index.ts'))),
    options(module, outDir),
  );
  const result: Record<string, string[]> = Object.fromEntries(dirs.map((dir) => [dir, []]));
  const diagnostics = [...ts.getPreEmitDiagnostics(program)];
  if (outDir) {
    diagnostics.push(...program.emit().diagnostics);
    // `require('restfit')` in the emitted code finds the emitted library, as an installed package would
    // (a package.json of its own, so Node does not resolve 'restfit' to this repository's dist/).
    mkdirSync(join(outDir, 'node_modules/restfit'), { recursive: true });
    writeFileSync(join(outDir, 'package.json'), '{ "name": "generated-code-under-test", "private": true }\n');
    writeFileSync(
      join(outDir, 'node_modules/restfit/index.js'),
      "module.exports = require('../../lib/index.js');\n",
    );
  }
  for (const d of diagnostics) {
    const dir = dirs.find((candidate) => d.file?.fileName.startsWith(resolve(candidate)));
    if (!dir) continue; // the library itself is checked by `npm test`
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const where = `${relative(dir, d.file!.fileName)}:${at ? at.line + 1 : 0}`;
    result[dir].push(`${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }
  return result;
}

/** Where `compile(..., outDir)` put the JavaScript of a generated folder. */
export function emitted(outDir: string, dir: string): string {
  return join(outDir, relative(ROOT, resolve(dir)));
}
