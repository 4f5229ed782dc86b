import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../server/domain/errors.ts';
import { DEMO_GRID_CODES, DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { createImportCases, type ImportSource } from '../../server/services/import-cases.ts';
import { createCaseImportStore } from '../../server/storage/stores/case-import-store.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

const EXAMPLE = readFileSync('docs/examples/import-cases.csv', 'utf8');
const HEADER = 'external_id,category,description,lat,lon,reported_at,status,closed_at,answer';
const cellA = DEMO_POINTS.find((p) => p.expectedCode === DEMO_GRID_CODES.a) as {
  lat: number;
  lon: number;
};

function source(text: string, name = 'cases.csv'): ImportSource {
  return { name, size: Buffer.byteLength(text), open: () => Readable.from([text]) };
}

/** `n` closed rows in cell A, ids `prefix-0` …. */
function closedRows(n: number, prefix = 'r'): string {
  const lines = [HEADER];
  for (let k = 0; k < n; k++)
    lines.push(
      `${prefix}-${k},C0104,Lamp ${k} out,${cellA.lat},${cellA.lon},2025-10-0${1 + (k % 9)}T09:00:00+08:00,closed,2025-10-1${k % 10}T09:00:00+08:00,Replaced.`,
    );
  return `${lines.join('\n')}\n`;
}

describe.each(DIALECTS)('import-cases on %s', (dialect) => {
  let t: TestApp;
  let cookie: string;
  beforeEach(async () => {
    t = await createTestApp(dialect, { seed: 'demo' });
    cookie = await t.signIn('supervisor');
  });
  afterEach(async () => {
    await t.close();
  });

  async function count(table: 'cases' | 'case_imports' | 'case_events' | 'audit_log') {
    const row = (
      await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
        t.test.db.kysely,
      )
    ).rows[0];
    return Number(row?.n ?? 0);
  }

  async function summary() {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/stats/summary?from=2024-01-01',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  }

  async function departments() {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/stats/departments?from=2024-01-01',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    type Row = {
      department: { id: string; code: string | null };
      assigned: number;
      closed: number;
      closureRate: { numerator: number; denominator: number };
      satisfactionRate: { numerator: number; denominator: number };
    };
    return new Map(
      (response.json().departments as Row[]).map((d) => [d.department.code ?? d.department.id, d]),
    );
  }

  it('counts imported cases for the departments that had them', async () => {
    const before = await departments();
    await t.services.importCases(source(EXAMPLE, 'import-cases.csv'));
    const after = await departments();
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cases?limit=50',
      headers: { cookie },
    });
    const byStatus = new Map(
      (list.json().items as { status: string; department: { code?: string } | null }[]).map((c) => [
        c.status,
        c.department?.code ?? null,
      ]),
    );
    const change = (code: string | null | undefined, field: 'assigned' | 'closed') =>
      (after.get(code ?? '')?.[field] ?? 0) - (before.get(code ?? '')?.[field] ?? 0);
    // The dispatched case: assigned to drainage; the closed one: assigned and closed, and
    // counted due for closure and rated by its department.
    expect(change('drainage', 'assigned')).toBe(1);
    const closedBy = byStatus.get('closed');
    expect(closedBy).toBeTruthy();
    expect(change(closedBy, 'assigned')).toBe(closedBy === 'drainage' ? 2 : 1);
    expect(change(closedBy, 'closed')).toBe(1);
    const rate = (m: typeof after, code: string | null | undefined) =>
      m.get(code ?? '')?.closureRate.denominator ?? 0;
    expect(rate(after, closedBy) - rate(before, closedBy)).toBe(1);
    const satisfied = (m: typeof after, code: string | null | undefined) =>
      m.get(code ?? '')?.satisfactionRate.numerator ?? 0;
    expect(satisfied(after, closedBy) - satisfied(before, closedBy)).toBe(1);
    // The submitted and rejected ones were never dispatched: nobody was assigned them.
    const assignedTotal = (m: typeof after) =>
      [...m.values()].reduce((sum, d) => sum + d.assigned, 0);
    expect(assignedTotal(after) - assignedTotal(before)).toBe(2);
  });

  it('imports the example file into cases, timeline, counters, gauges and audit, once', async () => {
    const before = await summary();
    const result = await t.services.importCases(source(EXAMPLE, 'import-cases.csv'));
    expect(result).toEqual({
      rows: 4,
      imported: 4,
      alreadyImported: 0,
      changedSinceImport: 0,
      dryRun: false,
    });

    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cases?limit=50',
      headers: { cookie },
    });
    const cases = list.json().items as {
      id: string;
      status: string;
      channel: string;
      category: string;
      area: { id: string; code?: string };
      department: { id: string; code?: string } | null;
      deadlines: Record<string, { due: string }>;
      trackingCode: string;
    }[];
    expect(cases.map((c) => c.status).sort()).toEqual([
      'closed',
      'dispatched',
      'rejected',
      'submitted',
    ]);
    const dispatched = cases.find((c) => c.status === 'dispatched');
    expect(dispatched?.channel).toBe('field');
    expect(dispatched?.deadlines.handle?.due).toBeDefined();
    const drainage = (await t.services.stores.org.listDepartments()).find(
      (d) => d.code === 'drainage',
    );
    expect(dispatched?.department?.id).toBe(drainage?.id);
    const closed = cases.find((c) => c.status === 'closed');
    expect(closed?.department?.id).toBeDefined();

    const events = await t.services.stores.cases.listEvents(closed?.id ?? '');
    expect(events).toMatchObject([
      { action: 'import', toStatus: 'closed', note: 'The lamp was replaced on 5 November.' },
    ]);
    const tracked = await t.app.inject(`/api/v1/track/${closed?.trackingCode}`);
    expect(tracked.statusCode).toBe(200);

    const after = await summary();
    expect(after.reported - before.reported).toBe(4);
    expect(after.closed - before.closed).toBe(1);
    expect(after.rejected - before.rejected).toBe(1);
    expect(after.open - before.open).toBe(2);
    expect(after.byCategory.C0104).toBe((before.byCategory.C0104 ?? 0) + 1);
    expect(after.satisfactionRate.numerator - before.satisfactionRate.numerator).toBe(1);
    const audit = await t.services.stores.audit.list({ subjectType: 'case', limit: 10 });
    expect(audit.filter((a) => a.action === 'case.import')).toHaveLength(4);
    expect((await t.services.verifyAudit()).ok).toBe(true);

    const again = await t.services.importCases(source(EXAMPLE, 'import-cases.csv'));
    expect(again).toMatchObject({ rows: 4, imported: 0, alreadyImported: 4 });
    const changed = EXAMPLE.replace('Street light out', 'Street light still out');
    expect(await t.services.importCases(source(changed))).toMatchObject({
      imported: 0,
      alreadyImported: 4,
      changedSinceImport: 1,
    });
    expect(await count('cases')).toBe(4);
    expect((await summary()).reported - before.reported).toBe(4);
  });

  it('writes nothing from a file with a bad row, and names each bad line', async () => {
    const text = [
      HEADER,
      `ok-1,C0104,Lamp out,${cellA.lat},${cellA.lon},2025-10-01T09:00:00+08:00,,,`,
      `bad-1,C01,Lamp out,${cellA.lat},${cellA.lon},2025-10-01T09:00:00+08:00,,,`,
      `bad-2,C0104,Lamp out,10,10,2025-10-01T09:00:00+08:00,,,`,
      `ok-1,C0104,Lamp out,${cellA.lat},${cellA.lon},2025-10-01T09:00:00+08:00,,,`,
      `bad-3,C0104,"Lamp`,
      'out",1,2',
    ].join('\n');
    const error = await t.services.importCases(source(text)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe(
      '4 of 5 rows of cases.csv have problems; nothing was imported.',
    );
    expect((error as ValidationError).fields).toEqual([
      { field: 'line 3', message: 'category: "C01" is a group: choose one of its categories' },
      {
        field: 'line 4',
        message: 'lat/lon: the point lies outside every area civicgrid serves',
      },
      { field: 'line 5', message: 'external_id: "ok-1" is also on line 2' },
      { field: 'line 7', message: 'has 5 fields; the header row has 9' },
    ]);
    expect(await count('cases')).toBe(0);
    expect(await count('case_imports')).toBe(0);
    expect(await count('audit_log')).toBe(0);
  });

  it('refuses a file that is not CSV, and a dry run writes nothing', async () => {
    const broken = `${HEADER}\nx,C0104,"never closed,1,2,2025-10-01T09:00:00+08:00,,,\n`;
    await expect(t.services.importCases(source(broken))).rejects.toThrow(
      'cases.csv is not a valid CSV file; nothing was imported.',
    );
    const dry = await t.services.importCases(source(closedRows(3)), { dryRun: true });
    expect(dry).toMatchObject({ rows: 3, imported: 3, dryRun: true });
    expect(await count('cases')).toBe(0);
  });

  it('writes in batches with the same counters as one batch, and finishes a cut import', async () => {
    const before = await summary();
    const store = createCaseImportStore(t.test.db);
    let batches = 0;
    let failAt = 3;
    const importInBatches = createImportCases({
      store: {
        begin: () => store.begin(),
        findImported: (ids) => store.findImported(ids),
        writeBatch: async (batch) => {
          if (++batches === failAt) throw new Error('the disk is full');
          await store.writeBatch(batch);
        },
      },
      locator: t.services.locator,
      reference: t.services.reference,
      clock: t.services.clock,
      ids: t.services.ids,
      batchSize: 4,
    });
    const progress: string[] = [];
    await expect(
      importInBatches(source(closedRows(13)), {
        onProgress: (p) => progress.push(`${p.phase} ${p.rows}/${p.totalRows ?? '?'}`),
      }),
    ).rejects.toThrow('the disk is full');
    // Two batches of four were committed before the failure; nothing of the third.
    expect(await count('cases')).toBe(8);
    expect(progress).toEqual(['check 13/13', 'write 4/13', 'write 8/13']);
    failAt = 0;
    const finished = await importInBatches(source(closedRows(13)));
    expect(finished).toMatchObject({ rows: 13, imported: 5, alreadyImported: 8 });
    expect(await count('cases')).toBe(13);
    expect(await count('case_events')).toBe(13);
    const after = await summary();
    expect(after.reported - before.reported).toBe(13);
    expect(after.closed - before.closed).toBe(13);
    expect(after.closureRate.denominator - before.closureRate.denominator).toBe(13);
    expect((await t.services.verifyAudit()).ok).toBe(true);
  });
});
