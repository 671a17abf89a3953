import type { Interceptor, Next } from './interceptor';

/** Composes interceptors around the transport once; the first interceptor is the outermost. */
export function composeChain(interceptors: readonly Interceptor[], transport: Next): Next {
  let next = transport;
  for (let i = interceptors.length - 1; i >= 0; i--) {
    const interceptor = interceptors[i];
    const inner = next;
    next = (request) => interceptor(request, inner);
  }
  return next;
}
