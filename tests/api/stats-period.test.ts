/**
 * The period of the indicators (`from`, `to`) is checked before it is used: a `to` that is
 * shaped like a date but is none (month 95) was turned into the default `from` first, and
 * the invalid date made the summary and the trend answer 500 (found by the API fuzzer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problemOf, type TestApp } from '../support/app.ts';

describe('the period of the indicators', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { seed: 'demo' });
    cookie = await t.signIn('supervisor');
  });
  afterAll(() => t.close());

  for (const path of ['/api/v1/stats/summary', '/api/v1/stats/trend']) {
    it(`${path}: a "to" that is no date, without "from", is a 400 naming "to"`, async () => {
      for (const to of ['6347-95-94', '2026-13-01', '0000-00-00']) {
        const response = await t.app.inject({
          method: 'GET',
          url: `${path}?to=${to}`,
          headers: { cookie },
        });
        expect(response.statusCode, `to=${to}: ${response.body}`).toBe(400);
        const problem = problemOf(response);
        expect(problem.code).toBe('validation-failed');
        expect(problem.errors).toEqual([{ field: '/to', message: 'must be a date YYYY-MM-DD' }]);
      }
    });

    it(`${path}: a valid "to" alone still means the 30 days up to it`, async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: `${path}?to=2026-03-31`,
        headers: { cookie },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ from: '2026-03-02', to: '2026-03-31' });
    });
  }
});
