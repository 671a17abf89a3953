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

export const Get = (path = ''): MethodDecorator => httpMethod('GET', path);
export const Post = (path = ''): MethodDecorator => httpMethod('POST', path);
export const Put = (path = ''): MethodDecorator => httpMethod('PUT', path);
export const Patch = (path = ''): MethodDecorator => httpMethod('PATCH', path);
export const Delete = (path = ''): MethodDecorator => httpMethod('DELETE', path);
export const Head = (path = ''): MethodDecorator => httpMethod('HEAD', path);
export const Options = (path = ''): MethodDecorator => httpMethod('OPTIONS', path);

/** Any other HTTP method, e.g. `@Http('PROPFIND', '/files/{id}', { hasBody: true })`. */
export const Http = (method: string, path = '', options: { hasBody?: boolean } = {}): MethodDecorator =>
  httpMethod(method.toUpperCase(), path, options.hasBody, `@Http('${method}', '${path}')`);
