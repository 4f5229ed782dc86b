/**
 * Reading cases: the scope-filtered list, one case, its timeline, and the public tracking
 * view. Personal data (reporter contact) is shown only to roles that need it, and each
 * showing is recorded in the data-access log.
 */
import type { Case, CaseStatus } from '../domain/cases/case.ts';
import { CASE_READING_ROLES, canSeeCase, grantCovers } from '../domain/cases/transitions.ts';
import { normaliseTrackingCode } from '../domain/cases/tracking-code.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Priority } from '../domain/org/category.ts';
import type { Role } from '../domain/org/role.ts';
import { scopeOf, type Actor } from '../domain/org/scope.ts';
import type { Clock } from '../domain/ports.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema/database.ts';
import type { AreaStore } from '../storage/stores/area-store.ts';
import type { AuditStore } from '../storage/stores/audit-store.ts';
import type { CaseEvent, CaseStore } from '../storage/stores/case-store.ts';
import type { ReferenceDataCache } from './reference-data.ts';

/** Roles that may see a reporter's contact details, within their scope. */
export const PERSONAL_DATA_ROLES: readonly Role[] = [
  'dispatcher',
  'grid_leader',
  'grid_worker',
  'handler',
  'department_head',
  'supervisor',
];

/** The list's filters as the API receives them. */
export interface ListQuery {
  status?: CaseStatus[];
  area?: string;
  category?: string;
  department?: string;
  handler?: string;
  priority?: Priority[];
  overdue?: boolean;
  from?: string;
  to?: string;
  q?: string;
  cursor?: string;
  limit: number;
}

/** True when the actor may see the reporter's contact on this case. */
export function maySeePersonalData(actor: Actor, c: Case): boolean {
  if (c.reporter.userId === actor.userId) return true;
  return actor.grants.some(
    (g) => PERSONAL_DATA_ROLES.includes(g.role) && grantCovers(g, c, 'lead-or-co'),
  );
}

/** Builds the read use cases. */
export function createReadCases(deps: {
  cases: Pick<CaseStore, 'list' | 'findById' | 'findByTrackingCode' | 'listEvents'>;
  areas: Pick<AreaStore, 'findById' | 'findByCode'>;
  audit: Pick<AuditStore, 'recordDataAccess' | 'append'>;
  reference: Pick<ReferenceDataCache, 'current'>;
  db: Kysely<Database>;
  clock: Clock;
}) {
  async function visibleCase(id: string, actor: Actor): Promise<Case> {
    const c = await deps.cases.findById(id);
    if (!c || !canSeeCase(actor, c)) throw new NotFoundError('No such case in your scope.');
    return c;
  }

  return {
    /** One page of cases in the actor's scope, newest first. @throws ValidationError for unknown filters. */
    async listCases(
      query: ListQuery,
      actor: Actor,
    ): Promise<{ items: Case[]; nextCursor: string | null }> {
      const ref = await deps.reference.current();
      const scope = scopeOf(actor, CASE_READING_ROLES);
      let areaPath: string[] | undefined;
      if (query.area) {
        const area =
          (await deps.areas.findById(query.area)) ?? (await deps.areas.findByCode(query.area));
        if (!area)
          throw new ValidationError('Unknown area.', [
            { field: '/area', message: `unknown area "${query.area}"` },
          ]);
        areaPath = area.path;
      }
      let categoryIds: string[] | undefined;
      if (query.category) {
        const root = ref.categoryByCode.get(query.category) ?? ref.categoryById.get(query.category);
        if (!root)
          throw new ValidationError('Unknown category.', [
            { field: '/category', message: `unknown category "${query.category}"` },
          ]);
        categoryIds = ref.categories
          .filter((c) => {
            for (
              let cur: typeof c | undefined = c;
              cur;
              cur = cur.parentId ? ref.categoryById.get(cur.parentId) : undefined
            ) {
              if (cur.id === root.id) return true;
            }
            return false;
          })
          .map((c) => c.id);
      }
      let departmentId: string | undefined;
      if (query.department) {
        const d =
          ref.departmentById.get(query.department) ?? ref.departmentByCode.get(query.department);
        if (!d)
          throw new ValidationError('Unknown department.', [
            { field: '/department', message: `unknown department "${query.department}"` },
          ]);
        departmentId = d.id;
      }
      const items = await deps.cases.list(
        { ...scope, reporterUserId: actor.userId },
        {
          statuses: query.status,
          areaPath,
          categoryIds,
          departmentId,
          handlerId: query.handler,
          priorities: query.priority,
          overdue: query.overdue,
          from: query.from,
          to: query.to,
          q: query.q?.trim() || undefined,
        },
        query.cursor,
        query.limit + 1,
      );
      const page = items.slice(0, query.limit);
      return {
        items: page,
        nextCursor: items.length > query.limit ? (page[page.length - 1]?.id ?? null) : null,
      };
    },

    /**
     * One case in scope; when its reporter's contact is shown, the showing is logged.
     * @throws NotFoundError outside the actor's scope.
     */
    async getCase(
      id: string,
      actor: Actor,
      route: string,
    ): Promise<{ case: Case; personalData: boolean }> {
      const c = await visibleCase(id, actor);
      const personalData = maySeePersonalData(actor, c);
      const shown = (['name', 'phone', 'email'] as const).filter((f) => c.reporter[f] !== null);
      if (personalData && shown.length > 0 && c.reporter.userId !== actor.userId) {
        // Listed for auditors in the data-access log, and made tamper-evident by an
        // entry in the hash-chained audit log written in the same transaction.
        const at = deps.clock.now();
        const fields = shown.map((f) => `reporter.${f}`);
        await deps.db.transaction().execute(async (trx) => {
          await deps.audit.recordDataAccess(trx, {
            at,
            actorId: actor.userId,
            actorLogin: actor.login,
            caseId: c.id,
            fields,
            route,
          });
          await deps.audit.append(trx, {
            at,
            actorId: actor.userId,
            actorLogin: actor.login,
            action: 'personal-data.read',
            subjectType: 'case',
            subjectId: c.id,
            details: { fields, route },
          });
        });
      }
      return { case: c, personalData };
    },

    /** The timeline of a case in scope, oldest first. @throws NotFoundError outside scope. */
    async listEvents(id: string, actor: Actor): Promise<CaseEvent[]> {
      await visibleCase(id, actor);
      return deps.cases.listEvents(id);
    },

    /** The public view of a case by tracking code. @throws NotFoundError for unknown codes. */
    async trackCase(code: string): Promise<{ case: Case; events: CaseEvent[] }> {
      const normalised = normaliseTrackingCode(code);
      const c = normalised ? await deps.cases.findByTrackingCode(normalised) : undefined;
      if (!c) throw new NotFoundError('No case has this tracking code.');
      return { case: c, events: await deps.cases.listEvents(c.id) };
    },
  };
}

export type ReadCases = ReturnType<typeof createReadCases>;
