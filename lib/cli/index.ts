export { generate, generateFiles } from './generate';
export type { GenerateOptions, GenerateResult } from './generate';
export type { OperationInfo, ArgumentInfo } from './generate-services';
export { OpenApiError } from './openapi';
export { main } from './main';
