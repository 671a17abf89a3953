import { readFile } from 'node:fs/promises';

/** The parts of an OpenAPI 3.0 / 3.1 schema the generator reads. */
export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  items?: SchemaObject | boolean;
  prefixItems?: SchemaObject[];
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  allOf?: SchemaObject[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  nullable?: boolean;
  readOnly?: boolean;
  writeOnly?: boolean;
  deprecated?: boolean;
  default?: unknown;
  title?: string;
  description?: string;
  contentMediaType?: string;
}

export interface ParameterObject {
  $ref?: string;
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
  content?: Record<string, MediaTypeObject>;
  style?: string;
  explode?: boolean;
  deprecated?: boolean;
  description?: string;
}

export interface MediaTypeObject {
  schema?: SchemaObject;
}

export interface RequestBodyObject {
  $ref?: string;
  required?: boolean;
  description?: string;
  content?: Record<string, MediaTypeObject>;
}

export interface ResponseObject {
  $ref?: string;
  description?: string;
  content?: Record<string, MediaTypeObject>;
}

export interface ServerObject {
  url: string;
  description?: string;
  variables?: Record<string, { default?: string; enum?: string[] }>;
}

export type SecurityRequirement = Record<string, string[]>;

export interface OperationObject {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  deprecated?: boolean;
  parameters?: ParameterObject[];
  requestBody?: RequestBodyObject;
  responses?: Record<string, ResponseObject>;
  security?: SecurityRequirement[];
  servers?: ServerObject[];
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export type PathItemObject = Partial<Record<(typeof HTTP_METHODS)[number], OperationObject>> & {
  $ref?: string;
  parameters?: ParameterObject[];
  servers?: ServerObject[];
};

export interface SecuritySchemeObject {
  type?: string;
  scheme?: string;
  in?: string;
  name?: string;
  description?: string;
}

export interface OpenApiDocument {
  openapi: string;
  info?: { title?: string; version?: string };
  servers?: ServerObject[];
  paths?: Record<string, PathItemObject>;
  components?: {
    schemas?: Record<string, SchemaObject>;
    parameters?: Record<string, ParameterObject>;
    requestBodies?: Record<string, RequestBodyObject>;
    responses?: Record<string, ResponseObject>;
    securitySchemes?: Record<string, SecuritySchemeObject>;
  };
  security?: SecurityRequirement[];
  tags?: { name: string; description?: string }[];
}

/** A document the generator cannot read; the message names the file and, where known, line or JSON pointer. */
export class OpenApiError extends Error {
  /** Always `'OpenApiError'`. */
  override name = 'OpenApiError';
}

/** Reads an OpenAPI 3.0/3.1 document from JSON or YAML and checks every `$ref` once. */
export async function loadOpenApi(file: string): Promise<OpenApiDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new OpenApiError(
      `${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  const document = /^\s*[{[]/.test(text) ? parseJson(file, text) : await parseYaml(file, text);
  const version = (document as OpenApiDocument | null)?.openapi;
  if (typeof version !== 'string' || !/^3\.[01]\./.test(version)) {
    const swagger = (document as { swagger?: unknown } | null)?.swagger;
    throw new OpenApiError(
      swagger
        ? `${file}: a Swagger ${String(swagger)} document; restfit generate reads OpenAPI 3.0 and 3.1 (convert it first, e.g. with swagger2openapi)`
        : `${file}: not an OpenAPI 3 document (no "openapi: 3.0.x" or "3.1.x" field at the top)`,
    );
  }
  checkReferences(file, document as OpenApiDocument);
  return document as OpenApiDocument;
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const where = at ? `:${lineAndColumn(text, Number(at[1]))}` : '';
    throw new OpenApiError(`${file}${where}: not valid JSON: ${message}`);
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

/** `yaml` is loaded only here, for YAML documents: JSON documents and the library never need it. */
async function parseYaml(file: string, text: string): Promise<unknown> {
  let yaml: typeof import('yaml');
  try {
    yaml = await import('yaml');
  } catch {
    throw new OpenApiError(
      `${file}: reading a YAML document needs the "yaml" package: install it (npm install --save-dev yaml) or give a JSON document`,
    );
  }
  const parsed = yaml.parseDocument(text, { uniqueKeys: false });
  const [problem] = parsed.errors;
  if (problem) {
    const where = problem.linePos ? `:${problem.linePos[0].line}:${problem.linePos[0].col}` : '';
    throw new OpenApiError(`${file}${where}: not valid YAML: ${problem.message.split('\n')[0]}`);
  }
  return parsed.toJS({ maxAliasCount: -1 });
}

/** Every `$ref` must point into this document: a URL or another file is not fetched. */
function checkReferences(file: string, document: OpenApiDocument): void {
  // The path is kept as a stack of keys; a pointer string is built only for an error.
  const path: string[] = [];
  const checked = new Set<string>();
  const pointer = () => `#/${path.map(escapePointer).join('/')}`;
  const visit = (node: unknown, parentKey: string): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item = node[i];
        if (item && typeof item === 'object') {
          path.push(String(i));
          visit(item, parentKey);
          path.pop();
        }
      }
      return;
    }
    const record = node as Record<string, unknown>;
    for (const key in record) {
      const value = record[key];
      if (key === '$ref' && typeof value === 'string') {
        if (checked.has(value)) continue;
        checked.add(value);
        path.push(key);
        checkReference(file, document, value, pointer);
        path.pop();
      } else if (value && typeof value === 'object' && (parentKey === 'properties' || !isDataKey(key))) {
        path.push(key);
        visit(value, key);
        path.pop();
      }
    }
  };
  visit(document, '');
}

function checkReference(file: string, document: OpenApiDocument, ref: string, pointer: () => string): void {
  if (!ref.startsWith('#')) {
    throw new OpenApiError(
      `${file}: ${pointer()}: $ref "${ref}" points outside this document; restfit generate does not fetch URLs or other files — bundle the document into one file first (e.g. npx @redocly/cli bundle)`,
    );
  }
  if (lookup(document, ref) === undefined) {
    throw new OpenApiError(`${file}: ${pointer()}: $ref "${ref}" points to nothing in this document`);
  }
}

/** Keys that hold data, not schemas (unless they are property names). */
function isDataKey(key: string): boolean {
  return DATA_KEYS.has(key) || key.startsWith('x-');
}

const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const']);

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function lookup(document: OpenApiDocument, ref: string): unknown {
  if (ref === '#') return document;
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, key) =>
        node && typeof node === 'object'
          ? (node as Record<string, unknown>)[decodeURIComponent(key).replace(/~1/g, '/').replace(/~0/g, '~')]
          : undefined,
      document,
    );
}

/** Follows local `$ref`s (checked at load) to the object they name. */
export function resolveRef<T extends object>(document: OpenApiDocument, value: T): T {
  let current = value as T & { $ref?: string };
  for (let depth = 0; depth < 32 && typeof current?.$ref === 'string'; depth++) {
    current = lookup(document, current.$ref) as T & { $ref?: string };
  }
  return current;
}

/** The component name of `#/components/schemas/Name` (undefined for any other pointer). */
export function componentName(ref: string): string | undefined {
  const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  return match ? decodeURIComponent(match[1]).replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}
