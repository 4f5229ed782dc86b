import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { parseAreaFile } from '../../domain/areas/area-file.ts';
import { ConflictError } from '../../domain/errors.ts';
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
  let departmentId: string;

  beforeEach(async () => {
    test = await createTestDb(dialect);
    const areas = createAreaStore(test.db, ids);
    await areas.upsertDrafts(parseAreaFile(buildAreaFile(), [], 2), now);
    areaId = async (code) => (await areas.findByCode(code))?.id ?? '';
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
  ) {
    return users.insertUser(
      {
        login,
        displayName: login,
        email: null,
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
    const visible = (await users.listUsersInScope(scope, 100)).map((u) => u.login);
    expect(visible).toEqual(['community-admin', 'in-cell']);
    const withDepartments = await users.listUsersInScope(
      { ...scope, departmentIds: [departmentId] },
      100,
    );
    expect(withDepartments.map((u) => u.login)).toEqual(['community-admin', 'handler', 'in-cell']);
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
