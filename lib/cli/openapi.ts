import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';

/** The parts of an OpenAPI 3.x document the generator reads. */
export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  allOf?: SchemaObject[];
  nullable?: boolean;
  description?: string;
}

export interface ParameterObject {
  $ref?: string;
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
  style?: string;
  explode?: boolean;
  description?: string;
}

export interface MediaTypeObject {
  schema?: SchemaObject;
}

export interface OperationObject {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  deprecated?: boolean;
  parameters?: ParameterObject[];
  requestBody?: { $ref?: string; required?: boolean; content?: Record<string, MediaTypeObject> };
  responses?: Record<string, { $ref?: string; content?: Record<string, MediaTypeObject> }>;
  security?: Record<string, string[]>[];
}

export type PathItemObject = Partial<Record<(typeof HTTP_METHODS)[number], OperationObject>> & {
  parameters?: ParameterObject[];
};

export interface OpenApiDocument {
  openapi: string;
  info?: { title?: string; version?: string };
  servers?: { url: string }[];
  paths?: Record<string, PathItemObject>;
  components?: {
    schemas?: Record<string, SchemaObject>;
    parameters?: Record<string, ParameterObject>;
    requestBodies?: Record<string, OperationObject['requestBody']>;
    responses?: Record<string, NonNullable<OperationObject['responses']>[string]>;
    securitySchemes?: Record<string, unknown>;
  };
  security?: Record<string, string[]>[];
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

/** Reads an OpenAPI 3 document from JSON or YAML; throws a clear error for anything else. */
export async function loadOpenApi(file: string): Promise<OpenApiDocument> {
  const text = await readFile(file, 'utf8');
  let document: unknown;
  try {
    document = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new Error(
      `${file}: not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
    );
  }
  const version = (document as OpenApiDocument | undefined)?.openapi;
  if (typeof version !== 'string' || !version.startsWith('3.')) {
    throw new Error(`${file}: not an OpenAPI 3 document (no "openapi: 3.x" field)`);
  }
  return document as OpenApiDocument;
}

/** Follows a local `#/components/...` reference. */
export function resolveRef<T>(document: OpenApiDocument, value: T & { $ref?: string }): T {
  let current: unknown = value;
  for (let depth = 0; depth < 20 && current && typeof current === 'object' && '$ref' in current; depth++) {
    const ref = (current as { $ref: string }).$ref;
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (node, key) =>
          (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        document,
      );
    if (current === undefined) throw new Error(`$ref ${ref} points to nothing`);
  }
  return current as T;
}

export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}
