// dist/esm and dist/cjs share one package.json "type"; mark each folder so Node loads it right.
const { writeFileSync } = require('node:fs');
writeFileSync('dist/esm/package.json', JSON.stringify({ type: 'module' }) + '\n');
writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');
