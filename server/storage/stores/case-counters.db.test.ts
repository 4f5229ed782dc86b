import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { areaKey } from '../../domain/cases/counter-keys.ts';
import { createCaseStore, type CaseStore } from './case-store.ts';
import { createTestDb, DIALECTS, type TestDb } from '../../../tests/support/databases.ts';

const ids = { next: () => uuidv7() };

/** A deterministic shuffle, so each writer touches the shared rows in its own order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe.each(DIALECTS)('shared counter rows on %s', (dialect) => {
  let test: TestDb;
  let cases: CaseStore;

  beforeEach(async () => {
    test = await createTestDb(dialect);
    cases = createCaseStore(test.db, ids);
  });
  afterEach(async () => {
    await test.db.close();
    if (dialect === 'postgres') await new Promise((resolve) => setTimeout(resolve, 100));
    await test.drop();
  });

  it('concurrent changes naming the same counters and gauges in different orders never deadlock', async () => {
    const metrics = Array.from({ length: 120 }, (_, k) => `m${k}`);
    const areas = ['city', 'district', 'street'];
    const writers = 8;
    const outcomes = await Promise.allSettled(
      Array.from({ length: writers }, (_, w) =>
        test.db.kysely.transaction().execute(async (trx) => {
          const order = shuffled(metrics, w + 1);
          await cases.addCounters(
            trx,
            shuffled(areas, w + 7),
            '2026-11-29',
            order.map((metric) => ({ metric, n: 1 })),
          );
          await cases.applyGauges(
            trx,
            order.flatMap((metric) => areas.map((areaId) => ({ areaId, metric, n: 1 }))),
          );
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const counters = await test.db.kysely
      .selectFrom('case_counters')
      .select(['area_key', 'metric_key', 'n'])
      .where('period', '=', 20261129)
      .execute();
    expect(counters).toHaveLength(areas.length * metrics.length);
    expect(counters.every((c) => Number(c.n) === writers)).toBe(true);
    const gauges = await test.db.kysely.selectFrom('case_gauges').select('n').execute();
    expect(gauges).toHaveLength(areas.length * metrics.length);
    expect(gauges.every((g) => Number(g.n) === writers)).toBe(true);
  });
});

// Lock order between two servers' groups: a PostgreSQL matter (SQLite has one writer).
describe('shared counter rows on postgres, two groups at once', () => {
  let test: TestDb;
  let cases: CaseStore;

  beforeEach(async () => {
    test = await createTestDb('postgres');
    cases = createCaseStore(test.db, ids);
  });
  afterEach(async () => {
    await test.db.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await test.drop();
  });

  it('a transaction that waits for the shared rows holds none of the rows it would take after them', async () => {
    // Area ids are time-ordered (city first); their counter keys are hashes, in another
    // order. Pick a street whose key sorts before the city's and the district's, as a
    // lock order by key would take it first.
    const [city, district] = [uuidv7(), uuidv7()];
    let street = uuidv7();
    while (areaKey(street) > Math.min(areaKey(city), areaKey(district))) street = uuidv7();
    const [other, cellA, cellB, cellC] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    const day = '2026-11-29';
    const one = [{ metric: 'reported', n: 1 }];
    // The metric's name is stored (and known) beforehand, as on a running server.
    await test.db.kysely
      .transaction()
      .execute((trx) => cases.addCounters(trx, [uuidv7()], day, one));
    await new Promise((resolve) => setTimeout(resolve, 100));
    let releaseA: () => void = () => undefined;
    const aMayGoOn = new Promise<void>((resolve) => (releaseA = resolve));
    // A: a first change in another street, then (after B has started) one in B's street.
    const a = test.db.kysely.transaction().execute(async (trx) => {
      await cases.addCounters(trx, [city, district, other, cellA], day, one);
      await aMayGoOn;
      await cases.addCounters(trx, [city, district, street, cellB], day, one);
    });
    // B: a change in `street`, which must wait for A's city row before taking `street`.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const b = test.db.kysely.transaction().execute(async (trx) => {
      await cases.addCounters(trx, [city, district, street, cellC], day, one);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    releaseA();
    const outcomes = await Promise.allSettled([a, b]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual([
      'ok',
      'ok',
    ]);
    const [row] = await test.db.kysely
      .selectFrom('case_counters')
      .select('n')
      .where('area_key', '=', areaKey(city))
      .where('period', '=', 20261129)
      .execute();
    expect(Number(row?.n)).toBe(3);
  });
});
