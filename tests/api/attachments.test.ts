import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAreaFile } from '../../server/domain/areas/area-file.ts';
import type { Actor } from '../../server/domain/org/scope.ts';
import {
  attachmentsRoutes,
  canReadAttachment,
} from '../../server/http/api-v1/attachments/attachments.routes.ts';
import { Problem } from '../../server/http/api-v1/common.schemas.ts';
import { auth, SESSION_COOKIE } from '../../server/http/plugins/auth.ts';
import { problemDetails } from '../../server/http/plugins/problem-details.ts';
import { createBlobStore } from '../../server/services/attachments/blob-store.ts';
import { createUploadAttachment } from '../../server/services/attachments/upload-attachment.ts';
import { createAuthenticate } from '../../server/services/authenticate.ts';
import type { Services } from '../../server/services/container.ts';
import { hashSecret, newSecret } from '../../server/services/secrets.ts';
import { systemClock } from '../../server/services/system.ts';
import {
  createAttachmentStore,
  type AttachmentStore,
} from '../../server/storage/stores/attachment-store.ts';
import { createAreaStore } from '../../server/storage/stores/area-store.ts';
import { createOrgStore } from '../../server/storage/stores/org-store.ts';
import { createUserStore, type UserStore } from '../../server/storage/stores/user-store.ts';
import { buildAreaFile } from '../factories/areas.ts';
import { problemOf } from '../support/app.ts';
import { createTestDb, DIALECTS, type TestDb } from '../support/databases.ts';

const MAX_BYTES = 256 * 1024;

/** A multipart/form-data body built by the platform's own encoder. */
async function multipartOf(
  parts: { field: string; bytes?: Uint8Array; fileName?: string; type?: string; text?: string }[],
) {
  const form = new FormData();
  for (const part of parts) {
    if (part.text !== undefined) form.append(part.field, part.text);
    else
      form.append(
        part.field,
        new Blob([part.bytes ?? new Uint8Array()], {
          type: part.type ?? 'application/octet-stream',
        }),
        part.fileName ?? 'upload.bin',
      );
  }
  const response = new Response(form);
  return {
    payload: Buffer.from(await response.arrayBuffer()),
    headers: { 'content-type': response.headers.get('content-type') ?? '' },
  };
}

async function phoneJpeg(): Promise<Buffer> {
  return sharp(randomBytes(64 * 48 * 3), { raw: { width: 64, height: 48, channels: 3 } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'SecretCam', Copyright: 'Alice Resident' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 57/1 0/1' },
    })
    .toBuffer();
}

/** Every file under the blob folder, as paths relative to it. */
function storedFiles(dataDir: string): string[] {
  const root = join(dataDir, 'attachments');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

describe('canReadAttachment', () => {
  const actor = {
    userId: 'u1',
    login: 'u1',
    displayName: 'U1',
    grants: [],
    via: 'session',
  } as Actor;
  const never = async () => false;
  const always = async () => true;

  it('lets only the signed-in uploader read an unlinked attachment', async () => {
    expect(await canReadAttachment(actor, { caseId: null, uploadedBy: 'u1' }, always)).toBe(true);
    expect(await canReadAttachment(actor, { caseId: null, uploadedBy: 'u2' }, always)).toBe(false);
    expect(await canReadAttachment(null, { caseId: null, uploadedBy: null }, always)).toBe(false);
    expect(await canReadAttachment(actor, { caseId: null, uploadedBy: null }, always)).toBe(false);
  });

  it('asks the case once linked, for uploader and others alike', async () => {
    const asked: string[] = [];
    const check = async (caseId: string) => {
      asked.push(caseId);
      return false;
    };
    expect(await canReadAttachment(actor, { caseId: 'c1', uploadedBy: 'u1' }, check)).toBe(false);
    expect(await canReadAttachment(null, { caseId: 'c1', uploadedBy: null }, always)).toBe(true);
    expect(await canReadAttachment(actor, { caseId: 'c1', uploadedBy: null }, never)).toBe(false);
    expect(asked).toEqual(['c1']);
  });
});

describe.each(DIALECTS)('attachments API on %s', (dialect) => {
  let test: TestDb;
  let users: UserStore;
  let attachments: AttachmentStore;
  let app: FastifyInstance;
  let dataDir: string;
  let aliceCookie: string;
  let bobCookie: string;
  /** Cases that `bob` may read, standing in for the case scope checks. */
  const bobCases = new Set<string>();

  beforeAll(async () => {
    test = await createTestDb(dialect);
    const ids = { next: () => uuidv7() };
    users = createUserStore(test.db, ids);
    attachments = createAttachmentStore(test.db, ids);
    dataDir = mkdtempSync(join(tmpdir(), 'civicgrid-blobs-'));
    const blobs = createBlobStore(dataDir);
    const now = new Date();
    const sessionOf = async (login: string) => {
      const userId = await users.insertUser(
        { login, displayName: login, email: null, passwordHash: 'unused', grants: [] },
        now,
      );
      const secret = newSecret();
      await users.insertSession(
        hashSecret(secret),
        userId,
        now,
        new Date(now.getTime() + 3_600_000),
      );
      return `${SESSION_COOKIE}=${secret}`;
    };
    aliceCookie = await sessionOf('alice');
    bobCookie = await sessionOf('bob');
    // The auth plugin needs only `authenticate` of the container.
    const authServices: Pick<Services, 'authenticate'> = {
      authenticate: createAuthenticate({ users, clock: systemClock }),
    };

    app = Fastify({
      logger: false,
      ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
    }).withTypeProvider<TypeBoxTypeProvider>();
    await app.register(problemDetails);
    app.addSchema(Problem);
    await app.register(cookie);
    await app.register(rateLimit, { global: false });
    await app.register(auth, { services: authServices as Services });
    await app.register(attachmentsRoutes, {
      prefix: '/api/v1',
      maxBytes: MAX_BYTES,
      services: {
        uploadAttachment: createUploadAttachment({
          attachments,
          blobs,
          clock: systemClock,
          maxBytes: MAX_BYTES,
        }),
        attachments,
        blobs,
        canReadCase: async (actor, caseId) => actor?.login === 'bob' && bobCases.has(caseId),
      },
    });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    await test.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function upload(parts: Parameters<typeof multipartOf>[0], session?: string) {
    const body = await multipartOf(parts);
    return app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      payload: body.payload,
      headers: { ...body.headers, ...(session ? { cookie: session } : {}) },
    });
  }

  const read = (id: string, session?: string) =>
    app.inject({
      method: 'GET',
      url: `/api/v1/attachments/${id}`,
      headers: session ? { cookie: session } : {},
    });

  /** A case row and its first event, so an attachment can be linked for real. */
  async function addCase(): Promise<{ caseId: string; eventId: string }> {
    const now = new Date().toISOString();
    const k = test.db.kysely;
    if (!(await k.selectFrom('areas').select('id').executeTakeFirst()))
      await createAreaStore(test.db, { next: () => uuidv7() }).upsertDrafts(
        parseAreaFile(buildAreaFile(), [], 2),
        new Date(),
      );
    const area = await k.selectFrom('areas').select('id').executeTakeFirstOrThrow();
    const categoryId = crypto.randomUUID();
    await createOrgStore(test.db).insertCategories([
      {
        id: categoryId,
        code: `c-${categoryId.slice(0, 8)}`,
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
        created_at: now,
      },
    ]);
    const caseId = crypto.randomUUID();
    const eventId = crypto.randomUUID();
    await k
      .insertInto('cases')
      .values({
        id: caseId,
        tracking_code: caseId.slice(0, 12),
        category_id: categoryId,
        title: 'Litter',
        description: 'Bags on the pavement',
        address: null,
        lat: 39.95,
        lon: 116.35,
        area_id: area.id,
        area_path: `/${area.id}/`,
        located_area_id: area.id,
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
        created_at: now,
        updated_at: now,
        closed_at: null,
      })
      .execute();
    await k
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
        created_at: now,
      })
      .execute();
    return { caseId, eventId };
  }

  it('stores a photo under its hash, once, and serves it back without EXIF to its uploader', async () => {
    const photo = await phoneJpeg();
    const first = await upload(
      [{ field: 'file', bytes: photo, fileName: 'IMG_0001.JPG', type: 'image/jpeg' }],
      aliceCookie,
    );
    expect(first.statusCode).toBe(201);
    const created = first.json<{ id: string; mediaType: string; size: number; sha256: string }>();
    expect(Object.keys(created).sort()).toEqual(['id', 'mediaType', 'sha256', 'size']);
    expect(created.mediaType).toBe('image/jpeg');
    expect(created.sha256).toMatch(/^[0-9a-f]{64}$/);

    const path = join(dataDir, 'attachments', created.sha256.slice(0, 2), created.sha256);
    expect(existsSync(path)).toBe(true);
    const stored = readFileSync(path);
    expect(stored.length).toBe(created.size);
    expect(stored.includes('SecretCam')).toBe(false);

    // The same bytes again (anonymously, another name): a new attachment, the same one file.
    const second = await upload([{ field: 'file', bytes: photo, fileName: 'copy.jpg' }]);
    expect(second.statusCode).toBe(201);
    const again = second.json<{ id: string; sha256: string }>();
    expect(again.id).not.toBe(created.id);
    expect(again.sha256).toBe(created.sha256);
    expect(storedFiles(dataDir)).toEqual([`${created.sha256.slice(0, 2)}/${created.sha256}`]);

    const row = await attachments.findById(created.id);
    expect(row?.uploadedBy).not.toBeNull();
    expect(row?.fileName).toBe('IMG_0001.jpg');
    expect((await attachments.findById(again.id))?.uploadedBy).toBeNull();

    const got = await read(created.id, aliceCookie);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(String(got.headers['content-disposition'])).toMatch(/^inline/);
    expect(String(got.headers['content-disposition'])).toContain('IMG_0001.jpg');
    expect(got.rawPayload.equals(stored)).toBe(true);
    const metadata = await sharp(got.rawPayload).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.format).toBe('jpeg');
    expect(got.rawPayload.includes('Alice Resident')).toBe(false);

    const cached = await app.inject({
      method: 'GET',
      url: `/api/v1/attachments/${created.id}`,
      headers: { cookie: aliceCookie, 'if-none-match': String(got.headers.etag) },
    });
    expect(cached.statusCode).toBe(304);
  });

  it('hides an unlinked upload from everyone but its signed-in uploader', async () => {
    const photo = await phoneJpeg();
    const mine = (
      await upload([{ field: 'file', bytes: photo, fileName: 'a.jpg' }], aliceCookie)
    ).json<{
      id: string;
    }>();
    for (const session of [undefined, bobCookie]) {
      const response = await read(mine.id, session);
      expect(response.statusCode).toBe(404);
      expect(problemOf(response).code).toBe('not-found');
    }

    const anonymous = await upload([{ field: 'file', bytes: photo, fileName: 'b.jpg' }]);
    expect(anonymous.statusCode).toBe(201);
    const id = anonymous.json<{ id: string }>().id;
    for (const session of [undefined, aliceCookie, bobCookie]) {
      const response = await read(id, session);
      expect(response.statusCode).toBe(404);
      expect(problemOf(response).code).toBe('not-found');
    }
    // Same answer as for an id that does not exist at all.
    const missing = await read(crypto.randomUUID());
    expect(missing.statusCode).toBe(404);
    expect(problemOf(missing).detail).toBe(problemOf(await read(id)).detail);
  });

  it('once linked, lets the case decide who reads it', async () => {
    const photo = await phoneJpeg();
    const id = (
      await upload([{ field: 'file', bytes: photo, fileName: 'c.jpg' }], aliceCookie)
    ).json<{
      id: string;
    }>().id;
    const { caseId, eventId } = await addCase();
    const linked = await test.db.kysely
      .transaction()
      .execute((trx) => attachments.linkToCase(trx, [id], caseId, eventId));
    expect(linked).toBe(1);

    expect((await read(id, bobCookie)).statusCode).toBe(404);
    bobCases.add(caseId);
    const response = await read(id, bobCookie);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/jpeg');
    // The uploader has no say any more: alice cannot read the case.
    expect((await read(id, aliceCookie)).statusCode).toBe(404);
    expect((await read(id)).statusCode).toBe(404);
  });

  it('accepts a PDF as it is', async () => {
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
      'latin1',
    );
    const response = await upload(
      [{ field: 'file', bytes: pdf, fileName: 'report.pdf', type: 'image/jpeg' }],
      aliceCookie,
    );
    expect(response.statusCode).toBe(201);
    const created = response.json<{ id: string; mediaType: string; size: number }>();
    expect(created.mediaType).toBe('application/pdf');
    expect(created.size).toBe(pdf.length);
    const got = await read(created.id, aliceCookie);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.rawPayload.equals(pdf)).toBe(true);
  });

  it('refuses text named .jpg and sent as image/jpeg with a 400 problem', async () => {
    const before = storedFiles(dataDir);
    const response = await upload([
      {
        field: 'file',
        bytes: Buffer.from('<html><script>alert(1)</script></html>'),
        fileName: 'photo.jpg',
        type: 'image/jpeg',
      },
    ]);
    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem.code).toBe('validation-failed');
    expect(problem.detail).toMatch(/^unsupported file type/);
    expect(problem.errors?.[0]?.field).toBe('/file');
    expect(storedFiles(dataDir)).toEqual(before);
  });

  it('answers 413 for a file over the limit and stores nothing', async () => {
    const before = storedFiles(dataDir);
    const response = await upload([
      { field: 'file', bytes: randomBytes(MAX_BYTES + 1), fileName: 'big.jpg', type: 'image/jpeg' },
    ]);
    expect(response.statusCode).toBe(413);
    expect(problemOf(response).code).toBe('body-too-large');
    expect(storedFiles(dataDir)).toEqual(before);
  });

  it('answers 400 validation-failed when the file is missing', async () => {
    const noFile = await upload([{ field: 'note', text: 'hello' }]);
    expect(noFile.statusCode).toBe(400);
    expect(problemOf(noFile).code).toBe('validation-failed');
    expect(problemOf(noFile).errors?.[0]?.field).toBe('/file');

    const wrongField = await upload([
      { field: 'photo', bytes: await phoneJpeg(), fileName: 'a.jpg' },
    ]);
    expect(wrongField.statusCode).toBe(400);
    expect(problemOf(wrongField).code).toBe('validation-failed');

    const json = await app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      payload: { file: 'aGVsbG8=' },
    });
    expect(json.statusCode).toBe(400);
    expect(problemOf(json).code).toBe('validation-failed');
  });

  it('answers a malformed multipart body with a 400 problem', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      payload: 'not really multipart',
      headers: { 'content-type': 'multipart/form-data' },
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).status).toBe(400);
  });

  it('leaves no temporary files behind', () => {
    expect(storedFiles(dataDir).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('limits uploads to 30 a minute per client', async () => {
    let limited: Awaited<ReturnType<typeof upload>> | undefined;
    for (let i = 0; i < 31 && !limited; i++) {
      const response = await upload([{ field: 'note', text: 'x' }]);
      if (response.statusCode === 429) limited = response;
    }
    expect(limited?.statusCode).toBe(429);
    if (limited) expect(problemOf(limited).code).toBe('too-many-requests');
  });
});
