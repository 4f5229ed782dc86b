/**
 * Helpers of the access-control matrix (tests/api/access-matrix.test.ts): the principals,
 * outcomes, route keys and the search of answers for data that must not be in them.
 */
import type { LightMyRequestResponse } from 'fastify';

/**
 * Who calls: every demo account, anonymous, the demo Open311 client (a token user with no
 * role), and two narrow-scope accounts (an admin and an auditor on one street) because the
 * demo grants those roles on the whole district, where nothing is out of scope.
 */
export const PRINCIPALS = [
  'anonymous',
  'admin',
  'admin_b',
  'dispatcher',
  'supervisor',
  'auditor',
  'auditor_b',
  'mediator',
  'handler',
  'grid_worker_a',
  'grid_worker_b',
  'grid_leader',
  'department_head',
  'volunteer',
  'open311-client',
] as const;
export type Principal = (typeof PRINCIPALS)[number];

/**
 * An expected answer: `ok` is any 2xx; `any-but-denied` is any status but 401 and 403 (web
 * assets whose presence depends on a build); numbers are exact.
 */
export type Outcome = 'ok' | 'any-but-denied' | 401 | 403 | 404;

/** One expected outcome per principal. */
export type Row = Record<Principal, Outcome>;

/** A row: `signedIn` for every signed-in principal, `anonymous` for the rest, then overrides. */
export function row(
  signedIn: Outcome,
  overrides: Partial<Row> = {},
  anonymous: Outcome = 401,
): Row {
  const base = Object.fromEntries(
    PRINCIPALS.map((p) => [p, p === 'anonymous' ? anonymous : signedIn]),
  ) as Row;
  return { ...base, ...overrides };
}

/** Everyone, signed in or not. */
export const PUBLIC: Row = row('ok', {}, 'ok');
/** Any signed-in caller, whatever its roles. */
export const SIGNED_IN: Row = row('ok');

/** Only the listed principals; other signed-in callers 403, anonymous 401. */
export function only(...allowed: Principal[]): Row {
  return row(403, Object.fromEntries(allowed.map((p) => [p, 'ok'])));
}

/** True when the status is the expected outcome. */
export function matches(status: number, want: Outcome): boolean {
  if (want === 'ok') return status >= 200 && status < 300;
  if (want === 'any-but-denied') return status !== 401 && status !== 403 && status < 500;
  return status === want;
}

/** `METHOD /path/:param` as Fastify names a route. */
export function routeKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${url}`;
}

/** True when a concrete path is one the route pattern (`:param`, `*`) matches. */
export function pathMatches(pattern: string, path: string): boolean {
  const source = pattern
    .split('/')
    .map((segment) =>
      segment === '*'
        ? '.*'
        : segment.startsWith(':')
          ? '[^/]+'
          : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`).test(path.split('?')[0] as string);
}

/** A fresh client address per request, so that per-address rate limits never interfere. */
export function addresses(): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  };
}

/** The smallest PDF the upload accepts. */
export const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

/** A multipart/form-data body with one file in the field `file`. */
export async function multipartFile(bytes: Uint8Array, fileName: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), fileName);
  const response = new Response(form);
  return {
    payload: Buffer.from(await response.arrayBuffer()),
    headers: { 'content-type': response.headers.get('content-type') ?? '' },
  };
}

/** What a case is known by, and the contact its reporter gave with consent. */
export interface CaseSecrets {
  id: string;
  trackingCode: string;
  title: string;
  description: string;
  contact: { name: string; phone: string; email: string };
}

/**
 * The text of an answer to search: a problem's `instance` (the caller's own URL) is left
 * out, since echoing what the caller sent reveals nothing.
 */
export function searchableText(response: LightMyRequestResponse): string {
  const type = String(response.headers['content-type'] ?? '');
  if (type.startsWith('application/problem+json')) {
    const { instance: _instance, ...rest } = response.json() as Record<string, unknown>;
    return JSON.stringify(rest);
  }
  return response.body;
}
