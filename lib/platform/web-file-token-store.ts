import type { Token, TokenStore } from '../core/auth';
import type { FileTokenStoreOptions } from './file-token-store';
import { DeclarationError } from '../errors/errors';

/** FileTokenStore needs a file system: off Node it is a clear DeclarationError, not a crash at import. */
export class FileTokenStore implements TokenStore {
  constructor(_path: string, _options: FileTokenStoreOptions = {}) {
    throw new DeclarationError(
      "FileTokenStore(path): needs Node's file system; on this runtime use MemoryTokenStore or a TokenStore of your own (e.g. over localStorage or KV)",
    );
  }
  get(_key: string): Promise<Token | undefined> {
    return Promise.resolve(undefined);
  }
  set(_key: string, _token: Token): Promise<void> {
    return Promise.resolve();
  }
  delete(_key: string): Promise<void> {
    return Promise.resolve();
  }
}
