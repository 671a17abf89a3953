import type { SchemaObject } from './openapi';
import { propertyKey, quote } from './names';

/** `read`: a value the server sends (classes, readOnly kept); `write`: a value the caller sends (readOnly left out). */
export type TypeMode = 'read' | 'write';

/** Where a type is written: its mode and the model names it uses (so the file imports them). */
export interface TypeSite {
  mode: TypeMode;
  uses: Set<string>;
}

/** The merged object part of a schema: its own properties and those of every `allOf` part. */
export interface ObjectShape {
  properties: Record<string, SchemaObject>;
  required: Set<string>;
  /** `additionalProperties`: true or a schema; undefined when not allowed or not said. */
  additional?: true | SchemaObject;
}

/** How the type renderer names a `$ref` (models know which are classes, aliases, inputs). */
export interface RefNamer {
  refType(ref: string, site: TypeSite): string;
  resolve(schema: SchemaObject): SchemaObject;
}

const PRIMITIVE_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/** The JSON types a schema allows, from `type` (3.0 string or 3.1 array) or inferred from its keywords. */
export function jsonTypes(schema: SchemaObject): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties || schema.additionalProperties !== undefined) return ['object'];
  if (schema.items || schema.prefixItems) return ['array'];
  return [];
}

export function isNullable(schema: SchemaObject): boolean {
  return (
    schema.nullable === true ||
    jsonTypes(schema).includes('null') ||
    (Array.isArray(schema.enum) && schema.enum.includes(null)) ||
    ('const' in schema && schema.const === null)
  );
}

export function isDateTime(schema: SchemaObject): boolean {
  return schema.format === 'date-time' && jsonTypes(schema).includes('string');
}

/** A schema that says nothing about its value (`{}`, `true`, only a description). */
export function isUnconstrained(schema: SchemaObject | boolean | undefined): boolean {
  if (schema === undefined || schema === true) return true;
  if (schema === false) return false;
  return (
    !schema.$ref &&
    jsonTypes(schema).length === 0 &&
    !schema.enum &&
    !('const' in schema) &&
    !schema.oneOf &&
    !schema.anyOf &&
    !schema.allOf
  );
}

export function isPrimitive(schema: SchemaObject): boolean {
  const types = jsonTypes(schema);
  return types.length > 0 && types.every((t) => PRIMITIVE_TYPES.has(t));
}

/** Merges `allOf` parts (followed through `$ref`s) and the schema's own properties. */
export function objectShape(
  schema: SchemaObject,
  namer: RefNamer,
  seen = new Set<SchemaObject>(),
): ObjectShape {
  const shape: ObjectShape = { properties: {}, required: new Set() };
  if (seen.has(schema)) return shape;
  seen.add(schema);
  for (const part of schema.allOf ?? []) {
    const inner = objectShape(namer.resolve(part), namer, seen);
    Object.assign(shape.properties, inner.properties);
    inner.required.forEach((name) => shape.required.add(name));
    shape.additional ??= inner.additional;
  }
  Object.assign(shape.properties, schema.properties ?? {});
  (schema.required ?? []).forEach((name) => shape.required.add(name));
  const additional = schema.additionalProperties;
  if (additional === true || (additional && typeof additional === 'object')) {
    shape.additional = additional === true || isUnconstrained(additional) ? true : additional;
  }
  return shape;
}

/** The TypeScript type of a schema: the widest type that holds every value the schema allows. */
export function typeOf(schema: SchemaObject | boolean | undefined, site: TypeSite, namer: RefNamer): string {
  if (schema === false) return 'never';
  if (isUnconstrained(schema)) return 'unknown';
  const s = schema as SchemaObject;
  const base = baseType(s, site, namer);
  return isNullable(s) && !/(^|\| )null$/.test(base) && base !== 'unknown' ? `${base} | null` : base;
}

function baseType(schema: SchemaObject, site: TypeSite, namer: RefNamer): string {
  if (schema.$ref) return namer.refType(schema.$ref, site);
  if ('const' in schema) return literal(schema.const);
  if (schema.enum) {
    const values = schema.enum.filter((value) => value !== null);
    return values.length ? union(values.map(literal)) : schema.enum.length ? 'null' : 'never';
  }
  const alternatives = schema.oneOf ?? schema.anyOf;
  const shape = schema.properties || schema.allOf ? objectShape(schema, namer) : undefined;
  // Properties next to oneOf/anyOf: the common part is what every value has.
  if (alternatives && !schema.properties) return union(alternatives.map((s) => typeOf(s, site, namer)));
  if (schema.allOf && shape && Object.keys(shape.properties).length === 0 && !shape.additional) {
    const parts = schema.allOf.map((s) => typeOf(s, site, namer)).filter((t) => t !== 'unknown');
    return parts.length ? [...new Set(parts)].map(wrap).join(' & ') : 'unknown';
  }
  const types = jsonTypes(schema).filter((t) => t !== 'null');
  if (types.length === 0) {
    if (shape) return objectType(shape, site, namer);
    return jsonTypes(schema).includes('null') ? 'null' : 'unknown';
  }
  return union(
    types.map((type) => {
      switch (type) {
        case 'integer':
        case 'number':
          return 'number';
        case 'boolean':
          return 'boolean';
        case 'string':
          // A date the caller sends may be a Date (serialised as ISO 8601) or the string itself.
          return site.mode === 'write' && schema.format === 'date-time' ? 'Date | string' : 'string';
        case 'array':
          return arrayType(schema, site, namer);
        case 'object':
          return objectType(shape ?? objectShape(schema, namer), site, namer);
        default:
          return 'unknown';
      }
    }),
  );
}

function arrayType(schema: SchemaObject, site: TypeSite, namer: RefNamer): string {
  if (schema.prefixItems) {
    const head = schema.prefixItems.map((s) => typeOf(s, site, namer));
    const rest = schema.items === false ? [] : [`...${wrap(typeOf(schema.items, site, namer))}[]`];
    return `[${[...head, ...rest].join(', ')}]`;
  }
  return `${wrap(typeOf(schema.items, site, namer))}[]`;
}

/** An inline object type; `readOnly` members are left out of what the caller sends. */
export function objectType(shape: ObjectShape, site: TypeSite, namer: RefNamer): string {
  const members = Object.entries(shape.properties)
    .filter(([, property]) => !(site.mode === 'write' && namer.resolve(property).readOnly))
    .map(([name, property]) => {
      const optional = !shape.required.has(name) || (site.mode === 'read' && property.writeOnly);
      return `${propertyKey(name)}${optional ? '?' : ''}: ${typeOf(property, site, namer)}`;
    });
  if (members.length === 0) {
    const values =
      shape.additional && shape.additional !== true ? typeOf(shape.additional, site, namer) : 'unknown';
    return `Record<string, ${values}>`;
  }
  // An index signature must hold every member's type too, so the extra members are `unknown`.
  if (shape.additional) members.push('[key: string]: unknown');
  return `{ ${members.join('; ')} }`;
}

export function literal(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return 'unknown';
}

export function union(types: string[]): string {
  const distinct = [...new Set(types)];
  if (distinct.includes('unknown')) return 'unknown';
  return distinct.length === 1 ? distinct[0] : distinct.map(wrap).join(' | ');
}

/** Parenthesises a union or intersection so it can be an array item or a union member. */
export function wrap(type: string): string {
  let depth = 0;
  for (let i = 0; i < type.length; i++) {
    const c = type[i];
    if (c === "'" || c === '"') {
      for (i++; i < type.length && type[i] !== c; i++) if (type[i] === '\\') i++;
    } else if ('({[<'.includes(c)) depth++;
    else if (')}]>'.includes(c)) depth--;
    else if (depth === 0 && (c === '|' || c === '&')) return `(${type})`;
  }
  return type;
}
