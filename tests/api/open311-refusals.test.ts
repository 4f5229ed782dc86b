/**
 * An Open311 POST that is refused reports nothing: every field is checked before the case
 * is written. `account_id` was checked only while the answer was built, after the report
 * was stored, so a 201-character account_id got a 400 and left a case behind (found by the
 * API fuzzer).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { DEMO_API_KEY } from '../../server/services/seed-demo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

describe('refused Open311 service requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { seed: 'demo' });
  });
  afterAll(() => t.close());

  async function counts() {
    const { rows } = await sql<{ cases: number; audit: number }>`
      select (select count(*) from cases) as cases, (select count(*) from audit_log) as audit
    `.execute(t.test.db.kysely);
    return rows[0];
  }

  const point = DEMO_POINTS[0] as (typeof DEMO_POINTS)[number];
  const form = (accountId: string) =>
    new URLSearchParams({
      api_key: DEMO_API_KEY,
      service_code: 'C0104',
      lat: String(point.lat),
      long: String(point.lon),
      description: 'The street light is off.',
      'attribute[lamp_state]': 'off',
      account_id: accountId,
    }).toString();

  it('an account_id over 200 characters is a 400 that stores no case', async () => {
    const before = await counts();
    const response = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form('a'.repeat(201)),
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toEqual([
      { code: 400, description: 'account_id: is longer than 200 characters.' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('an account_id of 200 characters is reported and echoed', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form('a'.repeat(200)),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()[0].account_id).toBe('a'.repeat(200));
  });
});
