import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, isConflict, newIdempotencyKey, request, withQuery } from './client.ts';

const problem = (status: number, body: object) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  });

afterEach(() => vi.unstubAllGlobals());

describe('request', () => {
  it('sends JSON on the same origin and reads JSON back', async () => {
    const fetch = vi.fn(async () => Response.json({ ok: true }, { status: 201 }));
    vi.stubGlobal('fetch', fetch);
    await expect(
      request('/api/v1/cases', {
        method: 'POST',
        body: { a: 1 },
        headers: { 'idempotency-key': 'k-123456' },
      }),
    ).resolves.toEqual({ ok: true });
    expect(fetch).toHaveBeenCalledWith('/api/v1/cases', {
      method: 'POST',
      body: '{"a":1}',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'idempotency-key': 'k-123456',
      },
      signal: undefined,
    });
  });

  it('turns problem+json into an ApiError with code, detail and field errors', async () => {
    vi.stubGlobal('fetch', async () =>
      problem(400, {
        type: '/problems/validation-failed',
        title: 'The request is not valid',
        status: 400,
        detail: 'The report was not accepted.',
        code: 'validation-failed',
        errors: [{ field: '/reporter/consent', message: 'needs consent', in: 'body' }],
      }),
    );
    const error = await request('/api/v1/cases').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'validation-failed',
      detail: 'The report was not accepted.',
      fieldErrors: [{ field: '/reporter/consent', message: 'needs consent' }],
    });
  });

  it('recognises a 409', async () => {
    vi.stubGlobal('fetch', async () => problem(409, { code: 'stale-version', detail: 'changed' }));
    const error = await request('/x').catch((e: unknown) => e);
    expect(isConflict(error)).toBe(true);
    expect((error as ApiError).code).toBe('stale-version');
  });

  it('reports an unreachable server as status 0', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const error = (await request('/x').catch((e: unknown) => e)) as ApiError;
    expect(error.isNetwork).toBe(true);
    expect(error.code).toBe('network');
  });

  it('survives a non-JSON error body, and gives undefined for 204', async () => {
    vi.stubGlobal('fetch', async () => new Response('<h1>Bad gateway</h1>', { status: 502 }));
    expect(await request('/x').catch((e: unknown) => (e as ApiError).code)).toBe('http-502');
    vi.stubGlobal('fetch', async () => new Response(null, { status: 204 }));
    expect(await request('/x', { method: 'DELETE' })).toBeUndefined();
  });
});

describe('helpers', () => {
  it('leaves empty query values out and repeats arrays', () => {
    expect(
      withQuery('/c', { limit: 50, status: ['submitted', 'registered'], q: '', x: undefined }),
    ).toBe('/c?limit=50&status=submitted&status=registered');
  });

  it('makes distinct UUIDs', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});
