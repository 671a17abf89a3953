export type { AuthContext, AuthProvider, Token, TokenStore } from '../core/auth';
export { basicAuth, bearerAuth, apiKeyAuth, type ApiKeyOptions, type CredentialSource } from './credentials';
export {
  signedCookieAuth,
  signCookie,
  verifySignedCookie,
  type SignedCookieOptions,
  type VerifiedCookie,
  type CookieSecret,
} from './signed-cookie';
export { tokenAuth, MemoryTokenStore, type TokenAuthOptions } from './token';
export { oauth2ClientCredentials, type OAuth2ClientCredentialsOptions } from './oauth2';
export { FileTokenStore } from '../platform';
export type { FileTokenStoreOptions } from '../platform/file-token-store';
