import * as errors from './errors';

let names: Map<unknown, string> | undefined;

/**
 * The `name` of an error: restfit's own classes by their real names, so that `err.name` is still
 * 'NotFoundError' in a minified bundle (where the class itself may be called `Cr`); your own subclasses
 * by their class name. Built on first use, so it costs nothing at import.
 */
export function errorName(target: { name: string }): string {
  names ??= new Map(
    Object.entries(errors)
      .filter(
        ([, value]) =>
          typeof value === 'function' &&
          (value === errors.ApiError || value.prototype instanceof errors.ApiError),
      )
      .map(([name, value]) => [value, name]),
  );
  return names.get(target) ?? target.name;
}
