import {
  BUILT_IN_HTTP_ERRORS,
  ClientError,
  DeclarationError,
  HttpError,
  ServerError,
  type HttpErrorClass,
} from './errors';

/** The class for a non-2xx status: the `errors` option first, then the built-in class, then ClientError/ServerError/HttpError. */
export function errorClassFor(
  status: number,
  custom: Readonly<Record<number, HttpErrorClass>>,
): HttpErrorClass {
  return (
    custom[status] ??
    BUILT_IN_HTTP_ERRORS[status] ??
    (status >= 500 ? ServerError : status >= 400 ? ClientError : HttpError)
  );
}

/** Checks the `errors` option once, at client creation: statuses 300-599 mapped to HttpError subclasses. */
export function checkErrorClasses(
  errors: Record<number, HttpErrorClass> | undefined,
  where: string,
): Readonly<Record<number, HttpErrorClass>> {
  // No prototype: a polluted Object.prototype[503] is never an error class.
  const checked: Record<number, HttpErrorClass> = Object.create(null);
  if (errors === undefined) return Object.freeze(checked);
  if (errors === null || typeof errors !== 'object') {
    throw new DeclarationError(
      `${where}: must be an object of status → HttpError subclass, got ${errors === null ? 'null' : typeof errors}`,
    );
  }
  for (const key of Object.keys(errors)) {
    const status = Number(key);
    if (!Number.isInteger(status) || status < 300 || status > 599) {
      throw new DeclarationError(
        `${where}: key ${JSON.stringify(key)} is not an error status — only statuses 300-599 can be mapped to an error class`,
      );
    }
    const ErrorClass = errors[status];
    if (
      typeof ErrorClass !== 'function' ||
      !(ErrorClass === HttpError || ErrorClass.prototype instanceof HttpError)
    ) {
      throw new DeclarationError(
        `${where}: ${status} must map to a class extending HttpError (e.g. class MyNotFound extends NotFoundError {}), got ${describe(ErrorClass)}`,
      );
    }
    checked[status] = ErrorClass;
  }
  return Object.freeze(checked);
}

function describe(value: unknown): string {
  return typeof value === 'function'
    ? `class/function ${value.name || '(anonymous)'}`
    : value === null
      ? 'null'
      : typeof value;
}
