export type { AuthContext, AuthProvider, Token, TokenStore } from './auth-provider';
export { basicAuth } from './basic';
export { bearerAuth } from './bearer';
export { apiKeyAuth, type ApiKeyOptions } from './api-key';
export {
  signedCookieAuth,
  signCookie,
  verifySignedCookie,
  type SignedCookieOptions,
  type VerifiedCookie,
  type CookieSecret,
} from './signed-cookie';
export { tokenAuth, type TokenAuthOptions } from './token';
export { oauth2ClientCredentials, type OAuth2ClientCredentialsOptions } from './oauth2';
export { MemoryTokenStore } from './memory-token-store';
export { FileTokenStore } from '../platform';
export type { FileTokenStoreOptions } from './file-token-store';
export type { CredentialSource } from './credential-source';
