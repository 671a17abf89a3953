import { RequestError } from '../errors/errors';
import { encodePathValue, isDotSegment } from './encode';

/**
 * `@Path(name, { segments: true })` (Refit's `{**path}`): the value keeps its `/`, and each segment is
 * encoded on its own, as one `@Path` value would be. An empty, `.` or `..` segment is refused: it would
 * reach another resource than the one the caller named.
 */
export function encodePathSegments(value: string, encoded: boolean | undefined, where: string): string {
  const segments = value.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || (encoded && isDotSegment(segment))) {
      throw new RequestError(
        `${where}: ${JSON.stringify(value)} has an empty, "." or ".." segment — each segment between "/" must name something`,
      );
    }
  }
  return segments.map((segment) => encodePathValue(segment, encoded, where)).join('/');
}
