import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocked } from '../../server/jobs/job.ts';
import { createTestApp, problemOf, type TestApp } from '../support/app.ts';

describe('system endpoints and errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { seed: 'demo' });
  });
  afterAll(() => t.close());

  it('answers health, readiness and metrics', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = (await t.app.inject('/readyz')).json();
    expect(ready.status).toBe('ready');
    expect(ready.indexedPolygons).toBeGreaterThan(12);
    await t.app.inject('/api/v1/categories');
    const metrics = await t.app.inject('/metrics');
    expect(metrics.headers['content-type']).toMatch(/text\/plain/);
    expect(metrics.body).toMatch(
      /civicgrid_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/categories",status_code="200"\} 1/,
    );
    expect(metrics.body).toMatch(/civicgrid_process_resident_memory_bytes/);
  });

  it('reports when each background job last succeeded, from the job-run log', async () => {
    const before = await t.app.inject('/metrics');
    expect(before.body).not.toMatch(/civicgrid_job_last_success_timestamp_seconds\{/);
    const start = Date.now() / 1000;
    expect(await runLocked(t.services.db, t.services.sweeper, 'metrics-test')).not.toBeNull();
    const after = await t.app.inject('/metrics');
    const line = after.body.match(
      /civicgrid_job_last_success_timestamp_seconds\{job="deadline-sweeper"\} ([0-9.e+]+)/,
    );
    expect(line).not.toBeNull();
    expect(Number(line?.[1])).toBeGreaterThanOrEqual(Math.floor(start));
  });

  it('serves the OpenAPI document and the interactive API page', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.0.3');
    for (const path of [
      '/api/v1/session',
      '/api/v1/areas/locate',
      '/api/v1/areas/{id}',
      '/api/v1/categories',
      '/api/v1/tokens',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.components.schemas.Problem).toBeDefined();
    const page = await t.app.inject('/api/v1/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/swagger/i);
  });

  it('serves the web app at / (built or not), naming the product in both languages', async () => {
    const home = await t.app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toMatch(/text\/html/);
    expect(home.body).toMatch(/网格/);
    expect(home.body).toMatch(/grid/);
  });

  it('answers unknown routes, malformed JSON, wrong media types and oversize bodies with problem+json', async () => {
    const unknown = await t.app.inject('/api/v1/nothing-here');
    expect(unknown.statusCode).toBe(404);
    expect(problemOf(unknown).type).toBe('/problems/not-found');

    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"login": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(problemOf(malformed).code).toBe('malformed-body');

    const media = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/xml' },
      payload: '<x/>',
    });
    expect(media.statusCode).toBe(415);
    expect(problemOf(media).code).toBe('unsupported-media-type');

    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ login: 'x'.repeat(2 * 1024 * 1024), password: 'y' }),
    });
    expect(huge.statusCode).toBe(413);
    expect(problemOf(huge).code).toBe('body-too-large');

    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { login: 5, password: [] },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(problemOf(wrongType).code).toBe('validation-failed');
  });

  it('explains each problem type at its URI', async () => {
    const help = (await t.app.inject('/problems/stale-version')).json();
    expect(help.status).toBe(409);
    expect(help.description).toMatch(/version/);
    expect((await t.app.inject('/problems/nonsense')).statusCode).toBe(404);
  });

  it('limits sign-in attempts', async () => {
    let last = 0;
    for (let i = 0; i < 12; i++) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        remoteAddress: '10.9.9.9',
        payload: { login: 'admin', password: 'wrong-password' },
      });
      last = response.statusCode;
    }
    expect(last).toBe(429);
  });
});
