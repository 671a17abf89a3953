import { inspect } from 'node:util';

/** The error a promise rejects with; fails the test when it resolves instead. */
export async function rejection<E = Error>(promise: Promise<unknown>): Promise<E> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error(`expected a rejection, but the promise resolved with ${inspect(value)}`);
}
