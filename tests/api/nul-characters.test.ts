/**
 * A NUL character (U+0000) in a path, query or body is a 400 naming where it is, on both
 * dialects: PostgreSQL refuses it in any text parameter, which answered 500 (found by the
 * API fuzzer with FUZZ_DIALECT=postgres).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { createTestApp, problemOf, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

describe.each(DIALECTS)('NUL characters on %s', (dialect) => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: 'demo' });
    cookie = await t.signIn('dispatcher');
  });
  afterAll(() => t.close());

  it('in a path, a query or a body are a 400 naming the field, and store nothing', async () => {
    const point = DEMO_POINTS[0] as (typeof DEMO_POINTS)[number];
    for (const [method, url, payload, field, where] of [
      ['GET', '/api/v1/areas/%00', undefined, '/id', 'params'],
      ['GET', '/api/v1/cases/a%00b/events', undefined, '/id', 'params'],
      ['GET', '/api/v1/stats/cells?parent=%00', undefined, '/parent', 'querystring'],
      [
        'POST',
        '/api/v1/cases',
        {
          category: 'C0104',
          description: 'Dark \u0000 street',
          lat: point.lat,
          lon: point.lon,
          attributes: { lamp_state: 'off' },
        },
        '/description',
        'body',
      ],
    ] as const) {
      const response = await t.app.inject({ method, url, payload, headers: { cookie } });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
      expect(problemOf(response).errors).toEqual([
        { field, message: 'must not contain a NUL character', in: where },
      ]);
    }
    const listed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cases?limit=10',
      headers: { cookie },
    });
    expect(listed.json().items).toEqual([]);
  });

  it('is found at any depth of a body, and a deeply nested body without one is no 500', async () => {
    // A nesting 5,000 deep overflowed the stack of the recursive search: 500 on any route
    // that reached its hook without a body schema (found by the API fuzzer, FUZZ_SEED=7).
    const headers = { cookie, 'content-type': 'application/json' };
    const deep = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/areas',
      headers,
      payload: '['.repeat(10_000) + ']'.repeat(10_000),
    });
    expect(deep.statusCode, deep.body).toBe(404);
    expect(problemOf(deep).code).toBe('not-found');
    const nul = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/areas',
      headers,
      payload: '['.repeat(10_000) + '{"a":"\\u0000"}' + ']'.repeat(10_000),
    });
    expect(nul.statusCode, nul.body).toBe(400);
    expect(problemOf(nul).errors).toEqual([
      {
        field: `${'/0'.repeat(10_000)}/a`,
        message: 'must not contain a NUL character',
        in: 'body',
      },
    ]);
  });

  it('under /open311/v2 it is an Open311 error', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/open311/v2/requests.json?service_code=%00',
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toEqual([{ code: 400, description: expect.stringContaining('NUL') }]);
  });
});
