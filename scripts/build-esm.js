// The real ESM build (dist/esm) for browsers, Bun, Deno and workers, after `tsc -p tsconfig.build.esm.json`:
// - relative imports get their file extension (ESM resolution in Deno and Node needs it);
// - the platform seam points at the web platform, and the Node-only files are removed, so no bundler
//   ever sees a `node:` import from the core;
// - dist/esm/package.json says "module" and which files have side effects (the ones importing
//   reflect-metadata), so bundlers drop whatever a program does not import.
// Node itself never loads this build: the `node` export condition gives the CommonJS one (one copy of
// every class, so no dual-package hazard), through ESM wrappers (scripts/esm-wrappers.js).
const { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve('dist/esm');
const SIDE_EFFECTS = [
  './index.js',
  './declaration/parse.js',
  './declaration/call-plan.js',
  './decorators/metadata.js',
];
const NODE_ONLY = ['platform/node.js', 'platform/node-stream.js', 'platform/file-token-store.js'];

function* jsFiles(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* jsFiles(full);
    else if (name.endsWith('.js')) yield full;
  }
}

function withExtension(file, specifier) {
  const target = path.resolve(path.dirname(file), specifier);
  if (existsSync(`${target}.js`)) return `${specifier}.js`;
  if (existsSync(path.join(target, 'index.js'))) return `${specifier}/index.js`;
  return undefined; // not a module of ours: text that only looks like an import (the generator's templates)
}

writeFileSync(path.join(root, 'platform/index.js'), "export * from './web.js';\n");
for (const file of NODE_ONLY) rmSync(path.join(root, file), { force: true });
rmSync(path.join(root, 'platform/same-shape.js'), { force: true });
for (const file of NODE_ONLY.concat('platform/same-shape.js'))
  rmSync(path.join(root, `${file}.map`), { force: true });

// Statements at the start of a line (multi-line import lists included), and dynamic imports.
const RELATIVE =
  /(^(?:import|export)\b[^;'"]*?\bfrom\s*|^import\s+|\bimport\s*\(\s*)(['"])(\.{1,2}\/[^'"]*)\2/gm;
for (const file of jsFiles(root)) {
  const source = readFileSync(file, 'utf8');
  const rewritten = source.replace(
    RELATIVE,
    (_m, head, quote, specifier) =>
      `${head}${quote}${specifier.endsWith('.js') ? specifier : (withExtension(file, specifier) ?? specifier)}${quote}`,
  );
  if (/from\s*['"]node:|require\(['"]node:/.test(rewritten) && !/\/(redis|testing|cli|undici)\//.test(file)) {
    throw new Error(`${path.relative(root, file)} imports a node: module; the core must not`);
  }
  if (rewritten !== source) writeFileSync(file, rewritten);
}
writeFileSync(
  path.join(root, 'package.json'),
  JSON.stringify({ type: 'module', sideEffects: SIDE_EFFECTS }, null, 2) + '\n',
);
