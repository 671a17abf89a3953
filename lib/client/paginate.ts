import type { ApiRequest, ApiResponse, Next } from '../core/exchange';
import { isSameOrigin, splitQuery } from '../core/http';
import type { Clock } from '../core/options';
import {
  planForWholeUrl,
  planOf,
  type CallPlan,
  type CallResult,
  type Invocation,
} from '../declaration/call-plan';
import { iterableMethod, type AsyncIterableMethodDecorator } from '../decorators/iterable-methods';
import type { BehaviourMetadata, IterableStrategy, PaginateOptions } from '../decorators/metadata';
import { ApiError, DecodeError } from '../errors/errors';
import { buildRequest } from '../request/build';
import { mapBody } from '../response/map';
import { fail, send } from './invoke';

const DEFAULT_MAX_PAGES = 1000;

/** The method returns an AsyncIterable over the items of every page (Link header, cursor or page number). */
export const Paginate = (options: PaginateOptions): AsyncIterableMethodDecorator =>
  iterableMethod((meta) => {
    meta.paginate = options;
    meta.iterate = PAGES;
  });

const PAGES: IterableStrategy = {
  call: paginate,
  problem(behaviour) {
    const problem = paginateProblem(behaviour);
    return problem && `@Paginate: ${problem}`;
  },
};

function paginateProblem({ paginate, fullResponse, responseType }: BehaviourMetadata): string | undefined {
  const { style, nextCursor, maxPages, firstPage } = paginate!;
  if (!['link', 'cursor', 'page'].includes(style))
    return `style must be 'link', 'cursor' or 'page', got ${JSON.stringify(style)}`;
  if (style === 'cursor' && !nextCursor)
    return "the cursor style needs nextCursor, e.g. { style: 'cursor', nextCursor: 'meta.next' }";
  if (maxPages !== undefined && !(Number.isInteger(maxPages) && maxPages > 0))
    return `maxPages must be a whole number > 0, got ${maxPages}`;
  if (firstPage !== undefined && !Number.isInteger(firstPage))
    return `firstPage must be a whole number, got ${firstPage}`;
  if (fullResponse)
    return 'pages are iterated as items, so @FullResponse() cannot apply — remove one of them';
  if (responseType && !['auto', 'json'].includes(responseType))
    return `pages are JSON, but @ResponseType('${responseType}') is not`;
  return undefined;
}

/** Every item of every page, one page request at a time, each through the whole pipeline. */
export async function* paginate(
  plan: CallPlan,
  pipeline: Next,
  clock: Clock,
  args: unknown[],
): AsyncGenerator<unknown> {
  const options = (plan.result as Extract<CallResult, { kind: 'pages' }>).paginate;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const at = `${plan.spec.service}.${plan.spec.operation}`;
  let next: ((request: ApiRequest) => void) | undefined = firstPage(options);
  let last: ApiResponse<unknown> | undefined;
  for (let pages = 0; next; pages++) {
    if (pages === maxPages) {
      throw pageError(
        `${at}: more than ${maxPages} pages — raise @Paginate({ maxPages }) if that is expected`,
        'TOO_MANY_PAGES',
        last!,
      );
    }
    const request = buildRequest(plan, args);
    next(request);
    const response = (last = await send(plan, pipeline, request, clock, clock.now()));
    if (response.error) throw response.error;
    const items = itemsOf(response, options, at);
    yield* mapItems(items, plan, response);
    next = nextPage(options, request, response, items, at);
  }
}

/** An error about the listing itself, carrying the last page's request and attempts like every ApiError. */
function pageError(message: string, code: string, response: ApiResponse<unknown>): ApiError {
  const error = new ApiError(message, { code, request: response.request });
  error.attempts = response.attempts;
  error.elapsedMs = response.elapsedMs;
  return error;
}

function firstPage(options: PaginateOptions): (request: ApiRequest) => void {
  if (options.style !== 'page') return () => undefined;
  return (request) => (request.query[options.pageParam ?? 'page'] = String(options.firstPage ?? 1));
}

/** How to turn the next request into the next page's, or undefined after the last page. */
function nextPage(
  options: PaginateOptions,
  request: ApiRequest,
  response: ApiResponse<unknown>,
  items: unknown[],
  at: string,
): ((request: ApiRequest) => void) | undefined {
  switch (options.style) {
    case 'link': {
      const link = nextLink(response.headers.link, request.url);
      if (!link) return undefined;
      if (!isSameOrigin(request.url, link.origin)) {
        throw pageError(
          `${at}: the next page's link leads to another origin (${link.origin}); not followed`,
          'CROSS_ORIGIN_LINK',
          response,
        );
      }
      const { url, query } = splitQuery(link);
      return (following) => {
        following.url = url;
        following.query = { ...query };
        // The link is the whole next URL: the declaration's literal and value-less query are in it already.
        const invocation = following.endpoint as Invocation;
        following.endpoint = invocation.withPlan(planForWholeUrl(planOf(following)));
      };
    }
    case 'cursor': {
      const cursor =
        typeof options.nextCursor === 'function'
          ? options.nextCursor(response.data)
          : at_(response.data, options.nextCursor!);
      if (cursor === undefined || cursor === null || cursor === '' || cursor === false) return undefined;
      return (following) => (following.query[options.cursorParam ?? 'cursor'] = String(cursor));
    }
    case 'page': {
      if (items.length === 0) return undefined;
      const param = options.pageParam ?? 'page';
      const page = Number(request.query[param]) + 1;
      return (following) => (following.query[param] = String(page));
    }
  }
}

/** The `rel="next"` target of a Link header, resolved against the request URL. */
export function nextLink(header: string | undefined, base: string): URL | undefined {
  if (!header) return undefined;
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2])?.[1];
    if (rel?.toLowerCase().split(/\s+/).includes('next')) {
      try {
        return new URL(match[1], base);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function itemsOf(response: ApiResponse<unknown>, options: PaginateOptions, at: string): unknown[] {
  const items = options.items ? at_(response.data, options.items) : response.data;
  if (response.data === undefined && response.status === 204) return [];
  if (!Array.isArray(items)) {
    const error = new DecodeError(
      `${at}: expected an array of items${options.items ? ` at "${options.items}"` : ''} in the page, got ${items === null ? 'null' : typeof items}`,
      { request: response.request, status: response.status },
    );
    fail(response, error);
    throw error;
  }
  return items;
}

function mapItems(items: unknown[], plan: CallPlan, response: ApiResponse<unknown>): unknown[] {
  const returns = plan.returns;
  if (!returns) return items;
  try {
    return mapBody(
      items,
      { type: returns.type, array: true },
      response.request,
      response.status,
    ) as unknown[];
  } catch (error) {
    fail(response, error as ApiError);
    throw error;
  }
}

/** Reads a dot path such as `meta.next` from a decoded body (own properties only). */
function at_(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (
      current === null ||
      typeof current !== 'object' ||
      !Object.prototype.hasOwnProperty.call(current, key)
    )
      return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
