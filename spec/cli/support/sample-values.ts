import { resolveRef, type OpenApiDocument, type SchemaObject } from '../../../lib/cli/openapi';

/**
 * A value a schema accepts, for calling generated methods against a validating mock server: the
 * schema's example, default or first enum value, else the smallest value of its type (required
 * properties only). Bounded depth, so recursive schemas end.
 */
export function sampleValue(document: OpenApiDocument, schema: SchemaObject | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return undefined;
  const s = resolveRef(document, schema) as SchemaObject & {
    example?: unknown;
    minimum?: number;
    minLength?: number;
  };
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if ('const' in s) return s.const;
  if (s.enum?.length) return s.enum.find((value) => value !== null);
  const first = s.oneOf?.[0] ?? s.anyOf?.[0];
  if (first && !s.properties) return sampleValue(document, first, depth + 1);
  if (s.allOf) {
    const merged: Record<string, unknown> = {};
    for (const part of s.allOf) Object.assign(merged, sampleValue(document, part, depth + 1));
    return Object.assign(merged, objectSample(document, s, depth));
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type ?? (s.properties ? 'object' : undefined)) {
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      if (s.format === 'date-time') return '2024-01-02T03:04:05Z';
      if (s.format === 'date') return '2024-01-02';
      if (s.format === 'email') return 'a@example.com';
      if (s.format === 'uri' || s.format === 'url') return 'https://example.com/a';
      return 'a'.repeat(Math.max(1, s.minLength ?? 1));
    case 'array':
      return [
        sampleValue(document, s.items === true || s.items === false ? undefined : s.items, depth + 1) ?? 'a',
      ];
    case 'object':
      return objectSample(document, s, depth);
    default:
      return undefined;
  }
}

function objectSample(document: OpenApiDocument, s: SchemaObject, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const name of s.required ?? []) {
    const property = s.properties?.[name];
    if (property) result[name] = sampleValue(document, property, depth + 1);
  }
  return result;
}
