import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { toToken, type Token, type TokenStore } from '../core/auth';
import type { Logger } from '../core/options';

/** The options of FileTokenStore. */
export interface FileTokenStoreOptions {
  /** Told (warn) when the file is corrupt and is treated as empty. */
  logger?: Pick<Logger, 'warn'>;
}

/**
 * Tokens in one JSON file (`{ key: token }`), so a restarted process keeps its session. Writes are
 * atomic (a 0600 temp file renamed over the old one), so a crash never leaves half a file; a missing or
 * corrupt file reads as empty. Writes of one store are serialized; for many processes use RedisTokenStore.
 */
export class FileTokenStore implements TokenStore {
  readonly #path: string;
  readonly #logger?: Pick<Logger, 'warn'>;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(path: string, options: FileTokenStoreOptions = {}) {
    if (typeof path !== 'string' || path === '')
      throw new TypeError('FileTokenStore(path): path must be a non-empty string');
    this.#path = path;
    this.#logger = options.logger;
  }

  async get(key: string): Promise<Token | undefined> {
    await this.#queue.catch(() => undefined);
    return toToken((await this.#readAll())[key]);
  }

  set(key: string, token: Token): Promise<void> {
    const copy = toToken(token);
    if (!copy)
      return Promise.reject(
        new TypeError('FileTokenStore.set(key, token): token.accessToken must be a non-empty string'),
      );
    return this.#update((all) => {
      all[key] = copy;
    });
  }

  delete(key: string): Promise<void> {
    return this.#update((all) => {
      delete all[key];
    });
  }

  /** Read-modify-write, one at a time within this store. */
  #update(change: (all: Record<string, Token>) => void): Promise<void> {
    const run = this.#queue
      .catch(() => undefined)
      .then(async () => {
        const all = await this.#readAll();
        change(all);
        await this.#writeAtomically(JSON.stringify(all));
      });
    this.#queue = run;
    return run;
  }

  async #readAll(): Promise<Record<string, Token>> {
    let text: string;
    try {
      text = await fs.readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.#logger?.warn(
          `FileTokenStore: cannot read ${this.#path} (${(error as NodeJS.ErrnoException).code}); treating it as empty`,
        );
      }
      return Object.create(null);
    }
    const all: Record<string, Token> = Object.create(null);
    let parsed: unknown;
    try {
      parsed = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.#logger?.warn(
        `FileTokenStore: ${this.#path} is corrupt (not a JSON object of tokens); treating it as empty`,
      );
      return all;
    }
    for (const [key, value] of Object.entries(parsed)) {
      const token = toToken(value);
      if (token) all[key] = token;
    }
    return all;
  }

  async #writeAtomically(content: string): Promise<void> {
    await fs.mkdir(dirname(this.#path), { recursive: true, mode: 0o700 });
    const temp = `${this.#path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await fs.writeFile(temp, content, { mode: 0o600, flag: 'wx' });
      await fs.rename(temp, this.#path);
    } catch (error) {
      await fs.unlink(temp).catch(() => undefined);
      throw error;
    }
  }
}
