import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { parseAreaFile } from '../../domain/areas/area-file.ts';
import { ConflictError, StaleVersionError } from '../../domain/errors.ts';
import { scopeOf, type Actor } from '../../domain/org/scope.ts';
import { createAreaStore } from './area-store.ts';
import { createOrgStore } from './org-store.ts';
import { createUserStore } from './user-store.ts';
import { buildAreaFile } from '../../../tests/factories/areas.ts';
import { createTestDb, DIALECTS, type TestDb } from '../../../tests/support/databases.ts';

const ids = { next: () => uuidv7() };
const now = new Date('2026-11-29T08:00:00Z');
const later = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

describe.each(DIALECTS)('user store on %s', (dialect) => {
  let test: TestDb;
  let users: ReturnType<typeof createUserStore>;
  let areaId: (code: string) => Promise<string>;
  let pathOf: (code: string) => Promise<string[]>;
  let departmentId: string;

  beforeEach(async () => {
    test = await createTestDb(dialect);
    const areas = createAreaStore(test.db, ids);
    await areas.upsertDrafts(parseAreaFile(buildAreaFile(), [], 2), now);
    areaId = async (code) => (await areas.findByCode(code))?.id ?? '';
    pathOf = async (code) => (await areas.findByCode(code))?.path ?? [];
    departmentId = ids.next();
    await createOrgStore(test.db).insertDepartments([
      {
        id: departmentId,
        code: 'water',
        parent_id: null,
        name_zh: '水务局',
        name_en: 'Water',
        created_at: now.toISOString(),
      },
    ]);
    users = createUserStore(test.db, ids);
  });
  afterEach(() => test.drop());

  async function addUser(
    login: string,
    grants: { role: 'admin' | 'grid_worker' | 'handler'; area?: string }[],
    extra: { displayName?: string; email?: string } = {},
  ) {
    return users.insertUser(
      {
        login,
        displayName: extra.displayName ?? login,
        email: extra.email ?? null,
        passwordHash: 'x',
        grants: await Promise.all(
          grants.map(async (g) => ({
            role: g.role,
            areaId: g.area ? await areaId(g.area) : null,
            departmentId: g.role === 'handler' ? departmentId : null,
          })),
        ),
      },
      now,
    );
  }

  it('stores a user with grants resolved to their scope', async () => {
    const id = await addUser('worker', [{ role: 'grid_worker', area: '990102-001-001-01' }]);
    const user = await users.findWithGrants(id);
    expect(user?.login).toBe('worker');
    expect(user?.grants).toHaveLength(1);
    expect(user?.grants[0]?.area?.code).toBe('990102-001-001-01');
    expect(user?.grants[0]?.area?.path).toHaveLength(4);
    expect((await users.findByLogin('worker'))?.passwordHash).toBe('x');
  });

  it('refuses a taken login and writes nothing', async () => {
    await addUser('same', []);
    await expect(addUser('same', [{ role: 'admin', area: '990102' }])).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await users.count()).toBe(1);
  });

  it('lists only users granted inside the scope', async () => {
    await addUser('in-cell', [{ role: 'grid_worker', area: '990102-001-001-01' }]);
    await addUser('other-community', [{ role: 'grid_worker', area: '990102-001-002-01' }]);
    await addUser('handler', [{ role: 'handler' }]);
    const adminId = await addUser('community-admin', [{ role: 'admin', area: '990102-001-001' }]);
    const admin = await users.findWithGrants(adminId);
    const actor: Actor = {
      userId: adminId,
      login: 'a',
      displayName: 'a',
      grants: admin?.grants ?? [],
      via: 'session',
    };
    const scope = scopeOf(actor, ['admin']);
    const visible = (await users.listUsersInScope(scope, { limit: 100 })).map((u) => u.login);
    expect(visible).toEqual(['community-admin', 'in-cell']);
    const withDepartments = await users.listUsersInScope(
      { ...scope, departmentIds: [departmentId] },
      { limit: 100 },
    );
    expect(withDepartments.map((u) => u.login)).toEqual(['community-admin', 'handler', 'in-cell']);
  });

  /** The scope of an admin of the whole demo district, departments included. */
  async function districtScope() {
    return { areaPaths: [await pathOf('990102')], departmentIds: [departmentId] };
  }

  it('searches login, name and e-mail ignoring case, with wildcards matched literally', async () => {
    const cell = '990102-001-001-01';
    await addUser('wang', [{ role: 'grid_worker', area: cell }], {
      displayName: 'Wang Fang 王芳',
      email: 'Fang.Wang@Example.org',
    });
    await addUser('li', [{ role: 'grid_worker', area: cell }], {
      displayName: '100% Li',
      email: 'li_ming@example.org',
    });
    await addUser('zhao', [{ role: 'grid_worker', area: cell }], {
      displayName: 'Zhao 100x',
      email: 'zhaoXming@example.org',
    });
    await addUser('outside', [{ role: 'grid_worker', area: '990102-001-002-01' }], {
      displayName: 'Wang Outside',
    });
    const scope = { areaPaths: [await pathOf('990102-001-001')], departmentIds: [] };
    const find = async (q: string) =>
      (await users.listUsersInScope(scope, { q, limit: 10 })).map((u) => u.login);
    expect(await find('WANG')).toEqual(['wang']);
    expect(await find('example.ORG')).toEqual(['li', 'wang', 'zhao']);
    expect(await find('王芳')).toEqual(['wang']);
    expect(await find('100%')).toEqual(['li']);
    expect(await find('%')).toEqual(['li']);
    expect(await find('li_')).toEqual(['li']);
    expect(await find('_')).toEqual(['li']);
    expect(await find('\\')).toEqual([]);
    expect(await find('nobody')).toEqual([]);
  });

  it('ignores case beyond ASCII too (accented and Cyrillic names)', async () => {
    const cell = '990102-001-001-01';
    await addUser('emile', [{ role: 'grid_worker', area: cell }], { displayName: 'Émile Zoë' });
    await addUser('olga', [{ role: 'grid_worker', area: cell }], { displayName: 'ОЛЬГА Ivanova' });
    const scope = { areaPaths: [await pathOf('990102-001-001')], departmentIds: [] };
    const find = async (q: string) =>
      (await users.listUsersInScope(scope, { q, limit: 10 })).map((u) => u.login);
    expect(await find('émile')).toEqual(['emile']);
    expect(await find('ZOË')).toEqual(['emile']);
    expect(await find('ольга')).toEqual(['olga']);
  });

  it('filters by role and by active, and pages by login then id', async () => {
    const cell = '990102-001-001-01';
    for (let i = 0; i < 7; i++) await addUser(`worker${i}`, [{ role: 'grid_worker', area: cell }]);
    await addUser('handler', [{ role: 'handler' }]);
    const offId = await addUser('off', [{ role: 'grid_worker', area: cell }]);
    await test.db.kysely
      .transaction()
      .execute((trx) => users.updateUserIfVersion(trx, offId, 1, { active: false }, now));
    const scope = await districtScope();
    const all = (await users.listUsersInScope(scope, { limit: 100 })).map((u) => u.login);
    expect(all).toHaveLength(9);
    expect(
      (await users.listUsersInScope(scope, { role: 'handler', limit: 100 })).map((u) => u.login),
    ).toEqual(['handler']);
    expect(
      (await users.listUsersInScope(scope, { active: false, limit: 100 })).map((u) => u.login),
    ).toEqual(['off']);
    expect(await users.listUsersInScope(scope, { active: true, limit: 100 })).toHaveLength(8);

    const seen: string[] = [];
    let after: { login: string; id: string } | undefined;
    for (;;) {
      const page = await users.listUsersInScope(scope, { after, limit: 4 });
      seen.push(...page.map((u) => u.login));
      const last = page[page.length - 1];
      if (page.length < 4 || !last) break;
      after = { login: last.login, id: last.id };
    }
    expect(seen).toEqual(all);
    const filtered = await users.listUsersInScope(scope, {
      q: 'WORKER',
      role: 'grid_worker',
      active: true,
      after: { login: 'worker2', id: '' },
      limit: 3,
    });
    expect(filtered.map((u) => u.login)).toEqual(['worker2', 'worker3', 'worker4']);
  });

  it('changes an account only at the version it was read at, bumping it', async () => {
    const id = await addUser('versioned', [{ role: 'grid_worker', area: '990102-001-001-01' }]);
    expect((await users.findWithGrants(id))?.version).toBe(1);
    await users.insertSession('hash-v', id, now, later(1));
    const change = (version: number, changes: Parameters<typeof users.updateUserIfVersion>[3]) =>
      test.db.kysely
        .transaction()
        .execute((trx) => users.updateUserIfVersion(trx, id, version, changes, later(1)));
    await change(1, { displayName: 'First' });
    expect((await users.findWithGrants(id))?.version).toBe(2);
    const before = await users.findWithGrants(id);
    await expect(
      change(1, { displayName: 'Second', active: false, grants: [] }),
    ).rejects.toBeInstanceOf(StaleVersionError);
    expect(await users.findWithGrants(id)).toEqual(before);
    expect(await users.findSessionUser('hash-v', now)).toBe(id);
    await change(2, { active: false });
    expect(await users.findWithGrants(id)).toMatchObject({
      displayName: 'First',
      active: false,
      version: 3,
    });
    expect(await users.findSessionUser('hash-v', now)).toBeUndefined();
  });

  it('finds sessions until they expire or are deleted', async () => {
    const id = await addUser('s', []);
    await users.insertSession('hash-1', id, now, later(1));
    expect(await users.findSessionUser('hash-1', now)).toBe(id);
    expect(await users.findSessionUser('hash-1', later(2))).toBeUndefined();
    expect(await users.deleteExpiredSessions(later(2))).toBe(1);
    await users.insertSession('hash-2', id, now, later(1));
    await users.deleteSession('hash-2');
    expect(await users.findSessionUser('hash-2', now)).toBeUndefined();
  });

  it('finds tokens until revoked or expired', async () => {
    const id = await addUser('t', []);
    const token = await users.insertToken(
      { name: 'n', tokenHash: 'th', userId: id, expiresAt: later(1) },
      now,
    );
    expect(await users.findTokenUser('th', now)).toBe(id);
    expect(await users.findTokenUser('th', later(2))).toBeUndefined();
    expect(await users.revokeToken(token.id, now)).toBe(true);
    expect(await users.revokeToken(token.id, now)).toBe(false);
    expect(await users.findTokenUser('th', now)).toBeUndefined();
    expect((await users.listTokens())[0]?.revokedAt).toBe(now.toISOString());
  });
});
