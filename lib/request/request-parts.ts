import type { CallOptions, QueryValue } from './api-request';
import type { MultipartPart } from './multipart';

/** The pieces of one call's request while its arguments are applied. Fresh per call. */
export interface RequestParts {
  /** Encoded path values by placeholder name. */
  pathValues: Record<string, string>;
  query: Record<string, QueryValue>;
  /** `@QueryName` values, encoded. */
  queryNames?: string[];
  headers: Record<string, string>;
  body: unknown;
  hasBodyArgument: boolean;
  fields?: URLSearchParams;
  parts?: MultipartPart[];
  url?: string;
  callOptions?: CallOptions;
}
