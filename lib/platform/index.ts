// The platform seam. This source (and so the CommonJS build, which the `node` export condition picks)
// is Node's; the ESM build, which every other runtime and browser bundle gets, rewrites this file to
// `export * from './web.js'` (scripts/build-esm.js). Both files export the same names (./same-shape.ts).
export * from './node';
