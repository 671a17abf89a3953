import { DeclarationError } from '../errors/errors';

/** The body of a declared method. restfit replaces it; if it ever runs, the class was built with `new`. */
export function declared(): never {
  throw new DeclarationError(
    'declared(): this method is a restfit declaration and its body never runs — build the service with createClient(Service) or client.create(Service), not new Service() (an undecorated override cannot reach it through super either: declare the call under another name)',
  );
}
