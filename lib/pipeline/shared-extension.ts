import type { ClientConfig } from '../client/client-config';

/** One `T` per client family: made on first use, then shared with every client derived by `with()`. */
export function sharedExtension<T>(config: ClientConfig, key: string, create: () => T): T {
  const extensions = config.shared.extensions;
  let value = extensions.get(key) as T | undefined;
  if (value === undefined) {
    value = create();
    extensions.set(key, value);
  }
  return value;
}
