/**
 * Changes a staff account (admin): its name and e-mail, whether it may sign in, and its
 * role grants, replaced as a whole. Audited in the change's own transaction.
 */
import {
  ForbiddenError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldProblem,
} from '../domain/errors.ts';
import {
  grantsWithinScope,
  requireRole,
  scopeCoversArea,
  scopeOf,
  type Actor,
} from '../domain/org/scope.ts';
import type { Clock } from '../domain/ports.ts';
import type { Db } from '../storage/database.ts';
import type { AreaStore } from '../storage/stores/area-store.ts';
import type { AuditStore } from '../storage/stores/audit-store.ts';
import type { OrgStore } from '../storage/stores/org-store.ts';
import type { UserChanges, UserStore } from '../storage/stores/user-store.ts';
import { isEmail, resolveGrants, type GrantRequest } from './create-user.ts';

/** What an admin may change; absent fields stay as they are. */
export interface UserUpdate {
  /** The version the admin read: the change applies only to an account still at it. */
  version: number;
  displayName?: string;
  email?: string | null;
  active?: boolean;
  /** The complete new list of grants. */
  roles?: GrantRequest[];
}

/** Builds the update-user use case. */
export function createUpdateUser(deps: {
  db: Db;
  users: Pick<UserStore, 'findWithGrants' | 'updateUserIfVersion'>;
  areas: Pick<AreaStore, 'findById' | 'findByCode'>;
  org: Pick<OrgStore, 'findDepartment'>;
  audit: Pick<AuditStore, 'append'>;
  clock: Clock;
}) {
  /**
   * Applies the changes and records them in the audit log.
   * @throws NotFoundError for an unknown user; ForbiddenError for non-admins, for a user
   *   holding roles outside the admin's scope and for a new area grant outside it;
   *   StaleVersionError (409) when the account is no longer at `input.version`;
   *   ValidationError for bad fields, an empty change, or an admin locking itself out.
   */
  return async function updateUser(actor: Actor, userId: string, input: UserUpdate) {
    requireRole(actor, ['admin']);
    const user = await deps.users.findWithGrants(userId);
    if (!user) throw new NotFoundError(`No user "${userId}".`);
    const scope = scopeOf(actor, ['admin']);
    if (!grantsWithinScope(scope, user.grants)) {
      throw new ForbiddenError(
        'That user holds roles outside your scope: you may not change them.',
      );
    }
    if (user.version !== input.version) {
      throw new StaleVersionError(
        `The account is at version ${user.version}, not ${input.version}: someone else changed it; reload it and try again.`,
      );
    }

    const problems: FieldProblem[] = [];
    const changes: UserChanges = {};
    if (input.displayName !== undefined) {
      const name = input.displayName.trim();
      if (name === '' || name.length > 100)
        problems.push({ field: '/displayName', message: 'must be 1 to 100 characters' });
      else changes.displayName = name;
    }
    if (input.email !== undefined) {
      const email = input.email === null ? null : input.email.trim() || null;
      if (email !== null && !isEmail(email))
        problems.push({ field: '/email', message: 'is not an e-mail address' });
      else changes.email = email;
    }
    const self = user.id === actor.userId;
    if (input.active !== undefined) {
      if (self && !input.active)
        problems.push({ field: '/active', message: 'you cannot deactivate your own account' });
      else changes.active = input.active;
    }
    if (input.roles !== undefined) {
      if (self) {
        problems.push({ field: '/roles', message: 'ask another admin to change your own roles' });
      } else {
        const grants = await resolveGrants(deps, input.roles, '/roles', problems);
        // The same rule as for the user itself, so an admin never makes a user it can no
        // longer manage: area grants inside its subtrees, department grants (city-wide)
        // only from an admin of a whole tree.
        const holdsRoot = scope.areaPaths.some((path) => path.length === 1);
        for (const grant of grants) {
          const inside = grant.areaPath
            ? scopeCoversArea(scope, grant.areaPath)
            : grant.departmentId === null || holdsRoot;
          if (!inside) throw new ForbiddenError('A new grant lies outside your scope.');
        }
        changes.grants = grants.map(({ role, areaId, departmentId }) => ({
          role,
          areaId,
          departmentId,
        }));
      }
    }
    const { version: _version, ...fields } = input;
    if (Object.values(fields).every((value) => value === undefined)) {
      problems.push({
        field: '',
        message: 'name at least one of displayName, email, active, roles',
      });
    }
    if (problems.length > 0) throw new ValidationError('The account was not changed.', problems);

    const now = deps.clock.now();
    await deps.db.kysely.transaction().execute(async (trx) => {
      // Checked again in the update itself: another admin may have saved since the read.
      await deps.users.updateUserIfVersion(trx, user.id, input.version, changes, now);
      await deps.audit.append(trx, {
        at: now,
        actorId: actor.userId,
        actorLogin: actor.login,
        action: 'user.update',
        subjectType: 'user',
        subjectId: user.id,
        details: {
          login: user.login,
          version: input.version + 1,
          ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
          ...(changes.email !== undefined ? { email: changes.email } : {}),
          ...(changes.active !== undefined ? { active: changes.active } : {}),
          ...(changes.grants ? { grants: changes.grants } : {}),
        },
      });
    });
  };
}

export type UpdateUser = ReturnType<typeof createUpdateUser>;
