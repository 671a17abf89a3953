import { recordMethod } from './record';

function httpMethod(method: string, path: string, hasBody?: boolean): MethodDecorator {
  return (target, key) => recordMethod(target, key, (meta) => (meta.http = { method, path, hasBody }));
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
  httpMethod(method.toUpperCase(), path, options.hasBody);
