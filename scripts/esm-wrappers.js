// Node's ESM entry points (dist/node/*.mjs) re-export the CommonJS build: in Node one copy of every class,
// so `instanceof` holds whether a user imports or requires restfit (no dual-package hazard). Every other
// runtime gets the real ESM build (dist/esm, scripts/build-esm.js).
//
// Declarations: dist/types holds one set, typed as CommonJS (the package's "type"). The `import` paths
// get ES-module declarations of their own that re-export it (dist/node/*.d.mts and dist/esm/*.d.ts,
// the latter ESM because dist/esm/package.json says "module"), so TypeScript and attw see ESM types for
// ESM code and one declaration of every class, as at run time.
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const entries = ['index', 'redis/index', 'testing/index', 'cli/index', 'otel/index', 'undici/index'];

function relativeTo(from, to) {
  const relative = path.relative(path.dirname(from), to).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

function write(file, text) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

for (const name of entries) {
  const cjsFile = path.join('dist/cjs', `${name}.js`);
  const exported = Object.keys(require(path.resolve(cjsFile))).filter(
    (key) => key !== 'default' && key !== '__esModule',
  );
  const wrapper = path.join('dist/node', `${name}.mjs`);
  write(
    wrapper,
    `import cjs from '${relativeTo(wrapper, cjsFile)}';\nexport const { ${exported.join(', ')} } = cjs;\nexport default cjs;\n`,
  );

  const types = path.join('dist/types', `${name}.js`); // resolves to its .d.ts
  const wrapperTypes = path.join('dist/node', `${name}.d.mts`);
  write(
    wrapperTypes,
    `import * as cjs from '${relativeTo(wrapperTypes, types)}';\n` +
      `export * from '${relativeTo(wrapperTypes, types)}';\nexport default cjs;\n`,
  );
  const esmTypes = path.join('dist/esm', `${name}.d.ts`);
  write(esmTypes, `export * from '${relativeTo(esmTypes, types)}';\n`);
}
writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');
