/**
 * The one way the web app talks to the server: JSON in and out, the session cookie on the
 * same origin, and every failure as an `ApiError` read from the server's RFC 9457
 * problem+json (status, stable code, detail and field errors). Components never call
 * `fetch`: each feature's `api.ts` calls `request` and its `hooks.ts` wraps that in
 * TanStack Query.
 */

/** One failing field of a validation problem (`field` is a JSON pointer such as `/reporter/phone`). */
export interface FieldError {
  field: string;
  message: string;
}

/** A failed request: the server's problem, or status 0 when the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  /** The problem's stable code (`validation-failed`, `stale-version` …), or `network`. */
  readonly code: string;
  readonly detail: string;
  readonly fieldErrors: FieldError[];

  constructor(status: number, code: string, detail: string, fieldErrors: FieldError[] = []) {
    super(detail || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
  }

  /** Someone else changed it first (HTTP 409: a stale version, or a repeated once-only step). */
  get isConflict(): boolean {
    return this.status === 409;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  /** The server was not reached (offline, DNS, connection refused). */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

/** True when `error` is an `ApiError` with HTTP 409. */
export function isConflict(error: unknown): error is ApiError {
  return error instanceof ApiError && error.isConflict;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A plain object is sent as JSON; `FormData` as multipart. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Query parameters; undefined and empty values are left out, arrays repeat the name. */
  query?: Record<string, string | number | boolean | readonly string[] | undefined | null>;
  signal?: AbortSignal;
}

/** Builds `path?query` with the empty parameters left out. */
export function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(name, String(item));
    else params.append(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Reads a failed response as an `ApiError`, whatever its body. */
export async function problemOf(response: Response): Promise<ApiError> {
  const type = response.headers.get('content-type') ?? '';
  if (/json/.test(type)) {
    try {
      const problem = (await response.json()) as {
        code?: unknown;
        detail?: unknown;
        title?: unknown;
        errors?: unknown;
      };
      const fieldErrors = Array.isArray(problem.errors)
        ? problem.errors
            .filter(
              (e): e is FieldError =>
                typeof e === 'object' && e !== null && typeof e.field === 'string',
            )
            .map((e) => ({ field: e.field, message: String(e.message ?? '') }))
        : [];
      return new ApiError(
        response.status,
        typeof problem.code === 'string' ? problem.code : `http-${response.status}`,
        typeof problem.detail === 'string'
          ? problem.detail
          : typeof problem.title === 'string'
            ? problem.title
            : response.statusText,
        fieldErrors,
      );
    } catch {
      // An unreadable body falls through to the status alone.
    }
  }
  return new ApiError(response.status, `http-${response.status}`, response.statusText);
}

/**
 * Sends a request to the API and returns its JSON body (undefined for 204).
 * @throws ApiError for any non-2xx answer or when the server cannot be reached.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (/json/.test(type) ? await response.json() : await response.text()) as T;
}

/** A fresh idempotency key (a UUID), also where `crypto.randomUUID` is missing (plain http). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
