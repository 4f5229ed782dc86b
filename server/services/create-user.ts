/** Creates a staff account with its role grants. */
import { ValidationError, type FieldProblem } from '../domain/errors.ts';
import { isRole, type Role } from '../domain/org/role.ts';
import { checkGrantShape } from '../domain/org/scope.ts';
import type { Clock } from '../domain/ports.ts';
import type { AreaStore } from '../storage/stores/area-store.ts';
import type { OrgStore } from '../storage/stores/org-store.ts';
import type { GrantInput, UserStore } from '../storage/stores/user-store.ts';
import { hashPassword } from './secrets.ts';

/** A grant as a caller names it: role plus an area or department by id or code. */
export interface GrantRequest {
  role: string;
  area?: string | null;
  department?: string | null;
}

/** What a new account needs. */
export interface NewUser {
  login: string;
  displayName?: string;
  email?: string | null;
  password: string;
  grants: GrantRequest[];
}

const LOGIN = /^[a-z0-9][a-z0-9_.-]{1,63}$/;

/** Builds the create-user use case. */
export function createCreateUser(deps: {
  users: Pick<UserStore, 'insertUser'>;
  areas: Pick<AreaStore, 'findById' | 'findByCode'>;
  org: Pick<OrgStore, 'findDepartment'>;
  clock: Clock;
}) {
  /**
   * Validates and stores the account; returns its id.
   * @throws ValidationError for a bad login, short password or unknown scope;
   *   ConflictError when the login is taken.
   */
  return async function createUser(input: NewUser): Promise<string> {
    const problems: FieldProblem[] = [];
    if (!LOGIN.test(input.login)) {
      problems.push({
        field: '/login',
        message: '2–64 characters: lower-case letters, digits, _ . -',
      });
    }
    if (input.password.length < 10 || input.password.length > 200) {
      problems.push({ field: '/password', message: 'must be 10 to 200 characters' });
    }
    if (input.email != null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) {
      problems.push({ field: '/email', message: 'is not an e-mail address' });
    }
    const grants: GrantInput[] = [];
    for (const [i, grant] of input.grants.entries()) {
      if (!isRole(grant.role)) {
        problems.push({ field: `/grants/${i}/role`, message: `unknown role "${grant.role}"` });
        continue;
      }
      const role: Role = grant.role;
      try {
        checkGrantShape(role, grant.area, grant.department);
      } catch (error) {
        if (error instanceof ValidationError) {
          problems.push(...error.fields.map((f) => ({ ...f, field: `/grants/${i}${f.field}` })));
          continue;
        }
        throw error;
      }
      let areaId: string | null = null;
      let departmentId: string | null = null;
      if (grant.area) {
        const area =
          (await deps.areas.findById(grant.area)) ?? (await deps.areas.findByCode(grant.area));
        if (!area)
          problems.push({ field: `/grants/${i}/area`, message: `unknown area "${grant.area}"` });
        else areaId = area.id;
      }
      if (grant.department) {
        const department = await deps.org.findDepartment(grant.department);
        if (!department) {
          problems.push({
            field: `/grants/${i}/department`,
            message: `unknown department "${grant.department}"`,
          });
        } else departmentId = department.id;
      }
      grants.push({ role, areaId, departmentId });
    }
    if (problems.length > 0) throw new ValidationError('The account was not created.', problems);
    return deps.users.insertUser(
      {
        login: input.login,
        displayName: input.displayName?.trim() || input.login,
        email: input.email ?? null,
        passwordHash: await hashPassword(input.password),
        grants,
      },
      deps.clock.now(),
    );
  };
}
