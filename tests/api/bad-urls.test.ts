/**
 * URLs the router cannot read — a broken percent-escape, or a path segment longer than
 * Fastify's parameter limit — are answered like every other refusal: problem+json under
 * /api (and elsewhere), Open311's own error list under /open311/v2. Fastify answered them
 * with its own JSON before its handlers ran (found by the API fuzzer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problemOf, type TestApp } from '../support/app.ts';

describe('URLs the router cannot read', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('a broken percent-escape in a path is a 400 problem', async () => {
    for (const url of ['/api/v1/cases/%ZZ', '/api/v1/areas/%E0%A4%A', '/api/v1/track/%/rating']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expect(problemOf(response)).toMatchObject({ status: 400, code: 'bad-request' });
    }
  });

  it('a path segment over the parameter limit is a 414 problem', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${'x'.repeat(3000)}/actions`,
      payload: {},
    });
    expect(response.statusCode).toBe(414);
    expect(problemOf(response)).toMatchObject({ status: 414, code: 'uri-too-long' });
  });

  it('under /open311/v2 they are Open311 errors, in the format the URL asks for', async () => {
    const json = await t.app.inject({ method: 'GET', url: '/open311/v2/requests/%ZZ.json' });
    expect(json.statusCode).toBe(400);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.json()).toEqual([{ code: 400, description: expect.any(String) }]);

    const xml = await t.app.inject({ method: 'GET', url: '/open311/v2/tokens/%FF%FE.xml' });
    expect(xml.statusCode).toBe(400);
    expect(xml.headers['content-type']).toMatch(/^text\/xml/);
    expect(xml.body).toContain('<errors>');
  });
});
