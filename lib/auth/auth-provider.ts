import type { ApiRequest } from '../request/api-request';
import type { ApiResponse } from '../response/api-response';

export interface AuthProvider {
  /** Adds credentials to the request (headers, query). Called once per attempt. */
  authenticate(request: ApiRequest): void | Promise<void>;
  /** Called after a 401: resolve true to replay the request once with fresh credentials. */
  refresh?(failed: ApiResponse<unknown>): Promise<boolean>;
}

export interface Token {
  accessToken: string;
  tokenType?: string;
  /** Epoch milliseconds. */
  expiresAt?: number;
  refreshToken?: string;
}

export interface TokenStore {
  get(key: string): Promise<Token | undefined>;
  set(key: string, token: Token): Promise<void>;
  delete(key: string): Promise<void>;
}
