import { RequestError } from '../errors/errors';
import type { ApiRequest } from '../request/api-request';
import { hasForbiddenHeaderCharacter, headerValueProblem, isValidHeaderName } from '../request/encode';
import { MultipartBody } from '../request/multipart';

/**
 * The last look before anything is sent: headers as interceptors and the auth provider left them, and
 * every multipart part however it was built (a prebuilt `MultipartBody` included). The same rules as at
 * the door (request/encode.ts) — valid names; no CR, LF or NUL, nothing a header cannot carry — because
 * axios would silently alter such a header and a part's headers are written raw. Throws RequestError:
 * nothing is sent. Values are never quoted in the message (they may be credentials).
 */
export function assertSendable(request: ApiRequest): void {
  const where = `${request.endpoint.service}.${request.endpoint.operation}`;
  const headers = request.headers;
  for (const name of Object.keys(headers)) {
    if (!isValidHeaderName(name))
      throw new RequestError(
        `${where}: invalid header name ${JSON.stringify(name)} (as sent, after interceptors and auth)`,
      );
    const value: unknown = headers[name];
    if (value === undefined || value === null || value === false) continue;
    const problem = headerValueProblem(name, String(value));
    if (problem) throw new RequestError(`${where}: ${problem} (as sent, after interceptors and auth)`);
  }
  if (request.body instanceof MultipartBody) assertParts(request.body, where);
}

function assertParts(body: MultipartBody, where: string): void {
  for (const [index, part] of body.parts.entries()) {
    if (typeof part.name !== 'string')
      throw new RequestError(`${where}: multipart part ${index} has no name`);
    for (const [what, text] of [
      ['name', part.name],
      ['filename', part.filename],
      ['content type', part.contentType],
    ] as const) {
      if (text !== undefined && hasForbiddenHeaderCharacter(String(text)))
        throw new RequestError(`${where}: multipart part ${index}: the ${what} contains CR, LF or NUL`);
    }
  }
}
