import 'reflect-metadata';
import type { ClassRef } from '../core/exchange';
import {
  HEADER_NAME_HINT,
  absolutePathProblem,
  hasForbiddenHeaderCharacter,
  isHttpToken,
  lowerCaseHeaders,
} from '../core/http';
import { QUERY_STYLES } from '../core/options';
import {
  readClass,
  readMethod,
  type BehaviourMetadata,
  type ClassMetadata,
  type MethodMetadata,
  type ParameterMetadata,
} from '../decorators/metadata';
import { DeclarationError } from '../errors/errors';
import {
  declaredResult,
  type EndpointSpec,
  type ParameterSpec,
  type RateLimitRule,
  type ServiceSpec,
} from './call-plan';
import { sourceParameters } from './parameter-names';
import { rateLimitProblem, retryProblem } from './validate-options';
import { compilePathTemplate, joinPaths } from './path-template';

const METHODS_WITHOUT_BODY = new Set(['GET', 'HEAD']);
const HTTP_DECORATORS = '@Get, @Post, @Put, @Patch, @Delete, @Head, @Options or @Http';
const cache = new WeakMap<ClassRef, ServiceSpec>();

/** Parses and validates every declared method of a service class, once per class. */
export function parseService(serviceClass: ClassRef): ServiceSpec {
  let spec = cache.get(serviceClass);
  if (!spec) {
    spec = buildServiceSpec(serviceClass);
    cache.set(serviceClass, spec);
  }
  return spec;
}

function buildServiceSpec(serviceClass: ClassRef): ServiceSpec {
  if (typeof serviceClass !== 'function' || !serviceClass.prototype) {
    throw new DeclarationError(`createClient: expected a service class, got ${typeof serviceClass}`);
  }
  const name = serviceClass.name || 'AnonymousService';
  const classMeta = inheritedClassMetadata(serviceClass);
  const classLimit = classRateLimit(serviceClass);
  const endpoints = new Map<string, EndpointSpec>();
  for (const [key, owner] of declaredMethods(serviceClass)) {
    const meta = readMethod(owner, key)!;
    endpoints.set(key, parseEndpoint(serviceClass, name, owner, key, classMeta, meta, classLimit));
  }
  if (endpoints.size === 0) {
    throw new DeclarationError(
      `${name}: no method is declared — decorate at least one method with ${HTTP_DECORATORS}`,
    );
  }
  return Object.freeze({ serviceClass, name, endpoints });
}

/** Class decorators, nearest class first: a subclass's decorator overrides its parent's. */
function inheritedClassMetadata(serviceClass: ClassRef): ClassMetadata {
  const chain: ClassMetadata[] = [];
  for (let c: Function | null = serviceClass; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const meta = readClass(c);
    if (!meta) continue;
    const name = c.name || 'AnonymousService';
    if (meta.misplaced?.length) {
      throw new DeclarationError(
        `${name}: restfit decorators on ${meta.misplaced.join(' and ')} are never used — put them on an instance method and its parameters`,
      );
    }
    if (meta.conflicts?.length)
      throw new DeclarationError(`${name}: the class has both ${meta.conflicts[0]} — keep one`);
    chain.unshift(meta);
  }
  const merged: ClassMetadata = Object.assign({}, ...chain);
  // Like class and method, a subclass's @Headers add to its parent's (same name: the subclass wins).
  const headers = chain.filter((meta) => meta.headers).map((meta) => meta.headers);
  if (headers.length > 1) merged.headers = Object.assign({}, ...headers);
  delete merged.misplaced;
  delete merged.conflicts;
  return merged;
}

/** The nearest class that carries `@RateLimit`: its window is shared by its subclasses (keyed by that class). */
function classRateLimit(serviceClass: ClassRef): RateLimitRule | undefined {
  for (let c: Function | null = serviceClass; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const limit = readClass(c)?.rateLimit;
    if (limit !== undefined) return Object.freeze({ key: c, limit });
  }
  return undefined;
}

/** Each method name with the nearest prototype that defines it, when that definition is decorated. */
function declaredMethods(serviceClass: ClassRef): Map<string, object> {
  const found = new Map<string, object>();
  const seen = new Set<string>();
  for (
    let proto = serviceClass.prototype;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || seen.has(key)) continue;
      seen.add(key);
      if (readMethod(proto, key)) found.set(key, proto);
    }
  }
  return found;
}

function parseEndpoint(
  serviceClass: ClassRef,
  service: string,
  owner: object,
  operation: string,
  classMeta: ClassMetadata,
  meta: MethodMetadata,
  classLimit: RateLimitRule | undefined,
): EndpointSpec {
  const at = `${service}.${operation}`;
  const fail = (problem: string): never => {
    throw new DeclarationError(`${at}: ${problem}`);
  };
  // Read the descriptor: a decorated getter must be reported, not run.
  const fn = Object.getOwnPropertyDescriptor(owner, operation)?.value;
  if (typeof fn !== 'function')
    fail('restfit decorators are only allowed on methods, not on getters, setters or fields');
  if (!meta.http) {
    fail(`has restfit decorators but no HTTP method — add ${HTTP_DECORATORS}`);
  }
  if (meta.conflicts?.length) fail(`has both ${meta.conflicts[0]} — keep one`);
  const http = meta.http!;
  if (!isHttpToken(http.method)) fail(`"${http.method}" is not a valid HTTP method name`);

  const { basePath, ...classBehaviour } = classMeta;
  // No prototype: a polluted Object.prototype.timeout is not a declared @Timeout.
  const behaviour: BehaviourMetadata = Object.assign(
    Object.create(null),
    classBehaviour,
    withoutUndefined(meta),
  );
  behaviour.headers = lowerCaseHeaders(
    { ...classMeta.headers, ...meta.headers },
    (problem) => fail(`@Headers: ${problem}`),
    ` — ${HEADER_NAME_HINT}`,
  );
  delete (behaviour as Partial<MethodMetadata>).params;
  delete (behaviour as Partial<MethodMetadata>).http;
  delete behaviour.conflicts;

  const source = sourceParameters(fn as Function);
  const names = source.map((p) => p.name);
  const paramTypes: unknown[] | undefined = Reflect.getMetadata('design:paramtypes', owner, operation);
  const arity = Math.max(
    paramTypes?.length ?? 0,
    (fn as Function).length,
    ...meta.params.map((p) => p.index + 1),
  );
  // `parameter 1 "page"`: its index, and its name when the source shows one.
  const parameter = (index: number) => `parameter ${index}${names[index] ? ` "${names[index]}"` : ''}`;
  const describe = (p: ParameterMetadata) => `${describeParameter(p)} (${parameter(p.index)})`;

  const byIndex = new Map<number, ParameterMetadata>();
  for (const p of meta.params) {
    const other = byIndex.get(p.index);
    if (other) {
      fail(
        `${parameter(p.index)} has both ${describeParameter(p)} and ${describeParameter(other)} — a parameter takes one restfit decorator`,
      );
    }
    byIndex.set(p.index, p);
  }
  for (let i = 0; i < arity; i++) {
    if (!byIndex.has(i)) {
      fail(
        `${parameter(i)} has no restfit decorator — add one of @Path, @Query, @QueryMap, @Header, @HeaderMap, @Body, @Field, @FieldMap, @Part, @Url or @CallOptions`,
      );
    }
  }
  const withDefault = source.findIndex((p) => p.defaultValue !== undefined);
  if (withDefault >= 0) {
    const { name, defaultValue } = source[withDefault];
    fail(
      `${parameter(withDefault)} has a default value (= ${defaultValue}), which restfit cannot apply because a declared method's body never runs — make it optional (${name || 'value'}?: …) or set the default in an ordinary method that calls this one`,
    );
  }
  const params = [...byIndex.values()].sort((a, b) => a.index - b.index);
  const ofKind = (...kinds: ParameterMetadata['kind'][]) => params.filter((p) => kinds.includes(p.kind));
  for (const p of params) {
    if (p.name !== undefined && p.name === '') fail(`${describe(p)} needs a non-empty name`);
    if ((p.kind === 'header' || p.kind === 'part') && p.name && hasForbiddenHeaderCharacter(p.name)) {
      fail(`${describe(p)} contains CR, LF or NUL`);
    }
    if (p.kind === 'header' && !isHttpToken(p.name!))
      fail(`${describe(p)} is not a valid header name — ${HEADER_NAME_HINT}`);
    if (p.style !== undefined && !QUERY_STYLES.includes(p.style))
      fail(
        `${describe(p)}: style must be one of ${QUERY_STYLES.map((style) => `'${style}'`).join(', ')}, got ${JSON.stringify(p.style)}`,
      );
    if (p.kind === 'part') {
      for (const [what, text] of [
        ['filename', p.filename],
        ['contentType', p.contentType],
      ] as const) {
        if (text !== undefined && hasForbiddenHeaderCharacter(text))
          fail(`${describe(p)}: ${what} ${JSON.stringify(text)} contains CR, LF or NUL`);
      }
    }
  }

  const urlParams = ofKind('url');
  if (urlParams.length > 1)
    fail(`only one @Url() parameter is allowed, found ${urlParams.map(describe).join(' and ')} — keep one`);
  const usesUrl = urlParams.length === 1;
  if (usesUrl && http.path) {
    fail(
      `${describe(urlParams[0])} replaces the URL, so @${pascal(http.method)}('${http.path}') must have no path — use @${pascal(http.method)}()`,
    );
  }

  // Each part on its own: joined, an absolute method path would pass for one under the base path.
  for (const declared of [basePath, http.path]) {
    const absolute = declared ? absolutePathProblem(declared) : undefined;
    if (absolute) fail(absolute);
  }
  if (basePath && /[?#]/.test(basePath))
    fail(
      `@BasePath('${basePath}') may not contain "?" or "#" — a literal query goes in the method's path, e.g. @Get('/search?sort=desc')`,
    );
  const template = compilePathTemplate(usesUrl ? '' : joinPaths(basePath ?? '', http.path));
  if (typeof template === 'string') fail(template);
  const path = template as Exclude<typeof template, string>;
  const pathParams = ofKind('path');
  if (usesUrl && pathParams.length)
    fail(
      `${describe(pathParams[0])} cannot be used with @Url(), which gives the whole URL — build the URL yourself or drop @Url()`,
    );
  for (const name of path.names) {
    const matching = pathParams.filter((p) => p.name === name);
    if (matching.length === 0) {
      const sameName = params.find((p) => p.name === name);
      const hint = sameName ? ` (parameter ${sameName.index} is ${describeParameter(sameName)})` : '';
      fail(
        `URL "${path.template}" has {${name}} but no @Path('${name}') parameter${hint} — add @Path('${name}')`,
      );
    }
    if (matching.length > 1)
      fail(
        `@Path('${name}') appears on parameters ${matching.map((p) => p.index).join(' and ')} — use it once`,
      );
  }
  for (const p of pathParams) {
    if (!path.names.includes(p.name!)) {
      fail(
        `${describe(p)} has no {${p.name}} in URL "${path.template}" — add {${p.name}} to the path or remove the parameter`,
      );
    }
  }

  const bodies = ofKind('body');
  const fields = ofKind('field', 'fieldMap');
  const parts = ofKind('part');
  const encoding = behaviour.encoding ?? 'json';
  const hasBody = http.hasBody ?? !METHODS_WITHOUT_BODY.has(http.method);
  if (bodies.length > 1)
    fail(
      `only one @Body() is allowed, found ${bodies.map(describe).join(' and ')} — merge them into one object`,
    );
  if (bodies.length && fields.length)
    fail(
      `${describe(bodies[0])} cannot be combined with ${describe(fields[0])} — use either @Body or @Field`,
    );
  if (bodies.length && parts.length)
    fail(`${describe(bodies[0])} cannot be combined with ${describe(parts[0])} — use either @Body or @Part`);
  if (fields.length && encoding !== 'form')
    fail(`${describe(fields[0])} needs @FormUrlEncoded() on the method or class`);
  if (parts.length && encoding !== 'multipart')
    fail(`${describe(parts[0])} needs @Multipart() on the method or class`);
  if (!hasBody) {
    const bodyParam = bodies[0] ?? fields[0] ?? parts[0];
    if (bodyParam)
      fail(
        `${describe(bodyParam)}: a ${http.method} request cannot have a body — use @Query, or @Http('${http.method}', path, { hasBody: true })`,
      );
    if (meta.encoding)
      fail(
        `@${meta.encoding === 'form' ? 'FormUrlEncoded' : 'Multipart'}(): a ${http.method} request cannot have a body — remove it, or use @Http('${http.method}', path, { hasBody: true })`,
      );
  }
  if (meta.encoding === 'form' && !fields.length && !bodies.length)
    fail('@FormUrlEncoded() needs at least one @Field, @FieldMap or @Body parameter');
  if (meta.encoding === 'multipart' && !parts.length && !bodies.length)
    fail('@Multipart() needs at least one @Part or @Body parameter');

  const callOptions = ofKind('callOptions');
  if (callOptions.length > 1)
    fail(`only one @CallOptions() is allowed, found ${callOptions.map(describe).join(' and ')} — keep one`);

  validateBehaviour(behaviour, fail);
  for (const [where, retry] of [
    ['class', classMeta.retry],
    ['method', meta.retry],
  ] as const) {
    const problem = retry === undefined ? undefined : retryProblem(retry);
    if (problem) fail(`@Retry on the ${where}: ${problem}`);
  }

  const parameters: ParameterSpec[] = params.map((p) =>
    Object.freeze({
      ...p,
      label: `${at}: ${describe(p)}`,
      multipart: p.kind === 'part' ? behaviour.multipart : undefined,
    }),
  );
  // Keyed by the method's own metadata record: one window per declared method.
  const rateLimits = meta.rateLimit ? [classLimit, { key: meta, limit: meta.rateLimit }] : [classLimit];
  return Object.freeze({
    serviceClass,
    service,
    operation,
    owner,
    method: http.method,
    path,
    hasBody,
    headers: Object.freeze(behaviour.headers),
    // A class-level @FormUrlEncoded/@Multipart does not give its GET methods a body.
    encoding: hasBody ? encoding : 'json',
    parameters: Object.freeze(parameters),
    arity,
    usesUrl,
    callOptionsIndex: callOptions.length ? callOptions[0].index : -1,
    encodedQuery: new Set(
      ofKind('query')
        .filter((p) => p.encoded)
        .map((p) => p.name!),
    ),
    queryStyles: new Map(
      ofKind('query')
        .filter((p) => p.style)
        .map((p) => [p.name!, p.style!]),
    ),
    result: declaredResult(behaviour),
    behaviour: Object.freeze(behaviour),
    retryOverrides: Object.freeze(
      [classMeta.retry, meta.retry].filter((r): r is NonNullable<typeof r> => r !== undefined),
    ),
    rateLimits: Object.freeze(rateLimits.filter((rule): rule is RateLimitRule => rule !== undefined)),
  });
}

/** `@Query('page')`, `@Body()`: how messages name a parameter's decorator. */
function describeParameter(meta: ParameterMetadata): string {
  const decorator = meta.kind.charAt(0).toUpperCase() + meta.kind.slice(1);
  return meta.name === undefined ? `@${decorator}()` : `@${decorator}('${meta.name}')`;
}

function pascal(method: string): string {
  return method.charAt(0) + method.slice(1).toLowerCase();
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function validateBehaviour(b: BehaviourMetadata, fail: (problem: string) => never): void {
  if (
    b.timeout !== undefined &&
    !(typeof b.timeout === 'number' && Number.isFinite(b.timeout) && b.timeout >= 0)
  ) {
    fail(`@Timeout(${b.timeout}) must be a number of milliseconds ≥ 0 (0 disables the timeout)`);
  }
  const rateLimit = b.rateLimit && rateLimitProblem(b.rateLimit);
  if (rateLimit) fail(`@RateLimit: ${rateLimit}`);
  if (b.returns && !(typeof b.returns.type === 'function'))
    fail('@Returns needs a class, or [Class] for an array');
  if (b.returns && b.responseType && !['auto', 'json'].includes(b.responseType)) {
    fail(`@Returns maps JSON, but @ResponseType('${b.responseType}') is not JSON — remove one of them`);
  }
  if (b.responseType && !['auto', 'json', 'text', 'bytes', 'stream'].includes(b.responseType)) {
    fail(`@ResponseType('${b.responseType}') must be one of auto, json, text, bytes, stream`);
  }
  // `iterate` is the strategy of the decorator applied last: the conflict is checked here, in either order.
  if (b.paginate && b.events)
    fail(
      `${b.events.format === 'sse' ? '@ServerSentEvents()' : '@JsonLines()'} and @Paginate cannot be combined — keep one`,
    );
  const iterable = b.iterate?.problem(b);
  if (iterable) fail(iterable);
}
