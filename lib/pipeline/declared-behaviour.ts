import type { BehaviourMetadata, MethodMetadata } from '../decorators/metadata-keys';
import { METHOD_METADATA } from '../decorators/metadata-keys';
import { readClass } from '../decorators/record';
import type { Endpoint } from '../request/api-request';

/** The nearest class in the endpoint's class chain that sets `key`, and its value. */
export function classBehaviour<K extends keyof BehaviourMetadata>(
  endpoint: Endpoint,
  key: K,
): { declaredOn: Function; value: NonNullable<BehaviourMetadata[K]> } | undefined {
  for (
    let c: Function | null = endpoint.serviceClass;
    c && c !== Function.prototype;
    c = Object.getPrototypeOf(c)
  ) {
    const value = readClass(c)?.[key];
    if (value !== undefined) return { declaredOn: c, value: value as NonNullable<BehaviourMetadata[K]> };
  }
  return undefined;
}

/** The declared method's own metadata record (one object per declared method). */
export function methodMetadata(endpoint: Endpoint): MethodMetadata | undefined {
  return endpoint.metadata<MethodMetadata>(METHOD_METADATA);
}

/** A behaviour as the method sees it: its own decorator, else its class's. */
export function declaredBehaviour<K extends keyof BehaviourMetadata>(
  endpoint: Endpoint,
  key: K,
): BehaviourMetadata[K] {
  const own = methodMetadata(endpoint)?.[key];
  return own !== undefined ? own : classBehaviour(endpoint, key)?.value;
}
