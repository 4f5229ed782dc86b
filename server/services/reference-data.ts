/**
 * Slow-changing reference data that every intake and step needs — categories,
 * departments, SLA policies, routing overrides, the calendar, the active webhook
 * subscriptions — loaded once and kept, so
 * the request path does not query it each time. Changes made through this process call
 * `invalidate()`. Every change also bumps the stored reference version in its own
 * transaction; the cache compares it at most every `recheckMs` (one tiny read), so other
 * instances see a change within about a second. `ttlMs` reloads regardless, as a backstop.
 */
import { parseCalendar, type WorkCalendar } from '../domain/calendar/working-hours.ts';
import { DEFAULT_SLA, type SlaPolicy } from '../domain/cases/deadlines.ts';
import { categoryLineage, type RoutingRule } from '../domain/cases/routing.ts';
import type { FieldProblem } from '../domain/errors.ts';
import type { Category, Department, Priority } from '../domain/org/category.ts';
import type { OrgStore } from '../storage/stores/org-store.ts';
import type { PolicyStore } from '../storage/stores/policy-store.ts';
import type { ReferenceVersionStore } from '../storage/stores/reference-version.ts';
import type { Webhook, WebhookStore } from '../storage/stores/webhook-store.ts';

/** The calendar settings from configuration; holidays come from storage. */
export interface CalendarSettings {
  timeZone: string;
  workDays: string;
  hours: string;
}

/** One consistent snapshot of the reference data. */
export interface ReferenceData {
  categories: Category[];
  categoryById: Map<string, Category>;
  categoryByCode: Map<string, Category>;
  /** Ids of categories that have children (a case takes a leaf). */
  parentCategoryIds: Set<string>;
  /**
   * Ids of the categories a new report may take: leaves that are active, under active
   * parents (retiring a group retires everything under it).
   */
  reportableCategoryIds: Set<string>;
  departments: Department[];
  departmentById: Map<string, Department>;
  departmentByCode: Map<string, Department>;
  rules: RoutingRule[];
  calendar: WorkCalendar;
  /** Active webhook subscriptions, oldest first (every case change is matched against them). */
  activeWebhooks: Webhook[];
  /** The SLA policy for a category (or its nearest ancestor with one) and priority. */
  policyFor(categoryId: string, priority: Priority): SlaPolicy;
}

/**
 * The category (by code or id) a report or a registration may take, or the problem with
 * it: unknown, a group (a case takes a leaf) or retired.
 */
export function reportableCategory(
  ref: ReferenceData,
  codeOrId: string,
): { category: Category; problem?: undefined } | { category?: undefined; problem: FieldProblem } {
  const category = ref.categoryByCode.get(codeOrId) ?? ref.categoryById.get(codeOrId);
  const field = '/category';
  if (!category) return { problem: { field, message: `unknown category "${codeOrId}"` } };
  if (ref.parentCategoryIds.has(category.id))
    return {
      problem: { field, message: `"${category.code}" is a group: choose one of its categories` },
    };
  if (!ref.reportableCategoryIds.has(category.id))
    return {
      problem: { field, message: `"${category.code}" is retired: choose another category` },
    };
  return { category };
}

/** Builds the cache. */
export function createReferenceData(deps: {
  org: Pick<OrgStore, 'listCategories' | 'listDepartments'>;
  policies: Pick<PolicyStore, 'listPolicies' | 'listRoutingRules' | 'listCalendarDays'>;
  calendar: CalendarSettings;
  /** Active webhook subscriptions; without it, none. */
  webhooks?: Pick<WebhookStore, 'listActive'>;
  /** The stored reference version; without it, only `ttlMs` and `invalidate()` refresh. */
  version?: Pick<ReferenceVersionStore, 'read'>;
  ttlMs?: number;
  recheckMs?: number;
  now?: () => number;
}) {
  const ttl = deps.ttlMs ?? 30_000;
  const recheck = deps.recheckMs ?? 1_000;
  const now = deps.now ?? Date.now;
  let snapshot: ReferenceData | null = null;
  let loadedAt = -Infinity;
  let checkedAt = -Infinity;
  let loadedVersion: string | null = null;
  let loading: Promise<ReferenceData> | null = null;
  let checking: Promise<void> | null = null;

  async function load(): Promise<{ data: ReferenceData; version: string | null }> {
    // Read first: a change committed while the rest loads is noticed at the next check.
    const version = deps.version ? await deps.version.read() : null;
    const [categories, departments, policies, rules, days, activeWebhooks] = await Promise.all([
      deps.org.listCategories(),
      deps.org.listDepartments(),
      deps.policies.listPolicies(),
      deps.policies.listRoutingRules(),
      deps.policies.listCalendarDays(),
      deps.webhooks?.listActive() ?? [],
    ]);
    const categoryById = new Map(categories.map((c) => [c.id, c]));
    const parentCategoryIds = new Set(categories.flatMap((c) => (c.parentId ? [c.parentId] : [])));
    const reportableCategoryIds = new Set(
      categories
        .filter(
          (c) =>
            !parentCategoryIds.has(c.id) &&
            categoryLineage(c.id, categoryById).every((id) => categoryById.get(id)?.active),
        )
        .map((c) => c.id),
    );
    const calendar = parseCalendar({
      timeZone: deps.calendar.timeZone,
      workDays: deps.calendar.workDays,
      hours: deps.calendar.hours,
      holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.date),
      workdays: days.filter((d) => d.kind === 'workday').map((d) => d.date),
    });
    const stored = new Map(policies.map((p) => [`${p.categoryId ?? ''}|${p.priority}`, p]));
    const data: ReferenceData = {
      categories,
      categoryById,
      categoryByCode: new Map(categories.map((c) => [c.code, c])),
      parentCategoryIds,
      reportableCategoryIds,
      departments,
      departmentById: new Map(departments.map((d) => [d.id, d])),
      departmentByCode: new Map(departments.map((d) => [d.code, d])),
      rules,
      calendar,
      activeWebhooks,
      policyFor(categoryId, priority) {
        for (const id of categoryLineage(categoryId, categoryById)) {
          const policy = stored.get(`${id}|${priority}`);
          if (policy) return policy;
        }
        return stored.get(`|${priority}`) ?? DEFAULT_SLA[priority];
      },
    };
    return { data, version };
  }

  /** Loads a new snapshot (one load at a time, shared by callers). */
  function reload(): Promise<ReferenceData> {
    loading ??= load().then(
      ({ data, version }) => {
        snapshot = data;
        loadedVersion = version;
        loadedAt = now();
        checkedAt = loadedAt;
        loading = null;
        return data;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  }

  /**
   * Compares the stored version with the one loaded, off the request path: callers keep
   * the snapshot they have, and the next ones get the reloaded data when it moved. A
   * failed read is retried at the next interval.
   */
  function checkInBackground(store: Pick<ReferenceVersionStore, 'read'>): void {
    if (checking || loading) return;
    checking = (async () => {
      try {
        const stored = await store.read();
        checkedAt = now();
        if (stored !== loadedVersion) await reload();
      } catch {
        checkedAt = now();
      } finally {
        checking = null;
      }
    })();
  }

  return {
    /**
     * The current snapshot: reloaded when older than the TTL or after `invalidate()`
     * (the caller waits), and in the background when the stored version moved (compared
     * at most every `recheckMs`; the callers meanwhile keep the snapshot they have).
     */
    async current(): Promise<ReferenceData> {
      if (snapshot && now() - loadedAt < ttl) {
        if (deps.version && now() - checkedAt >= recheck) checkInBackground(deps.version);
        return snapshot;
      }
      return reload();
    },
    /** Forgets the snapshot after a change. */
    invalidate(): void {
      loadedAt = -Infinity;
    },
  };
}

export type ReferenceDataCache = ReturnType<typeof createReferenceData>;
