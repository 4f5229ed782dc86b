import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GRID_CODES, DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

const inCellA = DEMO_POINTS.find(
  (p) => p.expectedCode === DEMO_GRID_CODES.a,
) as (typeof DEMO_POINTS)[number];
const communityA = DEMO_GRID_CODES.a.split('-').slice(0, 3).join('-');
const communityB = DEMO_GRID_CODES.b.split('-').slice(0, 3).join('-');

describe.each(DIALECTS)('GET /api/v1/stats/cells on %s', (dialect) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: 'demo' });
    for (const login of ['supervisor', 'grid_worker_a', 'dispatcher'])
      cookies[login] = await t.signIn(login);
  });
  afterAll(() => t.close());

  async function cells(login: string | undefined, parent: string) {
    return t.app.inject({
      method: 'GET',
      url: `/api/v1/stats/cells?parent=${encodeURIComponent(parent)}`,
      headers: login ? { cookie: cookies[login] } : {},
    });
  }

  it('lists each child cell with open and overdue-open counts', async () => {
    const before = (await cells('supervisor', communityA)).json();
    const cellBefore = before.cells.find(
      (c: { area: { code: string } }) => c.area.code === DEMO_GRID_CODES.a,
    );
    expect(cellBefore).toBeDefined();
    const reported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: {
        category: 'C0104',
        description: 'The street light at the corner has been off for three nights.',
        lat: inCellA.lat,
        lon: inCellA.lon,
        address: 'Corner of Liu’an Road',
        attributes: { lamp_state: 'off' },
      },
    });
    expect(reported.statusCode).toBe(201);

    const response = await cells('supervisor', communityA);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.parent.code).toBe(communityA);
    expect(body.cells.length).toBeGreaterThan(1);
    for (const c of body.cells) {
      expect(c.area.level).toBe('grid');
      expect(c.area.code.startsWith(`${communityA}-`)).toBe(true);
      expect(c.overdueOpen).toBeGreaterThanOrEqual(0);
    }
    const codes = body.cells.map((c: { area: { code: string } }) => c.area.code);
    expect(codes).toEqual([...codes].sort());
    const cell = body.cells.find(
      (c: { area: { code: string } }) => c.area.code === DEMO_GRID_CODES.a,
    );
    expect(cell.open).toBe(cellBefore.open + 1);

    // By id as well as by code.
    const byId = await cells('supervisor', body.parent.id);
    expect(byId.json().cells).toEqual(body.cells);
  });

  it('answers 404 outside the caller’s scope, 401 without a session', async () => {
    const outside = await cells('grid_worker_a', communityB);
    expect(outside.statusCode).toBe(404);
    expect(outside.headers['content-type']).toContain('application/problem+json');
    const own = await cells('grid_worker_a', DEMO_GRID_CODES.a);
    expect(own.statusCode).toBe(200);
    expect(own.json().cells).toEqual([]);
    expect((await cells('supervisor', 'no-such-area')).statusCode).toBe(404);
    expect((await cells(undefined, communityA)).statusCode).toBe(401);
  });
});
