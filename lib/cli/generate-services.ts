import {
  HTTP_METHODS,
  resolveRef,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
  type SchemaObject,
} from './openapi';
import { camelCase, comment, kebabCase, NameSet, pascalCase, quote } from './names';
import { decodedAsJson, essence, mediaKind, preferredMedia } from './media-types';
import type { Models } from './generate-models';
import { isUnconstrained, jsonTypes, objectShape, type TypeSite } from './schema-types';
import { serverOf, type Server } from './servers';

/** One argument of a generated method, in order: what the CLI's manifest tells tests and tools. */
export interface ArgumentInfo {
  /**
   * Where the argument goes: a path, query, header or cookie parameter, the body, a multipart part, the
   * form fields, or a map of query parameters.
   */
  in: 'path' | 'query' | 'header' | 'cookie' | 'body' | 'part' | 'fields' | 'query-map';
  /** The wire name (parameter, part or header name); '' for a body. */
  name: string;
  /** False when the generated parameter is optional. */
  required: boolean;
  /** The argument's schema in the document, when it has one. */
  schema?: SchemaObject;
}

/** One generated method, as `generate` reports it to tools and tests. */
export interface OperationInfo {
  /** The generated service class. */
  service: string;
  /** The generated method's name. */
  method: string;
  /** The HTTP method, upper case. */
  httpMethod: string;
  /** The operation's path template, e.g. `/pets/{petId}`. */
  path: string;
  /** The method's arguments, in order. */
  args: ArgumentInfo[];
  /** JSON body or response through `@Returns`, streaming, … for tests of the generated code. */
  returns?: string;
  /** Set when the method returns a stream of server-sent events or JSON lines. */
  streaming?: 'event-stream' | 'json-lines';
}

export interface GeneratedService {
  className: string;
  fileName: string;
  server: Server;
  source: string;
  operations: OperationInfo[];
}

interface Operation {
  method: string;
  path: string;
  operation: OperationObject;
  item: PathItemObject;
}

interface Argument {
  decorator: string;
  name: string;
  type: string;
  optional: boolean;
  docs?: string;
  info: ArgumentInfo;
}

/** What a caller may pass as a binary body or part. */
const BINARY_BODY = 'Uint8Array | Blob';
/** restfit exports that are only types. */
const TYPE_ONLY = new Set(['ServerSentEvent']);

export interface ServiceOptions {
  /** Relative import suffix: '' for CommonJS, '.js' for ESM (NodeNext). */
  extension: string;
  tags?: string[];
  title: string;
}

/** One service class per tag (and per server, for operations with servers of their own). */
export function generateServices(
  document: OpenApiDocument,
  models: Models,
  names: NameSet,
  options: ServiceOptions,
): GeneratedService[] {
  const groups = new Map<string, { tag: string; server: Server; operations: Operation[] }>();
  const defaultServer = serverOf(document.servers);
  for (const [path, rawItem] of Object.entries(document.paths ?? {})) {
    const item = resolveRef(document, rawItem);
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? 'default';
      if (options.tags && !operation.tags?.some((t) => options.tags!.includes(t))) continue;
      const server = serverOf(operation.servers ?? item.servers ?? document.servers);
      const own = server.url !== defaultServer.url;
      const key = `${tag}\0${own ? server.url : ''}`;
      const group = groups.get(key) ?? { tag, server, operations: [] };
      group.operations.push({ method, path, operation, item });
      groups.set(key, group);
    }
  }
  const files = new NameSet(['index', 'models', 'security'], (name) => name.toLowerCase());
  return [...groups.values()].map(({ tag, server, operations }) => {
    const hostPart = server.url !== defaultServer.url ? pascalCase(server.label) : '';
    const className = names.claim(`${pascalCase(tag)}${hostPart}Api`);
    const fileName = files.claim(kebabCase(`${pascalCase(tag)}${hostPart}Api`), '-');
    const service = new ServiceWriter(document, models, className, options);
    for (const operation of operations) service.add(operation);
    return {
      className,
      fileName,
      server,
      source: service.render(server, tag),
      operations: service.operations,
    };
  });
}

class ServiceWriter {
  readonly operations: OperationInfo[] = [];
  private readonly methodNames = new NameSet();
  private readonly restfit = new Set<string>(['declared', 'CallOptions']);
  private readonly uses = new Set<string>();
  private readonly methods: string[] = [];
  private security = false;

  constructor(
    private readonly document: OpenApiDocument,
    private readonly models: Models,
    private readonly className: string,
    private readonly options: ServiceOptions,
  ) {}

  render(server: Server, tag: string): string {
    const classDocs = [
      this.document.tags?.find((t) => t.name === tag)?.description,
      server.note,
      server.origin && `Default base URL: ${server.origin}`,
    ];
    if (server.basePath) this.restfit.add('BasePath');
    const ext = this.options.extension;
    const modelNames = [...this.uses].sort();
    const values = new Set(this.models.classNames());
    const imports = [
      `// Generated by \`restfit generate\` from ${this.options.title}. Do not edit.`,
      `import { ${[...this.restfit]
        .sort()
        .map((name) => (TYPE_ONLY.has(name) ? `type ${name}` : name))
        .join(', ')} } from 'restfit';`,
      ...(modelNames.length
        ? [
            `import { ${modelNames.map((name) => (values.has(name) ? name : `type ${name}`)).join(', ')} } from './models${ext}';`,
          ]
        : []),
      ...(this.security ? [`import { Security } from './security${ext}';`] : []),
    ];
    return [
      ...imports,
      '',
      `${comment(classDocs, '')}${server.basePath ? `@BasePath(${quote(server.basePath)})\n` : ''}export class ${this.className} {`,
      this.methods.join('\n\n'),
      '}',
      '',
    ].join('\n');
  }

  add({ method, path, operation, item }: Operation): void {
    const name = this.methodNames.claim(
      camelCase(operation.operationId ?? `${method} ${path.replace(/[{}]/g, ' ')}`),
    );
    const httpDecorator = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'].includes(method)
      ? pascalCase(method)
      : undefined;
    const decorators: string[] = [];
    if (httpDecorator) {
      this.restfit.add(httpDecorator);
      decorators.push(`@${httpDecorator}(${quote(path)})`);
    } else {
      this.restfit.add('Http');
      decorators.push(`@Http(${quote(method.toUpperCase())}, ${quote(path)})`);
    }
    const notes: string[] = [];
    const args = this.parameters(path, item, operation, notes);
    this.body(method, operation, decorators, args, notes);
    this.securityOf(operation, decorators);

    const responses = this.responses(operation, name);
    const emit = (methodName: string, response: ResponsePlan) => {
      const argumentNames = new NameSet(args.map((a) => a.name));
      const optionsName = argumentNames.claim('options');
      const ordered = [...args.filter((a) => !a.optional), ...args.filter((a) => a.optional)];
      const params = [
        ...ordered.map((a) => `${a.decorator} ${a.name}${a.optional ? '?' : ''}: ${a.type}`),
        `@CallOptions() ${optionsName}?: CallOptions`,
      ];
      const docs = [
        operation.summary,
        operation.description && operation.description !== operation.summary
          ? `\n${operation.description}`
          : undefined,
        ...notes.map((n) => `\nNote: ${n}`),
        ...ordered.filter((a) => a.docs).map((a) => `@param ${a.name} ${a.docs!.replace(/\s*\n\s*/g, ' ')}`),
        operation.deprecated && '@deprecated',
      ];
      const all = [...decorators, ...response.decorators];
      // One line when it fits (110 columns), else one parameter a line, as prettier would.
      const oneLine = `${methodName}(${params.join(', ')}): ${response.type}`;
      const signature =
        oneLine.length + 4 <= 110
          ? oneLine
          : `${methodName}(\n${params.map((p) => `    ${p},\n`).join('')}  ): ${response.type}`;
      this.methods.push(
        `${comment(docs, '  ')}${all.map((d) => `  ${d}\n`).join('')}  ${signature} {\n    return declared();\n  }`,
      );
      this.operations.push({
        service: this.className,
        method: methodName,
        httpMethod: method.toUpperCase(),
        path,
        args: ordered.map((a) => a.info),
        returns: response.returns,
        streaming: response.streaming,
      });
    };
    emit(name, responses[0]);
    if (responses[1]) emit(this.methodNames.claim(`${name}Stream`), responses[1]);
  }

  private site(): TypeSite {
    return { mode: 'write', uses: this.uses };
  }

  private parameters(
    path: string,
    item: PathItemObject,
    operation: OperationObject,
    notes: string[],
  ): Argument[] {
    const byKey = new Map<string, ParameterObject>();
    for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
      const parameter = resolveRef(this.document, raw);
      byKey.set(`${parameter.in}:${parameter.name}`, parameter);
    }
    // `declared` is what every method body calls: no argument may shadow it.
    const names = new NameSet(['declared']);
    const args: Argument[] = [];
    const placeholders = [...path.split('?')[0].matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]);
    for (const placeholder of placeholders) {
      if (byKey.has(`path:${placeholder}`)) continue;
      notes.push(
        `the path names {${placeholder}} but the document declares no such parameter: typed as string.`,
      );
      byKey.set(`path:${placeholder}`, {
        name: placeholder,
        in: 'path',
        required: true,
        schema: { type: 'string' },
      });
    }
    const cookies: ParameterObject[] = [];
    for (const parameter of byKey.values()) {
      const docs = [parameter.description, parameter.deprecated && '(deprecated)'].filter(Boolean).join(' ');
      const schema =
        parameter.schema ?? (parameter.content ? Object.values(parameter.content)[0]?.schema : undefined);
      const push = (
        decorator: string,
        type: string,
        wireName = parameter.name,
        extra: Partial<Argument> = {},
      ) => {
        const kind = decorator.slice(1, decorator.indexOf('('));
        this.restfit.add(kind);
        args.push({
          decorator,
          name: names.claim(camelCase(wireName)),
          type,
          optional: parameter.in !== 'path' && !parameter.required,
          docs: docs || undefined,
          info: {
            in: kind === 'QueryMap' ? 'query-map' : parameter.in,
            name: wireName,
            required: parameter.in === 'path' || Boolean(parameter.required),
            schema,
          },
          ...extra,
        });
      };
      if (parameter.in === 'path') {
        if (!placeholders.includes(parameter.name)) {
          notes.push(
            `the document declares a path parameter "${parameter.name}" that the path does not use; left out.`,
          );
          continue;
        }
        push(`@Path(${quote(parameter.name)})`, this.scalarType(schema));
      } else if (parameter.in === 'header') {
        // OpenAPI: these header parameters are ignored (content negotiation and auth do them).
        if (/^(accept|content-type|authorization)$/i.test(parameter.name)) continue;
        push(`@Header(${quote(parameter.name)})`, this.scalarType(schema));
      } else if (parameter.in === 'cookie') {
        cookies.push(parameter);
      } else {
        this.queryParameter(parameter, schema, push, notes);
      }
    }
    if (cookies.length) {
      this.restfit.add('Header');
      args.push({
        decorator: `@Header('Cookie')`,
        name: names.claim('cookie'),
        type: 'string',
        optional: !cookies.some((c) => c.required),
        docs: `The Cookie header, e.g. "${cookies.map((c) => `${c.name}=…`).join('; ')}" (cookie parameters: ${cookies.map((c) => c.name).join(', ')}).`,
        info: {
          in: 'cookie',
          name: cookies.map((c) => c.name).join(';'),
          required: cookies.some((c) => c.required),
        },
      });
    }
    return args;
  }

  /** Query parameters by `style`/`explode` (form, exploded, is the default). */
  private queryParameter(
    parameter: ParameterObject,
    schema: SchemaObject | undefined,
    push: (decorator: string, type: string, wireName?: string, extra?: Partial<Argument>) => void,
    notes: string[],
  ): void {
    const name = parameter.name;
    const resolved = schema ? this.models.resolve(schema) : undefined;
    const types = resolved ? jsonTypes(resolved) : [];
    const style = parameter.style ?? 'form';
    const explode = parameter.explode ?? style === 'form';
    if (parameter.content) {
      push(`@Query(${quote(name)})`, 'string');
      notes.push(`"${name}" is sent as ${Object.keys(parameter.content)[0]} text: pass it serialised.`);
      return;
    }
    const isObject = types.includes('object') || Boolean(resolved?.properties);
    if (style === 'deepObject' && resolved) {
      const shape = objectShape(resolved, this.models);
      const entries = Object.entries(shape.properties);
      if (entries.length && !shape.additional) {
        // name[key]=value, one query parameter per known key.
        for (const [key, property] of entries) {
          push(`@Query(${quote(`${name}[${key}]`)})`, this.scalarType(property), `${name}[${key}]`, {
            optional: true,
          });
        }
        return;
      }
      push('@QueryMap()', 'Record<string, string | number | boolean>', name);
      notes.push(`"${name}" is a deepObject: pass its keys already in the form "${name}[key]".`);
      return;
    }
    if (isObject && explode) {
      // An exploded object: each of its properties is a query parameter of its own.
      push('@QueryMap()', this.models.typeOf(schema, this.site()), name);
      return;
    }
    if (types.includes('array')) {
      const option =
        style === 'form' && !explode
          ? "{ style: 'comma' }"
          : style === 'pipeDelimited'
            ? "{ style: 'pipe' }"
            : style === 'spaceDelimited'
              ? undefined
              : '';
      if (option === undefined) {
        push(`@Query(${quote(name)})`, 'string');
        notes.push(`"${name}" is spaceDelimited: pass the values joined by spaces.`);
        return;
      }
      push(`@Query(${quote(name)}${option ? `, ${option}` : ''})`, this.models.typeOf(schema, this.site()));
      return;
    }
    if (isObject) {
      push(`@Query(${quote(name)})`, 'string');
      notes.push(`"${name}" is an object sent unexploded (style ${style}): pass "key,value,…" as a string.`);
      return;
    }
    push(`@Query(${quote(name)})`, this.scalarType(schema));
  }

  /** A path, header or query value: a primitive (or an array of them); anything else would not serialise. */
  private scalarType(schema: SchemaObject | undefined): string {
    if (!schema) return 'string';
    const type = this.models.typeOf(schema, this.site());
    return type === 'unknown' ? 'string' : type;
  }

  private body(
    method: string,
    operation: OperationObject,
    decorators: string[],
    args: Argument[],
    notes: string[],
  ): void {
    const body = operation.requestBody && resolveRef(this.document, operation.requestBody);
    if (!body?.content || Object.keys(body.content).length === 0) return;
    if (method === 'get' || method === 'head') {
      notes.push('the document gives this GET/HEAD a request body; restfit sends none, so it is left out.');
      return;
    }
    const media = preferredMedia(Object.keys(body.content))!;
    const schema = body.content[media]?.schema;
    const optional = !body.required;
    const kind = mediaKind(media);
    const names = new NameSet(['declared', ...args.map((a) => a.name)]);
    const addBody = (type: string, info: Partial<ArgumentInfo> = {}) => {
      this.restfit.add('Body');
      args.push({
        decorator: '@Body()',
        name: names.claim('body'),
        type,
        optional,
        docs: body.description,
        info: { in: 'body', name: media, required: !optional, schema, ...info },
      });
    };
    const contentType = (value: string) => {
      this.restfit.add('Headers');
      decorators.push(`@Headers({ 'content-type': ${quote(value)} })`);
    };
    if (kind === 'json') {
      if (essence(media) !== 'application/json' || media.includes(';')) contentType(media);
      addBody(this.models.typeOf(schema, this.site()));
    } else if (kind === 'multipart') {
      this.restfit.add('Multipart').add('Part');
      decorators.push('@Multipart()');
      const shape = schema ? objectShape(this.models.resolve(schema), this.models) : undefined;
      for (const [part, property] of Object.entries(shape?.properties ?? {})) {
        const resolved = this.models.resolve(property);
        const binary = resolved.format === 'binary' || resolved.contentMediaType !== undefined;
        const type = binary ? BINARY_BODY : this.models.typeOf(property, this.site());
        args.push({
          decorator: `@Part(${quote(part)})`,
          name: names.claim(camelCase(part)),
          type: type === 'unknown' ? 'string' : type,
          optional: optional || !shape!.required.has(part),
          docs: resolved.description,
          info: {
            in: 'part',
            name: part,
            required: !optional && shape!.required.has(part),
            schema: property,
          },
        });
      }
      if (!shape || Object.keys(shape.properties).length === 0) {
        notes.push('the multipart body names no parts: send them with a MultipartBody via @Body().');
        addBody('MultipartBody');
        this.restfit.add('MultipartBody');
        decorators.pop();
        this.restfit.delete('Multipart');
        this.restfit.delete('Part');
      }
    } else if (kind === 'form') {
      this.restfit.add('FormUrlEncoded').add('FieldMap');
      decorators.push('@FormUrlEncoded()');
      const type = this.models.typeOf(schema, this.site());
      args.push({
        decorator: '@FieldMap()',
        name: names.claim('fields'),
        type: type === 'unknown' || !/^[{A-Z]|Record</.test(type) ? 'Record<string, unknown>' : type,
        optional,
        docs: body.description,
        info: { in: 'fields', name: media, required: !optional, schema },
      });
    } else if (kind === 'text') {
      contentType(media);
      addBody('string');
    } else if (kind === 'any') {
      // `*/*`: any type the caller likes; restfit sets the content type from the value.
      addBody(`${BINARY_BODY} | string`);
    } else {
      contentType(media);
      addBody(BINARY_BODY);
    }
  }

  private securityOf(operation: OperationObject, decorators: string[]): void {
    const requirements = operation.security ?? this.document.security;
    if (!requirements) return;
    const alternatives = requirements.map((requirement) => Object.keys(requirement));
    if (alternatives.length === 0 || alternatives.every((names) => names.length === 0)) {
      if (operation.security) {
        this.restfit.add('NoAuth');
        decorators.push('@NoAuth()');
      }
      return;
    }
    this.security = true;
    const list = alternatives.map((names) => `[${names.map(quote).join(', ')}]`).join(', ');
    decorators.push(`@Security([${list}])`);
  }

  /** The main response plan, and a streaming one when the operation also answers with a stream. */
  private responses(operation: OperationObject, methodName: string): ResponsePlan[] {
    const all = operation.responses ?? {};
    let statuses = Object.keys(all)
      .filter((status) => /^2(\d\d|XX)$/i.test(status))
      .sort();
    if (statuses.length === 0 && all.default) statuses = ['default'];
    const responses = statuses.map((status) => resolveRef(this.document, all[status]));
    const media = responses.flatMap((response) =>
      Object.entries(response.content ?? {}).map(([type, content]) => ({ type, schema: content.schema })),
    );
    const empty = responses.length === 0 || responses.some((r) => Object.keys(r.content ?? {}).length === 0);
    const plans: ResponsePlan[] = [];
    const byKind = (kind: string) => media.filter((m) => mediaKind(m.type) === kind);
    const json = byKind('json');
    const stream = byKind('event-stream')[0] ?? byKind('json-lines')[0];
    const hint = `${pascalCase(methodName)}Response`;
    if (json.length) plans.push(this.jsonResponse(json, empty, hint));
    else if (!stream) {
      const other = media[0];
      if (!other) plans.push({ type: 'Promise<void>', decorators: [] });
      else {
        const kind = mediaKind(other.type);
        const text =
          kind === 'text' || (kind === 'any' && other.schema?.type === 'string' && !other.schema.format);
        const type = text ? 'string' : 'Uint8Array';
        this.restfit.add('ResponseType');
        plans.push({
          type: `Promise<${empty ? `${type} | undefined` : type}>`,
          decorators: [`@ResponseType(${text ? "'text'" : "'bytes'"})`],
        });
      }
    }
    if (stream) plans.push(this.streamResponse(stream.type, stream.schema, hint));
    return plans;
  }

  private jsonResponse(
    json: { type: string; schema?: SchemaObject }[],
    empty: boolean,
    hint: string,
  ): ResponsePlan {
    const decorators: string[] = [];
    if (!json.every((m) => decodedAsJson(m.type))) {
      this.restfit.add('ResponseType');
      decorators.push("@ResponseType('json')");
    }
    // The same schema under several statuses or media types is one type.
    const distinct = new Map(json.map((m) => [m.schema?.$ref ?? m.schema, m.schema]));
    const schemas = [...distinct.values()];
    const orEmpty = (type: string) => (empty ? `${type} | undefined` : type);
    const mapping = schemas.length === 1 ? this.models.mapping(schemas[0], hint, this.uses) : undefined;
    if (mapping?.target && mapping.target.name !== 'Date' && !mapping.discriminator) {
      this.restfit.add('Returns');
      const target = mapping.target.name;
      decorators.push(`@Returns(${mapping.target.array ? `[${target}]` : target})`);
      return { type: `Promise<${orEmpty(mapping.type)}>`, decorators, returns: target };
    }
    const site: TypeSite = { mode: 'read', uses: this.uses };
    const types = [...new Set(schemas.map((schema) => this.models.typeOf(schema, site)))];
    const type =
      types.includes('unknown') || schemas.some((s) => isUnconstrained(s)) ? 'unknown' : types.join(' | ');
    return { type: `Promise<${orEmpty(type)}>`, decorators };
  }

  private streamResponse(type: string, schema: SchemaObject | undefined, hint: string): ResponsePlan {
    const events = mediaKind(type) === 'event-stream';
    // The operation may also answer JSON: ask for the stream.
    this.restfit.add('Headers');
    const decorators = [
      `@Headers({ accept: ${quote(essence(type))} })`,
      events ? '@ServerSentEvents()' : '@JsonLines()',
    ];
    this.restfit.add(events ? 'ServerSentEvents' : 'JsonLines');
    const mapping = this.models.mapping(schema, `${hint}Event`, this.uses);
    let item: string;
    let returns: string | undefined;
    if (
      mapping?.target &&
      !mapping.target.array &&
      mapping.target.name !== 'Date' &&
      !mapping.discriminator
    ) {
      this.restfit.add('Returns');
      decorators.push(`@Returns(${mapping.target.name})`);
      item = mapping.type;
      returns = mapping.target.name;
    } else {
      // Without @Returns an event's data is the text as sent; a JSON line is parsed.
      item = events ? 'string' : this.models.typeOf(schema, { mode: 'read', uses: this.uses });
    }
    if (events) this.restfit.add('ServerSentEvent');
    return {
      type: events ? `AsyncIterable<ServerSentEvent<${item}>>` : `AsyncIterable<${item}>`,
      decorators,
      returns,
      streaming: events ? 'event-stream' : 'json-lines',
    };
  }
}

interface ResponsePlan {
  type: string;
  decorators: string[];
  returns?: string;
  streaming?: 'event-stream' | 'json-lines';
}
