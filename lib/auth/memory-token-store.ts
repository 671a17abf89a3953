import { toToken, type Token, type TokenStore } from '../core/auth';

/** Tokens in this process's memory (the default store): lost on restart, never shared between processes. */
export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, Token>();

  async get(key: string): Promise<Token | undefined> {
    const token = this.#tokens.get(key);
    return token && { ...token };
  }

  async set(key: string, token: Token): Promise<void> {
    const copy = toToken(token);
    if (!copy)
      throw new TypeError('MemoryTokenStore.set(key, token): token.accessToken must be a non-empty string');
    this.#tokens.set(key, copy);
  }

  async delete(key: string): Promise<void> {
    this.#tokens.delete(key);
  }
}
