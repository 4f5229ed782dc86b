import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { parseAreaFile } from '../../domain/areas/area-file.ts';
import { createAreaStore } from './area-store.ts';
import { createAttachmentStore, type AttachmentDraft } from './attachment-store.ts';
import { createOrgStore } from './org-store.ts';
import { createUserStore } from './user-store.ts';
import { buildAreaFile } from '../../../tests/factories/areas.ts';
import { createTestDb, DIALECTS, type TestDb } from '../../../tests/support/databases.ts';

const ids = { next: () => uuidv7() };
const now = new Date('2026-11-29T08:00:00Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe.each(DIALECTS)('attachment store on %s', (dialect) => {
  let test: TestDb;
  let attachments: ReturnType<typeof createAttachmentStore>;
  let userId: string;
  let categoryId: string;
  let areaId: string;

  beforeEach(async () => {
    test = await createTestDb(dialect);
    const areas = createAreaStore(test.db, ids);
    await areas.upsertDrafts(parseAreaFile(buildAreaFile(), [], 2), now);
    areaId = (await areas.findByCode('990102'))?.id ?? '';
    categoryId = ids.next();
    await createOrgStore(test.db).insertCategories([
      {
        id: categoryId,
        code: 'litter',
        parent_id: null,
        kind: 'complaint',
        name_zh: '垃圾',
        name_en: 'Litter',
        notice_zh: null,
        notice_en: null,
        default_priority: 'normal',
        default_department_id: null,
        attributes: '[]',
        duplicate_radius_m: 50,
        sort_order: 0,
        created_at: now.toISOString(),
      },
    ]);
    userId = await createUserStore(test.db, ids).insertUser(
      { login: 'worker', displayName: 'Worker', email: null, passwordHash: 'x', grants: [] },
      now,
    );
    attachments = createAttachmentStore(test.db, ids);
  });
  afterEach(() => test.drop());

  /** A bare case row and one event of it, enough for the foreign keys. */
  async function addCaseWithEvent(
    trackingCode: string,
  ): Promise<{ caseId: string; eventId: string }> {
    const caseId = ids.next();
    const eventId = ids.next();
    const stamp = now.toISOString();
    await test.db.kysely
      .insertInto('cases')
      .values({
        id: caseId,
        tracking_code: trackingCode,
        category_id: categoryId,
        title: 'Litter',
        description: 'Bags on the pavement',
        address: null,
        lat: 39.95,
        lon: 116.35,
        area_id: areaId,
        area_path: `/${areaId}/`,
        located_area_id: areaId,
        priority: 'normal',
        channel: 'web',
        status: 'submitted',
        suspended_from: null,
        department_id: null,
        handler_id: null,
        responsible_lead: null,
        reporter_user_id: null,
        reporter_name: null,
        reporter_phone: null,
        reporter_email: null,
        reporter_consent: 0,
        attributes: '{}',
        duplicate_of: null,
        satisfaction: null,
        answer: null,
        rework_count: 0,
        supervised: 0,
        escalations: 0,
        stage: null,
        stage_due_at: null,
        stage_overdue: 0,
        due_counted: 0,
        deadlines: '{}',
        suspended_at: null,
        version: 1,
        created_at: stamp,
        updated_at: stamp,
        closed_at: null,
      })
      .execute();
    await test.db.kysely
      .insertInto('case_events')
      .values({
        id: eventId,
        case_id: caseId,
        kind: 'transition',
        action: 'submit',
        from_status: null,
        to_status: 'submitted',
        actor_id: null,
        actor_name: null,
        note: null,
        public: 1,
        details: '{}',
        created_at: stamp,
      })
      .execute();
    return { caseId, eventId };
  }

  const draft = (over: Partial<AttachmentDraft> = {}): AttachmentDraft => ({
    sha256: 'a'.repeat(64),
    mediaType: 'image/jpeg',
    size: 1234,
    fileName: 'photo.jpg',
    uploadedBy: null,
    ...over,
  });

  it('stores an unlinked upload and reads it back as a domain object', async () => {
    const stored = await attachments.insert(draft({ uploadedBy: userId }), now);
    expect(stored).toEqual({
      id: expect.any(String),
      sha256: 'a'.repeat(64),
      mediaType: 'image/jpeg',
      size: 1234,
      fileName: 'photo.jpg',
      caseId: null,
      eventId: null,
      uploadedBy: userId,
      createdAt: now.toISOString(),
    });
    expect(await attachments.findById(stored.id)).toEqual(stored);
    expect(await attachments.findById('missing')).toBeUndefined();
  });

  it('keeps anonymous uploads and uploads without a file name', async () => {
    const stored = await attachments.insert(draft({ fileName: null, uploadedBy: null }), now);
    const found = await attachments.findById(stored.id);
    expect(found?.uploadedBy).toBeNull();
    expect(found?.fileName).toBeNull();
    expect(typeof found?.size).toBe('number');
  });

  it('finds several by id, leaving out unknown ids and repeats', async () => {
    const a = await attachments.insert(draft(), now);
    const b = await attachments.insert(draft({ sha256: 'b'.repeat(64) }), later(1));
    const found = await attachments.findByIds([b.id, 'nope', a.id, b.id]);
    expect(found.map((x) => x.id)).toEqual([a.id, b.id].sort());
    expect(await attachments.findByIds([])).toEqual([]);
  });

  it('links only unlinked attachments, inside the caller transaction', async () => {
    const first = await addCaseWithEvent('C-0001');
    const second = await addCaseWithEvent('C-0002');
    const a = await attachments.insert(draft(), now);
    const b = await attachments.insert(draft(), later(1));
    const c = await attachments.insert(draft(), later(2));

    const linked = await test.db.kysely
      .transaction()
      .execute((trx) =>
        attachments.linkToCase(trx, [a.id, b.id, a.id], first.caseId, first.eventId),
      );
    expect(linked).toBe(2);

    // Already linked: never moved to another case.
    const again = await test.db.kysely
      .transaction()
      .execute((trx) =>
        attachments.linkToCase(trx, [a.id, c.id, 'unknown'], second.caseId, second.eventId),
      );
    expect(again).toBe(1);
    expect((await attachments.findById(a.id))?.caseId).toBe(first.caseId);
    expect((await attachments.findById(a.id))?.eventId).toBe(first.eventId);
    expect((await attachments.findById(c.id))?.caseId).toBe(second.caseId);

    expect((await attachments.listForCase(first.caseId)).map((x) => x.id)).toEqual([a.id, b.id]);
    expect((await attachments.listForCase(second.caseId)).map((x) => x.id)).toEqual([c.id]);
    expect(await attachments.listForCase('no-such-case')).toEqual([]);
    expect(
      await test.db.kysely
        .transaction()
        .execute((trx) => attachments.linkToCase(trx, [], first.caseId, first.eventId)),
    ).toBe(0);
  });

  it('rolls the link back with the transaction', async () => {
    const { caseId, eventId } = await addCaseWithEvent('C-0003');
    const a = await attachments.insert(draft(), now);
    await expect(
      test.db.kysely.transaction().execute(async (trx) => {
        expect(await attachments.linkToCase(trx, [a.id], caseId, eventId)).toBe(1);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await attachments.findById(a.id))?.caseId).toBeNull();
  });
});
