/**
 * The one table from error codes to HTTP statuses and problem titles (RFC 9457). Problem
 * `type`s are `/problems/<code>`, which the app also serves as a short explanation.
 */
export const PROBLEMS = {
  'validation-failed': { status: 400, title: 'The request is not valid' },
  'malformed-body': { status: 400, title: 'The request body cannot be read' },
  'bad-request': { status: 400, title: 'Bad request' },
  'authentication-required': { status: 401, title: 'Sign in or present a token' },
  'invalid-credentials': { status: 401, title: 'Login or password is wrong' },
  forbidden: { status: 403, title: 'Not allowed for your roles or scope' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'stale-version': { status: 409, title: 'Someone changed this in the meantime' },
  conflict: { status: 409, title: 'Conflicts with existing data' },
  'body-too-large': { status: 413, title: 'The request body is too large' },
  'uri-too-long': { status: 414, title: 'The URL is too long' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'invalid-transition': { status: 422, title: 'Not allowed in the current state' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  'internal-error': { status: 500, title: 'Internal error' },
  'service-unavailable': { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

/** The explanation served at `/problems/<code>`. */
export const PROBLEM_HELP: Record<ProblemCode, string> = {
  'validation-failed':
    'A field is missing, of the wrong type or out of range; `errors` lists each field and why.',
  'malformed-body': 'The body is not valid JSON (or is empty where JSON is required).',
  'bad-request': 'The request cannot be understood.',
  'authentication-required':
    'Sign in with POST /api/v1/session or send `Authorization: Bearer <token>`.',
  'invalid-credentials': 'The login and password do not match an active account.',
  forbidden: 'Your roles, or the areas and departments they are granted on, do not allow this.',
  'not-found': 'Nothing with this id exists within your scope.',
  'method-not-allowed': 'The path exists but not with this method.',
  'stale-version': 'The `version` you sent is older than the stored one: reload and try again.',
  conflict: 'The request conflicts with stored data, such as a code or login already taken.',
  'body-too-large': 'The body exceeds the configured limit (CIVICGRID_BODY_LIMIT_KB).',
  'uri-too-long': 'A segment of the path is longer than any id or code the API uses.',
  'unsupported-media-type': 'Send `Content-Type: application/json`.',
  'invalid-transition': 'This workflow step is not allowed from the current state.',
  'too-many-requests': 'Slow down; retry after the time in the `Retry-After` header.',
  'internal-error':
    'Something failed on the server. It has been logged; the details are not shown.',
  'service-unavailable':
    'The service cannot answer now (for example, the database is unreachable).',
};
