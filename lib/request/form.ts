import { instanceToPlain } from 'class-transformer';
import { scalarToString } from './encode';

/** Appends one form field; arrays repeat, undefined and null are skipped, 0/false/"" are kept. */
export function appendField(fields: URLSearchParams, name: string, value: unknown): void {
  for (const item of Array.isArray(value) ? value : [value]) {
    if (item !== undefined && item !== null) fields.append(name, scalarToString(item));
  }
}

/** The `@Body` of a `@FormUrlEncoded` method: a string or URLSearchParams as is, an object field by field. */
export function toFormBody(value: unknown): string | URLSearchParams {
  if (typeof value === 'string' || value instanceof URLSearchParams) return value;
  const fields = new URLSearchParams();
  const plain = instanceToPlain(value) as Record<string, unknown>;
  for (const name of Object.keys(plain)) appendField(fields, name, plain[name]);
  return fields;
}
