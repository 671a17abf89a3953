import { AuthError, DeclarationError } from '../errors/errors';
import { hasForbiddenHeaderCharacter } from '../core/http';

/** A credential given as a value, or as a function asked on every attempt (a rotating secret). */
export type CredentialSource = string | (() => string | Promise<string>);

/** Checks a provider's options when it is made: a missing or unsafe static value is a DeclarationError. */
export function checkSource(source: CredentialSource, where: string): void {
  if (typeof source === 'function') return;
  if (typeof source !== 'string' || source === '') {
    throw new DeclarationError(`${where} must be a non-empty string or a function returning one`);
  }
  if (hasForbiddenHeaderCharacter(source)) throw new DeclarationError(`${where} contains CR, LF or NUL`);
}

/** The current value of a source; a function that fails or returns nothing usable is an AuthError. */
export async function readSource(source: CredentialSource, where: string): Promise<string> {
  if (typeof source === 'string') return source;
  let value: unknown;
  try {
    value = await source();
  } catch (cause) {
    throw new AuthError(`${where} failed: ${(cause as Error)?.message ?? cause}`, {
      cause,
      code: 'CREDENTIAL_UNAVAILABLE',
    });
  }
  if (typeof value !== 'string' || value === '') {
    throw new AuthError(
      `${where} returned ${value === '' ? 'an empty string' : typeof value}, expected a non-empty string`,
      {
        code: 'CREDENTIAL_UNAVAILABLE',
      },
    );
  }
  if (hasForbiddenHeaderCharacter(value)) {
    throw new AuthError(`${where} returned a value containing CR, LF or NUL`, {
      code: 'CREDENTIAL_UNAVAILABLE',
    });
  }
  return value;
}
