/**
 * `restfit/undici`: an axios adapter on undici (Node only). undici is an optional peer dependency: only
 * this entry point loads it, so `import 'restfit'` works without it installed.
 */
export { undiciAdapter, type UndiciAdapter } from './adapter';
export type { UndiciAdapterOptions } from './options';
export type { UndiciRequestInfo } from './undici-call';
