/** Staff accounts, role grants, sessions and API tokens in the database. */
import type { Role } from '../../domain/org/role.ts';
import type { RoleGrant, Scope } from '../../domain/org/scope.ts';
import { ConflictError, StaleVersionError } from '../../domain/errors.ts';
import type { IdGenerator } from '../../domain/ports.ts';
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../database.ts';
import type { Database } from '../schema/database.ts';
import { pathInSubtrees } from './area-store.ts';
import { likePattern } from '../dialect/search.ts';
import { isUniqueViolation } from '../unique-violation.ts';

/** A user as stored, with the hash needed to check a password. */
export interface UserRecord {
  id: string;
  login: string;
  displayName: string;
  email: string | null;
  passwordHash: string;
  active: boolean;
  /** Bumped by every change: the optimistic-concurrency check of an admin's edit. */
  version: number;
}

/** A user with the roles granted to it. */
export interface UserWithGrants {
  id: string;
  login: string;
  displayName: string;
  email: string | null;
  active: boolean;
  version: number;
  grants: RoleGrant[];
}

/** A new grant, by ids. */
export interface GrantInput {
  role: Role;
  areaId: string | null;
  departmentId: string | null;
}

/** Changes to an account; absent fields stay as they are. */
export interface UserChanges {
  displayName?: string;
  email?: string | null;
  active?: boolean;
  /** When given, replaces every grant of the user. */
  grants?: GrantInput[];
}

/** Which staff of a scope to list, and where the page starts. */
export interface UserListFilter {
  /** A part of the login, display name or e-mail, ignoring case; `%` and `_` match literally. */
  q?: string;
  /** Only accounts holding this role (on any grant). */
  role?: Role;
  active?: boolean;
  /** Only this account (to read one account under the list's own visibility rule). */
  id?: string;
  /** The sort key (login, id) of the last row of the previous page. */
  after?: { login: string; id: string };
  limit: number;
}

type Executor = Kysely<Database> | Transaction<Database>;

/** A token as listed to admins (never its secret). */
export interface TokenRecord {
  id: string;
  name: string;
  userId: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** A member of staff a case may be assigned to: a name to choose by, never a login or e-mail. */
export interface AssignableStaff {
  id: string;
  displayName: string;
  /** The roles the member holds on the department asked about. */
  roles: Role[];
}

/** Builds the user store. */
export function createUserStore(db: Db, ids: IdGenerator) {
  const k = db.kysely;

  async function grantsOf(userIds: readonly string[]): Promise<Map<string, RoleGrant[]>> {
    const result = new Map<string, RoleGrant[]>();
    if (userIds.length === 0) return result;
    const rows = await k
      .selectFrom('role_assignments as r')
      .leftJoin('areas as a', 'a.id', 'r.area_id')
      .leftJoin('departments as d', 'd.id', 'r.department_id')
      .select([
        'r.user_id',
        'r.role',
        'a.id as areaId',
        'a.code as areaCode',
        'a.path as areaPath',
        'd.id as departmentId',
        'd.code as departmentCode',
      ])
      .where('r.user_id', 'in', userIds)
      .orderBy('r.created_at')
      .orderBy('r.id')
      .execute();
    for (const row of rows) {
      const grant: RoleGrant = {
        role: row.role as Role,
        area:
          row.areaId && row.areaCode && row.areaPath
            ? { id: row.areaId, code: row.areaCode, path: row.areaPath.split('/').filter(Boolean) }
            : null,
        department:
          row.departmentId && row.departmentCode
            ? { id: row.departmentId, code: row.departmentCode }
            : null,
      };
      const list = result.get(row.user_id) ?? [];
      list.push(grant);
      result.set(row.user_id, list);
    }
    return result;
  }

  function toRecord(row: {
    id: string;
    login: string;
    display_name: string;
    email: string | null;
    password_hash: string;
    active: number;
    version: number;
  }): UserRecord {
    return {
      id: row.id,
      login: row.login,
      displayName: row.display_name,
      email: row.email,
      passwordHash: row.password_hash,
      active: Number(row.active) === 1,
      version: Number(row.version),
    };
  }

  return {
    /** A user by login, with its password hash, or undefined. */
    async findByLogin(login: string): Promise<UserRecord | undefined> {
      const row = await k
        .selectFrom('users')
        .selectAll()
        .where('login', '=', login)
        .executeTakeFirst();
      return row && toRecord(row);
    },

    /** A user with its grants, or undefined. */
    async findWithGrants(userId: string): Promise<UserWithGrants | undefined> {
      const row = await k
        .selectFrom('users')
        .selectAll()
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!row) return undefined;
      const { passwordHash: _hidden, ...user } = toRecord(row);
      return { ...user, grants: (await grantsOf([row.id])).get(row.id) ?? [] };
    },

    /**
     * Creates a user with its grants in one transaction; `alongside` runs in the same
     * transaction (the audit entry of the creation).
     * @throws ConflictError when the login is taken.
     */
    async insertUser(
      input: {
        login: string;
        displayName: string;
        email: string | null;
        passwordHash: string;
        grants: GrantInput[];
      },
      now: Date,
      alongside?: (trx: Transaction<Database>, userId: string) => Promise<void>,
    ): Promise<string> {
      const id = ids.next();
      const stamp = now.toISOString();
      try {
        await k.transaction().execute(async (trx) => {
          await trx
            .insertInto('users')
            .values({
              id,
              login: input.login,
              display_name: input.displayName,
              email: input.email,
              password_hash: input.passwordHash,
              active: 1,
              created_at: stamp,
              updated_at: stamp,
              version: 1,
            })
            .execute();
          for (const grant of input.grants) {
            await trx
              .insertInto('role_assignments')
              .values({
                id: ids.next(),
                user_id: id,
                role: grant.role,
                area_id: grant.areaId,
                department_id: grant.departmentId,
                created_at: stamp,
              })
              .execute();
          }
          if (alongside) await alongside(trx, id);
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError(`The login "${input.login}" is taken.`);
        throw error;
      }
      return id;
    },

    /**
     * Applies changes to an account still at `expectedVersion` inside the caller's
     * transaction, bumping its version: replaces its grants when given, and ends its
     * sessions when it is deactivated.
     * @throws StaleVersionError when the account is at another version (or gone): nothing
     *   is changed.
     */
    async updateUserIfVersion(
      trx: Executor,
      userId: string,
      expectedVersion: number,
      changes: UserChanges,
      now: Date,
    ) {
      const stamp = now.toISOString();
      const result = await trx
        .updateTable('users')
        .set((eb) => ({
          updated_at: stamp,
          version: eb('version', '+', 1),
          ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
          ...(changes.email !== undefined ? { email: changes.email } : {}),
          ...(changes.active !== undefined ? { active: changes.active ? 1 : 0 } : {}),
        }))
        .where('id', '=', userId)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        throw new StaleVersionError(
          'The account was changed by someone else: reload it and try again.',
        );
      }
      if (changes.active === false) {
        await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
      }
      if (changes.grants) {
        await trx.deleteFrom('role_assignments').where('user_id', '=', userId).execute();
        for (const grant of changes.grants) {
          await trx
            .insertInto('role_assignments')
            .values({
              id: ids.next(),
              user_id: userId,
              role: grant.role,
              area_id: grant.areaId,
              department_id: grant.departmentId,
              created_at: stamp,
            })
            .execute();
        }
      }
    },

    /**
     * One page of the users holding at least one grant inside the scope (an area subtree or
     * a department) that match the filter, ordered by login, then id, after `filter.after`.
     * Users without any grant are visible only to a scope that is `all`.
     */
    async listUsersInScope(scope: Scope, filter: UserListFilter): Promise<UserWithGrants[]> {
      const pattern = filter.q ? likePattern(filter.q.toLowerCase()) : null;
      const after = filter.after;
      const rows = await k
        .selectFrom('users as u')
        .selectAll('u')
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('role_assignments as r')
              .leftJoin('areas as a', 'a.id', 'r.area_id')
              .select('r.id')
              .whereRef('r.user_id', '=', 'u.id')
              .where((inner) =>
                inner.or([
                  pathInSubtrees('a.path', scope.areaPaths),
                  ...(scope.departmentIds.length > 0
                    ? [inner('r.department_id', 'in', scope.departmentIds)]
                    : []),
                ]),
              ),
          ),
        )
        .$if(pattern !== null, (qb) =>
          qb.where((eb) =>
            eb.or([
              sql<boolean>`lower(u.login) like ${pattern} escape '\\'`,
              sql<boolean>`lower(u.display_name) like ${pattern} escape '\\'`,
              sql<boolean>`lower(coalesce(u.email, '')) like ${pattern} escape '\\'`,
            ]),
          ),
        )
        .$if(filter.role !== undefined, (qb) =>
          qb.where((eb) =>
            eb.exists(
              eb
                .selectFrom('role_assignments as fr')
                .select('fr.id')
                .whereRef('fr.user_id', '=', 'u.id')
                .where('fr.role', '=', filter.role as Role),
            ),
          ),
        )
        .$if(filter.active !== undefined, (qb) => qb.where('u.active', '=', filter.active ? 1 : 0))
        .$if(filter.id !== undefined, (qb) => qb.where('u.id', '=', filter.id ?? ''))
        .$if(after !== undefined, (qb) =>
          qb.where((eb) =>
            eb.or([
              eb('u.login', '>', after?.login ?? ''),
              eb.and([eb('u.login', '=', after?.login ?? ''), eb('u.id', '>', after?.id ?? '')]),
            ]),
          ),
        )
        .orderBy('u.login')
        .orderBy('u.id')
        .limit(filter.limit)
        .execute();
      const grants = await grantsOf(rows.map((r) => r.id));
      return rows.map((row) => {
        const { passwordHash: _hidden, ...user } = toRecord(row);
        return { ...user, grants: grants.get(row.id) ?? [] };
      });
    },

    /**
     * Active staff holding one of `roles` on the department, ordered by display name; `q`
     * matches a part of the display name, ignoring case.
     */
    async listAssignableStaff(input: {
      departmentId: string;
      roles: readonly Role[];
      q?: string;
      limit: number;
    }): Promise<AssignableStaff[]> {
      if (input.roles.length === 0) return [];
      const pattern = input.q ? likePattern(input.q.toLowerCase()) : null;
      const rows = await k
        .selectFrom('users as u')
        .select(['u.id', 'u.display_name'])
        .where('u.active', '=', 1)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('role_assignments as r')
              .select('r.id')
              .whereRef('r.user_id', '=', 'u.id')
              .where('r.department_id', '=', input.departmentId)
              .where('r.role', 'in', input.roles),
          ),
        )
        .$if(pattern !== null, (qb) =>
          qb.where(sql<boolean>`lower(u.display_name) like ${pattern} escape '\\'`),
        )
        .orderBy('u.display_name')
        .orderBy('u.id')
        .limit(input.limit)
        .execute();
      if (rows.length === 0) return [];
      const grants = await k
        .selectFrom('role_assignments')
        .select(['user_id', 'role'])
        .where('department_id', '=', input.departmentId)
        .where('role', 'in', input.roles)
        .where(
          'user_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      return rows.map((row) => ({
        id: row.id,
        displayName: row.display_name,
        roles: [
          ...new Set(grants.filter((g) => g.user_id === row.id).map((g) => g.role as Role)),
        ].sort(),
      }));
    },

    /**
     * Display names and account state of users by id: naming a case's handler, or the
     * officers of a duty shift (whose deactivated accounts are not notified).
     */
    async findDisplayNames(
      userIds: readonly string[],
    ): Promise<Map<string, { displayName: string; active: boolean }>> {
      if (userIds.length === 0) return new Map();
      const rows = await k
        .selectFrom('users')
        .select(['id', 'display_name', 'active'])
        .where('id', 'in', [...new Set(userIds)])
        .execute();
      return new Map(
        rows.map((r) => [r.id, { displayName: r.display_name, active: r.active === 1 }]),
      );
    },

    /** Staff granted a role directly on an area, ordered by role and name. */
    async listStaffOfArea(
      areaId: string,
    ): Promise<{ userId: string; displayName: string; role: Role }[]> {
      const rows = await k
        .selectFrom('role_assignments as r')
        .innerJoin('users as u', 'u.id', 'r.user_id')
        .select(['u.id', 'u.display_name', 'r.role'])
        .where('r.area_id', '=', areaId)
        .where('u.active', '=', 1)
        .orderBy('r.role')
        .orderBy('u.display_name')
        .execute();
      return rows.map((r) => ({ userId: r.id, displayName: r.display_name, role: r.role as Role }));
    },

    /** Stores a session under the hash of its token. */
    async insertSession(
      tokenHash: string,
      userId: string,
      now: Date,
      expiresAt: Date,
    ): Promise<void> {
      await k
        .insertInto('sessions')
        .values({
          id: tokenHash,
          user_id: userId,
          created_at: now.toISOString(),
          expires_at: expiresAt.toISOString(),
        })
        .execute();
    },

    /** The user of an unexpired session of an active user, or undefined. */
    async findSessionUser(tokenHash: string, now: Date): Promise<string | undefined> {
      const row = await k
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select('s.user_id')
        .where('s.id', '=', tokenHash)
        .where('s.expires_at', '>', now.toISOString())
        .where('u.active', '=', 1)
        .executeTakeFirst();
      return row?.user_id;
    },

    /** Ends a session. */
    async deleteSession(tokenHash: string): Promise<void> {
      await k.deleteFrom('sessions').where('id', '=', tokenHash).execute();
    },

    /** Removes expired sessions; returns how many. */
    async deleteExpiredSessions(now: Date): Promise<number> {
      const result = await k
        .deleteFrom('sessions')
        .where('expires_at', '<=', now.toISOString())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Stores an API token under the hash of its secret. */
    async insertToken(
      input: { name: string; tokenHash: string; userId: string; expiresAt: Date | null },
      now: Date,
    ): Promise<TokenRecord> {
      const record = {
        id: ids.next(),
        name: input.name,
        token_hash: input.tokenHash,
        user_id: input.userId,
        created_at: now.toISOString(),
        expires_at: input.expiresAt ? input.expiresAt.toISOString() : null,
        revoked_at: null,
      };
      try {
        await k.insertInto('api_tokens').values(record).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError('This token already exists.');
        throw error;
      }
      return {
        id: record.id,
        name: record.name,
        userId: record.user_id,
        createdAt: record.created_at,
        expiresAt: record.expires_at,
        revokedAt: null,
      };
    },

    /** The owner of a live (unrevoked, unexpired) token of an active user, or undefined. */
    async findTokenUser(tokenHash: string, now: Date): Promise<string | undefined> {
      const row = await k
        .selectFrom('api_tokens as t')
        .innerJoin('users as u', 'u.id', 't.user_id')
        .select('t.user_id')
        .where('t.token_hash', '=', tokenHash)
        .where('t.revoked_at', 'is', null)
        .where((eb) =>
          eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now.toISOString())]),
        )
        .where('u.active', '=', 1)
        .executeTakeFirst();
      return row?.user_id;
    },

    /** Every token, newest first, without secrets. */
    async listTokens(): Promise<TokenRecord[]> {
      const rows = await k
        .selectFrom('api_tokens')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        userId: r.user_id,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        revokedAt: r.revoked_at,
      }));
    },

    /** Revokes a token; false when there is no such live token. */
    async revokeToken(id: string, now: Date): Promise<boolean> {
      const result = await k
        .updateTable('api_tokens')
        .set({ revoked_at: now.toISOString() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Number of users. */
    async count(): Promise<number> {
      const row = await k
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type UserStore = ReturnType<typeof createUserStore>;
