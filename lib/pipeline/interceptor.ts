import type { ApiRequest } from '../request/api-request';
import type { ApiResponse } from '../response/api-response';

export type Next = (request: ApiRequest) => Promise<ApiResponse<unknown>>;

/**
 * A step around the transport. Resolve with an ApiResponse (set `error` for failures) rather than
 * throwing: the pipeline speaks in outcomes so retry and auth can inspect them.
 */
export type Interceptor = (request: ApiRequest, next: Next) => Promise<ApiResponse<unknown>>;
