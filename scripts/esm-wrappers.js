// Node's ESM entry points (dist/node/*.mjs) re-export the CommonJS build: in Node one copy of every class,
// so `instanceof` holds whether a user imports or requires restfit (no dual-package hazard). Every other
// runtime gets the real ESM build (dist/esm, scripts/build-esm.js).
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const entries = {
  index: 'index.js',
  'redis/index': 'redis/index.js',
  'testing/index': 'testing/index.js',
  'cli/index': 'cli/index.js',
  'otel/index': 'otel/index.js',
  'undici/index': 'undici/index.js',
};
for (const [name, file] of Object.entries(entries)) {
  const exported = Object.keys(require(path.resolve('dist/cjs', file))).filter(
    (key) => key !== 'default' && key !== '__esModule',
  );
  const target = path.join('dist/node', `${name}.mjs`);
  mkdirSync(path.dirname(target), { recursive: true });
  const relative = path.relative(path.dirname(target), path.join('dist/cjs', file)).split(path.sep).join('/');
  writeFileSync(
    target,
    `import cjs from '${relative.startsWith('.') ? relative : `./${relative}`}';\nexport const { ${exported.join(', ')} } = cjs;\nexport default cjs;\n`,
  );
}
writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');
