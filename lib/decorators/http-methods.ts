import { noteConflict, recordMethod, recordMisplaced } from './metadata';

function httpMethod(
  method: string,
  path: string,
  hasBody?: boolean,
  label = `@${method.charAt(0)}${method.slice(1).toLowerCase()}('${path}')`,
): MethodDecorator {
  return (target, key) => {
    if (typeof target === 'function') return recordMisplaced(target, `static method "${String(key)}"`);
    recordMethod(target, key, (meta) => {
      // Decorators run bottom-up, so the one recorded first is written below this one.
      if (meta.http) noteConflict(meta, `${label} and ${meta.http.label}`);
      meta.http = { method, path, hasBody, label };
    });
  };
}

/**
 * `GET path`: `path` is a template relative to the baseURL and `@BasePath`, its `{name}` placeholders
 * filled by `@Path` parameters; a literal query (`/search?sort=desc`) is sent first, before `@Query`
 * parameters. A GET carries no body.
 * @example
 * ```ts
 * import { Get, Path, declared } from 'restfit';
 *
 * export class UsersApi {
 *   @Get('/users/{id}')
 *   getUser(@Path('id') id: number): Promise<{ id: number; name: string }> {
 *     return declared();
 *   }
 * }
 * ```
 */
export const Get = (path = ''): MethodDecorator => httpMethod('GET', path);
/** `POST path` (a template, as for `@Get`). Not retried by default; see `@Idempotent()`. */
export const Post = (path = ''): MethodDecorator => httpMethod('POST', path);
/** `PUT path` (a template, as for `@Get`). */
export const Put = (path = ''): MethodDecorator => httpMethod('PUT', path);
/** `PATCH path` (a template, as for `@Get`). Not retried by default; see `@Idempotent()`. */
export const Patch = (path = ''): MethodDecorator => httpMethod('PATCH', path);
/** `DELETE path` (a template, as for `@Get`). */
export const Delete = (path = ''): MethodDecorator => httpMethod('DELETE', path);
/** `HEAD path` (a template, as for `@Get`). A HEAD carries no body and resolves to `undefined`. */
export const Head = (path = ''): MethodDecorator => httpMethod('HEAD', path);
/** `OPTIONS path` (a template, as for `@Get`). */
export const Options = (path = ''): MethodDecorator => httpMethod('OPTIONS', path);

/** Any other HTTP method, e.g. `@Http('PROPFIND', '/files/{id}', { hasBody: true })`. */
export const Http = (method: string, path = '', options: { hasBody?: boolean } = {}): MethodDecorator =>
  httpMethod(method.toUpperCase(), path, options.hasBody, `@Http('${method}', '${path}')`);
