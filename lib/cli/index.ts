export { generate } from './generate';
export type { GenerateResult } from './generate';
export { main } from './main';
