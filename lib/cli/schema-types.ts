import { refName, type SchemaObject } from './openapi';
import { pascalCase, propertyKey } from './names';

/** The TypeScript type for a schema; `$ref`s become model names. */
export function typeOf(schema: SchemaObject | undefined): string {
  if (!schema) return 'unknown';
  const nullable = schema.nullable || (Array.isArray(schema.type) && schema.type.includes('null'));
  const base = baseType(schema);
  return nullable && base !== 'unknown' ? `${base} | null` : base;
}

function baseType(schema: SchemaObject): string {
  if (schema.$ref) return pascalCase(refName(schema.$ref));
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ') || 'never';
  if (schema.oneOf || schema.anyOf) return union((schema.oneOf ?? schema.anyOf)!.map(typeOf), ' | ');
  if (schema.allOf) return union(schema.allOf.map(typeOf), ' & ');
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
      return schema.format === 'binary' ? 'Buffer' : 'string';
    case 'array':
      return `${wrap(typeOf(schema.items))}[]`;
    case 'object':
    case undefined:
      if (schema.properties) return inlineObject(schema);
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        return `Record<string, ${typeOf(schema.additionalProperties)}>`;
      }
      return type === 'object' || schema.additionalProperties ? 'Record<string, unknown>' : 'unknown';
    default:
      return 'unknown';
  }
}

function inlineObject(schema: SchemaObject): string {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(
    ([name, property]) => `${propertyKey(name)}${required.has(name) ? '' : '?'}: ${typeOf(property)}`,
  );
  return `{ ${fields.join('; ')} }`;
}

function union(types: string[], separator: string): string {
  const distinct = [...new Set(types)];
  return distinct.length === 1 ? distinct[0] : distinct.map(wrap).join(separator);
}

function wrap(type: string): string {
  return /[|&]/.test(type) && !type.startsWith('{') ? `(${type})` : type;
}
