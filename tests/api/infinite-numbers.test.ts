/**
 * Numbers in the query string are checked against their ranges even when they spell
 * infinity: Ajv coerces "Infinity" and "1e999" to Infinity and then skips `minimum` and
 * `maximum` for a number that is not finite, so `limit=Infinity` reached SQLite and
 * answered 500 (found by the API fuzzer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problemOf, type TestApp } from '../support/app.ts';

describe('infinite numbers in the query string', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { seed: 'demo' });
    cookie = await t.signIn('dispatcher');
  });
  afterAll(() => t.close());

  it('are a 400 naming the parameter, on every route that takes a number', async () => {
    for (const [url, field] of [
      ['/api/v1/areas?limit=Infinity', '/limit'],
      ['/api/v1/areas?limit=1e999', '/limit'],
      ['/api/v1/areas/locate?lat=-Infinity&lon=120', '/lat'],
      ['/api/v1/cases?limit=Infinity', '/limit'],
      ['/api/v1/notifications?limit=1e999', '/limit'],
    ] as const) {
      const response = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
      const problem = problemOf(response);
      expect(problem.code).toBe('validation-failed');
      expect(problem.errors).toEqual([
        { field, message: 'must be a finite number', in: 'querystring' },
      ]);
    }
  });

  it('finite numbers still pass', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/areas?limit=2' });
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toHaveLength(2);
  });
});
