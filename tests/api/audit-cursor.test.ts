/**
 * A `before` cursor of the audit log larger than any sequence number lists from the newest
 * entry, on both dialects. The sequence is a 32-bit integer column: PostgreSQL refused the
 * larger number in the comparison and answered 500 (found by the API fuzzer with
 * FUZZ_DIALECT=postgres).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

describe.each(DIALECTS)('the audit log cursor on %s', (dialect) => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: 'demo' });
    cookie = await t.signIn('auditor');
  });
  afterAll(() => t.close());

  it('a cursor beyond every sequence number lists from the newest entry', async () => {
    const newest = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit/log?limit=5',
      headers: { cookie },
    });
    expect(newest.statusCode).toBe(200);
    for (const before of ['2147483648', '72059453418', '999999999999999']) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/audit/log?limit=5&before=${before}`,
        headers: { cookie },
      });
      expect(response.statusCode, `before=${before}: ${response.body}`).toBe(200);
      expect(response.json().items).toEqual(newest.json().items);
    }
  });
});
