import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { parseAreaFile } from '../../domain/areas/area-file.ts';
import { chainHash, GENESIS_HASH } from '../../domain/audit/hash-chain.ts';
import { createVerifyAudit } from '../../services/verify-audit.ts';
import { createAreaStore, pathText } from './area-store.ts';
import {
  createAuditStore,
  sha256Hex,
  type AuditEntryInput,
  type AuditStore,
} from './audit-store.ts';
import { createOrgStore } from './org-store.ts';
import { buildAreaFile } from '../../../tests/factories/areas.ts';
import { createTestDb, DIALECTS, type TestDb } from '../../../tests/support/databases.ts';

const ids = { next: () => uuidv7() };
const now = new Date('2026-11-29T08:00:00Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

function entry(n: number, overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    at: minutes(n),
    actorId: 'user-1',
    actorLogin: 'dispatcher',
    action: 'case.dispatch',
    subjectType: 'case',
    subjectId: `case-${n % 3}`,
    details: { n, to: 'dispatched' },
    ...overrides,
  };
}

describe.each(DIALECTS)('audit store on %s', (dialect) => {
  let test: TestDb;
  let audit: AuditStore;

  beforeEach(async () => {
    test = await createTestDb(dialect);
    audit = createAuditStore(test.db);
  });
  afterEach(async () => {
    // The concurrency test leaves up to ten idle pooled connections; `pool.end()` resolves
    // before they have closed, and the forced DROP DATABASE would then kill them, which
    // pg-pool re-emits as an unhandled pool 'error'. Let them close first.
    await test.db.close();
    if (dialect === 'postgres') await new Promise((resolve) => setTimeout(resolve, 100));
    await test.drop();
  });

  it('starts at the genesis', async () => {
    expect(await audit.readHead()).toEqual({ seq: 0, hash: GENESIS_HASH });
    expect(await audit.readBatch(0, 10)).toEqual([]);
  });

  it('appends a chain of entries and moves the head', async () => {
    const links = [];
    for (let n = 1; n <= 5; n++) {
      links.push(await test.db.kysely.transaction().execute((trx) => audit.append(trx, entry(n))));
    }
    expect(links.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5]);
    const rows = await audit.readBatch(0, 100);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    let prevHash = GENESIS_HASH;
    for (const row of rows) {
      expect(row.prevHash).toBe(prevHash);
      const { prevHash: _p, hash, ...fields } = row;
      expect(hash).toBe(chainHash(prevHash, fields, sha256Hex));
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      prevHash = hash;
    }
    expect(rows[0]).toMatchObject({
      seq: 1,
      at: minutes(1).toISOString(),
      actorId: 'user-1',
      actorLogin: 'dispatcher',
      action: 'case.dispatch',
      subjectType: 'case',
      subjectId: 'case-1',
      details: { n: 1, to: 'dispatched' },
    });
    // The format is frozen: sha256 hex of prev hash, newline, canonical JSON of the entry.
    const canonical =
      '{"action":"case.dispatch","actorId":"user-1","actorLogin":"dispatcher",' +
      '"at":"2026-11-29T08:01:00.000Z","details":{"n":1,"to":"dispatched"},"seq":1,' +
      '"subjectId":"case-1","subjectType":"case"}';
    expect(rows[0]?.hash).toBe(
      createHash('sha256').update(`${GENESIS_HASH}\n${canonical}`).digest('hex'),
    );
    expect(await audit.readHead()).toEqual(links[4]);
    expect((await audit.readBatch(3, 1)).map((r) => r.seq)).toEqual([4]);
  });

  it('stores details as canonical JSON', async () => {
    await audit.append(
      test.db.kysely,
      entry(1, { details: { z: [1, { b: 2, a: 1 }], when: minutes(2), gone: undefined } }),
    );
    const stored = await test.db.kysely
      .selectFrom('audit_log')
      .select('details')
      .executeTakeFirstOrThrow();
    expect(stored.details).toBe('{"when":"2026-11-29T08:02:00.000Z","z":[1,{"a":1,"b":2}]}');
    expect((await createVerifyAudit({ audit })()).ok).toBe(true);
  });

  it('keeps no entry, and no head move, when the transaction rolls back', async () => {
    await audit.append(test.db.kysely, entry(1));
    const head = await audit.readHead();
    await expect(
      test.db.kysely.transaction().execute(async (trx) => {
        await trx
          .insertInto('job_locks')
          .values({ name: 'the-change', holder: 'x', expires_at: now.toISOString() })
          .execute();
        await audit.append(trx, entry(2));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await audit.readHead()).toEqual(head);
    expect(await test.db.kysely.selectFrom('job_locks').selectAll().execute()).toEqual([]);
    expect((await audit.append(test.db.kysely, entry(3))).seq).toBe(2);
    expect(await createVerifyAudit({ audit })()).toEqual({ ok: true, checked: 2 });
  });

  it('commits the change and its entry together', async () => {
    await test.db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('job_locks')
        .values({ name: 'the-change', holder: 'x', expires_at: now.toISOString() })
        .execute();
      await audit.append(trx, entry(1, { subjectType: 'job_lock', subjectId: 'the-change' }));
    });
    expect(await test.db.kysely.selectFrom('job_locks').select('name').execute()).toEqual([
      { name: 'the-change' },
    ]);
    expect(
      await audit.list({ subjectType: 'job_lock', subjectId: 'the-change', limit: 5 }),
    ).toHaveLength(1);
  });

  it('makes one unbroken chain from many concurrent transactions', async () => {
    const transactions = 30;
    const results = await Promise.all(
      Array.from({ length: transactions }, (_, i) =>
        test.db.kysely.transaction().execute(async (trx) => {
          const first = await audit.append(trx, entry(i, { subjectId: `tx-${i}` }));
          // Give other transactions time to queue on the head between two appends.
          await new Promise((resolve) => setTimeout(resolve, 2));
          const second = await audit.append(trx, entry(i, { subjectId: `tx-${i}` }));
          return [first.seq, second.seq];
        }),
      ),
    );
    const seqs = results.flat().sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: transactions * 2 }, (_, i) => i + 1));
    // A transaction holds the head until it commits, so its two entries are adjacent.
    for (const [a, b] of results) expect(b).toBe((a as number) + 1);
    expect(await createVerifyAudit({ audit })({ batch: 7 })).toEqual({
      ok: true,
      checked: transactions * 2,
    });
    expect((await audit.readHead())?.seq).toBe(transactions * 2);
  });

  it('lists newest first, by subject, with a seq cursor', async () => {
    for (let n = 1; n <= 9; n++) await audit.append(test.db.kysely, entry(n));
    const all = await audit.list({ limit: 4 });
    expect(all.map((r) => r.seq)).toEqual([9, 8, 7, 6]);
    const older = await audit.list({ beforeSeq: 6, limit: 4 });
    expect(older.map((r) => r.seq)).toEqual([5, 4, 3, 2]);
    const ofCase = await audit.list({ subjectType: 'case', subjectId: 'case-1', limit: 10 });
    expect(ofCase.map((r) => r.seq)).toEqual([7, 4, 1]);
    expect(await audit.list({ subjectType: 'user', limit: 10 })).toEqual([]);
    expect(
      (await audit.list({ subjectId: 'case-2', beforeSeq: 8, limit: 10 })).map((r) => r.seq),
    ).toEqual([5, 2]);
  });

  describe('data-access log', () => {
    let casesIn: { cell1: string; cell2: string; other: string };
    let paths: { district: string[]; community1: string[]; community2: string[] };

    beforeEach(async () => {
      const areas = createAreaStore(test.db, ids);
      await areas.upsertDrafts(parseAreaFile(buildAreaFile(), [], 2), now);
      const area = async (code: string) => {
        const found = await areas.findByCode(code);
        if (!found) throw new Error(`no area ${code}`);
        return found;
      };
      const categoryId = ids.next();
      await createOrgStore(test.db).insertCategories([
        {
          id: categoryId,
          code: 'road',
          parent_id: null,
          kind: 'facility',
          name_zh: '道路',
          name_en: 'Road',
          notice_zh: null,
          notice_en: null,
          default_priority: 'normal',
          default_department_id: null,
          attributes: '[]',
          duplicate_radius_m: 30,
          sort_order: 1,
          created_at: now.toISOString(),
        },
      ]);
      const insertCase = async (code: string) => {
        const owner = await area(code);
        const id = ids.next();
        await test.db.kysely
          .insertInto('cases')
          .values({
            id,
            tracking_code: `T-${id}`,
            category_id: categoryId,
            title: 'Broken lamp',
            description: 'The lamp is out.',
            address: null,
            lat: 0.5,
            lon: 0.5,
            area_id: owner.id,
            area_path: pathText(owner.path),
            located_area_id: owner.id,
            priority: 'normal',
            channel: 'web',
            status: 'submitted',
            suspended_from: null,
            department_id: null,
            handler_id: null,
            responsible_lead: null,
            reporter_user_id: null,
            reporter_name: 'Wang Fang',
            reporter_phone: '13800000000',
            reporter_email: null,
            reporter_consent: 1,
            attributes: '{}',
            duplicate_of: null,
            satisfaction: null,
            answer: null,
            rework_count: 0,
            supervised: 0,
            escalations: 0,
            stage: 'register',
            stage_due_at: null,
            stage_overdue: 0,
            due_counted: 0,
            deadlines: '{}',
            suspended_at: null,
            version: 1,
            created_at: now.toISOString(),
            updated_at: now.toISOString(),
            closed_at: null,
          })
          .execute();
        return id;
      };
      casesIn = {
        cell1: await insertCase('990102-001-001-01'),
        cell2: await insertCase('990102-001-001-02'),
        other: await insertCase('990102-001-002-01'),
      };
      paths = {
        district: (await area('990102')).path,
        community1: (await area('990102-001-001')).path,
        community2: (await area('990102-001-002')).path,
      };
    });

    async function read(caseId: string, actor: string, n: number) {
      return audit.recordDataAccess(test.db.kysely, {
        at: minutes(n),
        actorId: actor,
        actorLogin: `login-${actor}`,
        caseId,
        fields: ['reporter.name', 'reporter.phone'],
        route: 'GET /api/v1/cases/:id',
      });
    }

    it('records reads and lists them newest first, within the area subtrees', async () => {
      const r1 = await read(casesIn.cell1, 'u1', 1);
      const r2 = await read(casesIn.other, 'u1', 2);
      const r3 = await read(casesIn.cell2, 'u2', 3);
      expect(r1).toMatchObject({
        at: minutes(1).toISOString(),
        fields: ['reporter.name', 'reporter.phone'],
      });

      const everything = await audit.listDataAccess({ areaPaths: [paths.district], limit: 10 });
      expect(everything).toEqual([r3, r2, r1]);

      const community1 = await audit.listDataAccess({ areaPaths: [paths.community1], limit: 10 });
      expect(community1.map((r) => r.id)).toEqual([r3.id, r1.id]);
      const both = await audit.listDataAccess({
        areaPaths: [paths.community1, paths.community2],
        limit: 10,
      });
      expect(both).toHaveLength(3);
      expect(await audit.listDataAccess({ areaPaths: [], limit: 10 })).toEqual([]);
    });

    it('filters by case and actor, and pages with the id cursor', async () => {
      const reads = [];
      for (let n = 1; n <= 5; n++) reads.push(await read(casesIn.cell1, n % 2 ? 'u1' : 'u2', n));
      await read(casesIn.other, 'u1', 6);
      const scope = [paths.district];

      const ofCase = await audit.listDataAccess({
        caseId: casesIn.cell1,
        areaPaths: scope,
        limit: 10,
      });
      expect(ofCase).toHaveLength(5);
      const byU2 = await audit.listDataAccess({ actorId: 'u2', areaPaths: scope, limit: 10 });
      expect(byU2.map((r) => r.at)).toEqual([minutes(4).toISOString(), minutes(2).toISOString()]);

      const page1 = await audit.listDataAccess({
        caseId: casesIn.cell1,
        areaPaths: scope,
        limit: 2,
      });
      const last = page1[page1.length - 1];
      const page2 = await audit.listDataAccess({
        caseId: casesIn.cell1,
        areaPaths: scope,
        before: last?.id,
        limit: 10,
      });
      expect([...page1, ...page2].map((r) => r.id)).toEqual(reads.map((r) => r.id).reverse());
      const outside = await audit.listDataAccess({
        caseId: casesIn.other,
        areaPaths: [paths.community1],
        limit: 10,
      });
      expect(outside).toEqual([]);
    });

    it('records a read inside the reading transaction', async () => {
      await expect(
        test.db.kysely.transaction().execute(async (trx) => {
          await audit.recordDataAccess(trx, {
            at: now,
            actorId: 'u1',
            actorLogin: 'u1',
            caseId: casesIn.cell1,
            fields: ['reporter.phone'],
            route: 'GET /api/v1/cases/:id',
          });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await audit.listDataAccess({ areaPaths: [paths.district], limit: 10 })).toEqual([]);
    });
  });
});
