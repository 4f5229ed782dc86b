/**
 * Administration of what deadlines and routing follow: SLA policies per category ×
 * priority, the holiday and make-up-day list of the calendar, and per-area routing
 * overrides. Each change is audited and takes effect at once in this instance (within
 * the reference-data TTL in others).
 */
import { DEFAULT_SLA, type SlaPolicy } from '../domain/cases/deadlines.ts';
import { STAGES } from '../domain/cases/case.ts';
import { parseCalendar } from '../domain/calendar/working-hours.ts';
import { ValidationError, type FieldProblem } from '../domain/errors.ts';
import type { Priority } from '../domain/org/category.ts';
import { requireRole, scopeCoversArea, scopeOf, type Actor } from '../domain/org/scope.ts';
import { ForbiddenError, NotFoundError } from '../domain/errors.ts';
import type { Clock } from '../domain/ports.ts';
import type { Db } from '../storage/database.ts';
import type { AreaStore } from '../storage/stores/area-store.ts';
import type { AuditStore } from '../storage/stores/audit-store.ts';
import type { OrgStore } from '../storage/stores/org-store.ts';
import type { PolicyStore } from '../storage/stores/policy-store.ts';
import { createAuditedConfig } from './audited-config.ts';
import type { ReferenceVersionStore } from '../storage/stores/reference-version.ts';
import type { CalendarSettings, ReferenceDataCache } from './reference-data.ts';

const MAX_MINUTES = 60 * 24 * 365;

/** Builds the administration use cases. */
export function createManagePolicies(deps: {
  db: Db;
  policies: PolicyStore;
  areas: Pick<AreaStore, 'findById' | 'findByCode' | 'findSummariesByIds'>;
  audit: Pick<AuditStore, 'append'>;
  org: Pick<OrgStore, 'lockTree' | 'listDepartments'>;
  reference: ReferenceDataCache;
  referenceVersion: Pick<ReferenceVersionStore, 'bump'>;
  calendar: CalendarSettings;
  clock: Clock;
}) {
  const audited = createAuditedConfig(deps);
  /**
   * The area and category a routing rule names (by id or code), with a problem for each
   * one that is unknown; the reference data is returned for further lookups.
   */
  async function routingTarget(input: { area: string; category: string }) {
    const ref = await deps.reference.current();
    const area =
      (await deps.areas.findById(input.area)) ?? (await deps.areas.findByCode(input.area));
    const category = ref.categoryByCode.get(input.category) ?? ref.categoryById.get(input.category);
    const problems: FieldProblem[] = [
      ...(area ? [] : [{ field: '/area', message: `unknown area "${input.area}"` }]),
      ...(category
        ? []
        : [{ field: '/category', message: `unknown category "${input.category}"` }]),
    ];
    return { ref, area, category, problems };
  }

  return {
    /** Stored policies (by category code; null = the default of a priority) and the built-in defaults. */
    async listPolicies() {
      const ref = await deps.reference.current();
      const stored = await deps.policies.listPolicies();
      return {
        builtIn: Object.values(DEFAULT_SLA),
        items: stored.map((p) => ({
          ...p,
          category: p.categoryId ? (ref.categoryById.get(p.categoryId)?.code ?? null) : null,
        })),
      };
    },

    /**
     * Sets the policy of a category (or the default, when `category` is null) and priority.
     * @throws ForbiddenError for non-admins; ValidationError for bad minutes or an unknown category.
     */
    async putPolicy(
      actor: Actor,
      input: {
        category: string | null;
        priority: Priority;
        minutes: Record<string, number>;
        escalateAfterOverdueMinutes: number | null;
      },
    ): Promise<void> {
      requireRole(actor, ['admin']);
      const ref = await deps.reference.current();
      const problems: FieldProblem[] = [];
      let categoryId: string | null = null;
      if (input.category !== null) {
        const category =
          ref.categoryByCode.get(input.category) ?? ref.categoryById.get(input.category);
        if (!category)
          problems.push({ field: '/category', message: `unknown category "${input.category}"` });
        else categoryId = category.id;
      }
      for (const stage of STAGES) {
        const value = input.minutes[stage];
        if (value === undefined || !Number.isInteger(value) || value < 1 || value > MAX_MINUTES) {
          problems.push({
            field: `/minutes/${stage}`,
            message: `a whole number of minutes from 1 to ${MAX_MINUTES}`,
          });
        }
      }
      const escalate = input.escalateAfterOverdueMinutes;
      if (
        escalate !== null &&
        (!Number.isInteger(escalate) || escalate < 0 || escalate > MAX_MINUTES)
      ) {
        problems.push({
          field: '/escalateAfterOverdueMinutes',
          message: `null, or minutes from 0 to ${MAX_MINUTES}`,
        });
      }
      if (problems.length > 0) throw new ValidationError('The SLA policy was not saved.', problems);
      const policy: SlaPolicy & { categoryId: string | null } = {
        categoryId,
        priority: input.priority,
        minutes: Object.fromEntries(
          STAGES.map((s) => [s, input.minutes[s] as number]),
        ) as SlaPolicy['minutes'],
        escalateAfterOverdueMinutes: escalate,
      };
      await audited(
        actor,
        {
          action: 'config.sla-policy',
          subjectId: `${input.category ?? 'default'}:${input.priority}`,
          details: { ...policy },
        },
        (trx) => deps.policies.putPolicy(policy, trx),
      );
    },

    /** The calendar as configured, with its holidays and make-up days. */
    async getCalendar() {
      return { ...deps.calendar, days: await deps.policies.listCalendarDays() };
    },

    /**
     * Replaces the holidays and make-up days in [from, to].
     * @throws ForbiddenError for non-admins; ValidationError for bad dates or a day listed twice.
     */
    async putCalendarDays(
      actor: Actor,
      input: {
        from: string;
        to: string;
        days: { date: string; kind: 'holiday' | 'workday'; name?: string }[];
      },
    ): Promise<void> {
      requireRole(actor, ['admin']);
      const problems: FieldProblem[] = [];
      if (!(input.from <= input.to))
        problems.push({ field: '/from', message: 'must not be after "to"' });
      input.days.forEach((day, i) => {
        if (day.date < input.from || day.date > input.to)
          problems.push({ field: `/days/${i}/date`, message: 'lies outside from..to' });
      });
      if (problems.length > 0) throw new ValidationError('The calendar was not saved.', problems);
      // The calendar parser checks every date and refuses a day that is both kinds.
      parseCalendar({
        ...deps.calendar,
        holidays: input.days.filter((d) => d.kind === 'holiday').map((d) => d.date),
        workdays: input.days.filter((d) => d.kind === 'workday').map((d) => d.date),
      });
      const seen = new Set<string>();
      for (const [i, day] of input.days.entries()) {
        if (seen.has(day.date))
          throw new ValidationError('A day is listed twice.', [
            { field: `/days/${i}/date`, message: `${day.date} is listed twice` },
          ]);
        seen.add(day.date);
      }
      await audited(
        actor,
        {
          action: 'config.calendar',
          subjectId: `${input.from}..${input.to}`,
          details: { days: input.days.length },
        },
        (trx) =>
          deps.policies.replaceCalendarDays(
            input.from,
            input.to,
            input.days.map((d) => ({ date: d.date, kind: d.kind, name: d.name?.trim() || null })),
            trx,
          ),
      );
    },

    /** Routing overrides, with codes (and the area's names, to show it without a lookup). */
    async listRoutingRules() {
      const ref = await deps.reference.current();
      const rules = await deps.policies.listRoutingRules();
      const areas = await deps.areas.findSummariesByIds([...new Set(rules.map((r) => r.areaId))]);
      const areaById = new Map(areas.map((a) => [a.id, a]));
      return rules.map((r) => {
        const area = areaById.get(r.areaId);
        return {
          ...r,
          area: area?.code ?? null,
          areaNameZh: area?.nameZh ?? null,
          areaNameEn: area?.nameEn ?? null,
          category: ref.categoryById.get(r.categoryId)?.code ?? null,
          department: ref.departmentById.get(r.departmentId)?.code ?? null,
        };
      });
    },

    /**
     * Routes a category (and its sub-categories) to a department inside an area's subtree.
     * @throws ForbiddenError for non-admins or an area outside the admin's scope; ValidationError for unknown references.
     */
    async putRoutingRule(
      actor: Actor,
      input: { area: string; category: string; department: string },
    ): Promise<void> {
      requireRole(actor, ['admin']);
      const { ref, area, category, problems } = await routingTarget(input);
      const department =
        ref.departmentByCode.get(input.department) ?? ref.departmentById.get(input.department);
      if (!department)
        problems.push({
          field: '/department',
          message: `unknown department "${input.department}"`,
        });
      else if (!department.active)
        problems.push({
          field: '/department',
          message: `"${department.code}" is retired: choose another department`,
        });
      if (problems.length > 0 || !area || !category || !department)
        throw new ValidationError('The routing rule was not saved.', problems);
      if (!scopeCoversArea(scopeOf(actor, ['admin']), area.path))
        throw new ForbiddenError('The area is outside your scope.');
      await audited(
        actor,
        {
          action: 'config.routing-rule',
          subjectId: `${area.code}:${category.code}`,
          details: { departmentId: department.id },
        },
        async (trx) => {
          // Read the department again under the tree's lock: retiring it (on any instance)
          // checks for overrides under the same lock, so neither can slip past the other.
          await deps.org.lockTree('departments', trx);
          const stored = (await deps.org.listDepartments(trx)).find((d) => d.id === department.id);
          if (!stored?.active)
            throw new ValidationError('The routing rule was not saved.', [
              {
                field: '/department',
                message: `"${department.code}" is retired: choose another department`,
              },
            ]);
          await deps.policies.putRoutingRule(
            { areaId: area.id, categoryId: category.id, departmentId: department.id },
            trx,
          );
        },
      );
    },

    /**
     * Removes the routing override of a category inside an area, so the category's
     * default (or a wider override) applies there again.
     * @throws ForbiddenError for non-admins or an area outside the admin's scope;
     *   ValidationError for unknown references; NotFoundError when there is no such override.
     */
    async deleteRoutingRule(actor: Actor, input: { area: string; category: string }) {
      requireRole(actor, ['admin']);
      const { area, category, problems } = await routingTarget(input);
      if (problems.length > 0 || !area || !category)
        throw new ValidationError('The routing rule was not removed.', problems);
      if (!scopeCoversArea(scopeOf(actor, ['admin']), area.path))
        throw new ForbiddenError('The area is outside your scope.');
      await audited(
        actor,
        {
          action: 'config.routing-rule-removed',
          subjectId: `${area.code}:${category.code}`,
          details: {},
        },
        async (trx) => {
          if (!(await deps.policies.deleteRoutingRule(area.id, category.id, trx)))
            throw new NotFoundError(`No routing override for ${category.code} in ${area.code}.`);
        },
      );
    },
  };
}

export type ManagePolicies = ReturnType<typeof createManagePolicies>;
