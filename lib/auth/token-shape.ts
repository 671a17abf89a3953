import type { Token } from './auth-provider';

/** A copy of `value` with only Token's fields, or undefined when it is not a usable token. */
export function toToken(value: unknown): Token | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  if (typeof raw.accessToken !== 'string' || raw.accessToken === '') return undefined;
  const token: Token = { accessToken: raw.accessToken };
  if (typeof raw.tokenType === 'string') token.tokenType = raw.tokenType;
  if (typeof raw.expiresAt === 'number' && Number.isFinite(raw.expiresAt)) token.expiresAt = raw.expiresAt;
  if (typeof raw.refreshToken === 'string') token.refreshToken = raw.refreshToken;
  return token;
}
