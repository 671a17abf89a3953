/**
 * The Redis commands restfit issues, as a structural type: an ioredis `Redis` or `Cluster` fits it (as
 * does any client with the same promise-returning methods). restfit's published types name no ioredis
 * type, so a project that imports `restfit/redis` typechecks without ioredis installed.
 */
export interface RedisLike {
  /** `GET key`: the value, or `null` when there is none. */
  get(key: string): Promise<string | null>;
  /** `SET key value`. */
  set(key: string, value: string): Promise<unknown>;
  /** `SET key value PX ms NX`: resolves `'OK'` when the key was set, `null` when it existed. */
  set(key: string, value: string, px: 'PX', milliseconds: number, nx: 'NX'): Promise<'OK' | null>;
  /** `DEL key`. */
  del(key: string): Promise<unknown>;
  /** `EVAL script numkeys key… arg…`: runs a Lua script atomically. */
  eval(script: string, numberOfKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
}
