import 'reflect-metadata';
import { CLASS_METADATA, METHOD_METADATA, type ClassMetadata, type MethodMetadata } from './metadata-keys';

// Copy-on-write of the target's *own* record: a subclass never writes into its parent's metadata.
// Records have no prototype: a polluted Object.prototype.timeout or .idempotent is never read as declared.

export function recordClass(target: Function, change: (meta: ClassMetadata) => void): void {
  const own: ClassMetadata | undefined = Reflect.getOwnMetadata(CLASS_METADATA, target);
  const next: ClassMetadata = Object.assign(Object.create(null), own);
  change(next);
  Reflect.defineMetadata(CLASS_METADATA, next, target);
}

export function recordMethod(
  target: object,
  key: string | symbol,
  change: (meta: MethodMetadata) => void,
): void {
  const own: MethodMetadata | undefined = Reflect.getOwnMetadata(METHOD_METADATA, target, key);
  const next: MethodMetadata = Object.assign(Object.create(null), own, {
    params: own ? [...own.params] : [],
  });
  change(next);
  Reflect.defineMetadata(METHOD_METADATA, next, target, key);
}

/** Notes a decorator that contradicts one already recorded on the same target; parse() reports it. */
export function noteConflict(meta: { conflicts?: readonly string[] }, conflict: string): void {
  meta.conflicts = [...(meta.conflicts ?? []), conflict];
}

/** A restfit decorator on a static method or a constructor parameter: recorded on the class so create() can refuse it. */
export function recordMisplaced(serviceClass: Function, where: string): void {
  recordClass(serviceClass, (meta) => {
    if (!meta.misplaced?.includes(where)) meta.misplaced = [...(meta.misplaced ?? []), where];
  });
}

export function readClass(target: Function): ClassMetadata | undefined {
  return Reflect.getOwnMetadata(CLASS_METADATA, target);
}

export function readMethod(target: object, key: string | symbol): MethodMetadata | undefined {
  return Reflect.getOwnMetadata(METHOD_METADATA, target, key);
}
