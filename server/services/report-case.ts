/**
 * Intake (`POST /api/v1/cases`, Open311 POST, field reports): validate, route by location
 * to the grid cell and by category to a department, set the first deadline, look for
 * possible duplicates, and write the case with its event, counters and audit entry in
 * one transaction. A retried request with the same `Idempotency-Key` gets the first answer.
 */
import { caseNotification } from '../domain/notify/in-app.ts';
import { createHash } from 'node:crypto';
import { checkAttributes } from '../domain/cases/attributes.ts';
import type { Case, Channel } from '../domain/cases/case.ts';
import { startStage } from '../domain/cases/deadlines.ts';
import { DUPLICATE_WINDOW_DAYS } from '../domain/cases/duplicates.ts';
import { routeDepartment } from '../domain/cases/routing.ts';
import { formatTrackingCode } from '../domain/cases/tracking-code.ts';
import {
  ConflictError,
  ForbiddenError,
  ValidationError,
  type FieldProblem,
} from '../domain/errors.ts';
import type { Priority } from '../domain/org/category.ts';
import type { Actor } from '../domain/org/scope.ts';
import type { Clock, IdGenerator } from '../domain/ports.ts';
import type { AreaSummary } from '../storage/stores/area-store.ts';
import type { AttachmentStore } from '../storage/stores/attachment-store.ts';
import type { CaseStore } from '../storage/stores/case-store.ts';
import type { IdempotencyStore } from '../storage/stores/idempotency-store.ts';
import type { NotificationStore } from '../storage/stores/notification-store.ts';
import type { DutyStore } from '../storage/stores/duty-store.ts';
import type { AreaLocator } from './area-locator.ts';
import { randomPool } from './random-pool.ts';
import { createUrgentReach } from './urgent-reach.ts';
import type { WriteCaseChange } from './case-writer.ts';
import { reportableCategory, type ReferenceDataCache } from './reference-data.ts';

/** A report as the API receives it (shape already checked by the route schema). */
export interface ReportInput {
  category: string;
  description: string;
  lat: number;
  lon: number;
  address?: string;
  priority?: Priority;
  channel?: Channel;
  title?: string;
  reporter?: { name?: string; phone?: string; email?: string; consent: boolean };
  attributes?: Record<string, unknown>;
  attachments?: string[];
}

/** An open case near the new one, of the same category. */
export interface PossibleDuplicate {
  case: Case;
  distanceM: number;
}

/** The answer to a report. */
export interface ReportResult {
  case: Case;
  possibleDuplicates: PossibleDuplicate[];
  /** The case's grid cell (for the answer). */
  areas: AreaSummary[];
  /** True when this answer replays an earlier request with the same key. */
  replayed: boolean;
  stored?: { status: number; body: unknown };
}

const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const STAFF_CHANNELS: readonly Channel[] = ['web', 'field', 'phone', 'walk_in', 'inspection'];

/** Builds the intake use case. */
export function createReportCase(deps: {
  cases: Pick<CaseStore, 'findOpenNear' | 'findById'>;
  attachments: Pick<AttachmentStore, 'findByIds'>;
  idempotency: Pick<IdempotencyStore, 'find'>;
  notifications: Pick<NotificationStore, 'findRecipients'>;
  duty: Pick<DutyStore, 'findCovering'>;
  locator: Pick<AreaLocator, 'current' | 'summaries'>;
  reference: Pick<ReferenceDataCache, 'current'>;
  write: WriteCaseChange;
  clock: Clock;
  ids: IdGenerator;
}) {
  /** Who an urgent report reaches at once: the officers on duty, or everyone in a gap. */
  const urgentRecipients = createUrgentReach(deps);

  /**
   * Reports a problem.
   * @throws ValidationError for bad fields (outside every area, unknown category …);
   *   ConflictError when the idempotency key was used for another request.
   */
  return async function reportCase(
    input: ReportInput,
    actor: Actor | null,
    options: {
      idempotencyKey?: string;
      channel?: Channel;
      /** Builds the answer that a retry with the same key gets (synchronous: it runs inside the write). */
      present: (c: Case, duplicates: PossibleDuplicate[], areas: AreaSummary[]) => unknown;
    },
  ): Promise<ReportResult> {
    const key = options.idempotencyKey
      ? `report:${actor?.userId ?? 'anonymous'}:${options.idempotencyKey}`
      : null;
    // Only a keyed request is ever compared with a retry.
    const requestHash = key ? createHash('sha256').update(JSON.stringify(input)).digest('hex') : '';
    if (key) {
      const stored = await deps.idempotency.find(key);
      if (stored) {
        if (stored.requestHash !== requestHash) {
          throw new ConflictError('This Idempotency-Key was already used for a different request.');
        }
        const body = stored.body as { id?: string };
        const existing = body.id ? await deps.cases.findById(body.id) : undefined;
        if (!existing) throw new ConflictError('This Idempotency-Key was already used.');
        return {
          case: existing,
          possibleDuplicates: [],
          areas: [],
          replayed: true,
          stored: { status: stored.status, body: stored.body },
        };
      }
    }

    const ref = await deps.reference.current();
    const problems: FieldProblem[] = [];
    const { category, problem } = reportableCategory(ref, input.category);
    if (problem) problems.push(problem);
    const description = input.description.trim();
    if (description.length < 3)
      problems.push({
        field: '/description',
        message: 'describe the problem (3 characters or more)',
      });
    const reporter = input.reporter;
    const hasContact = Boolean(
      reporter?.name?.trim() || reporter?.phone?.trim() || reporter?.email?.trim(),
    );
    if (hasContact && reporter?.consent !== true) {
      problems.push({
        field: '/reporter/consent',
        message:
          'contact details are kept only with consent: set consent to true or leave them out',
      });
    }
    if (reporter?.phone?.trim() && !PHONE.test(reporter.phone.trim()))
      problems.push({ field: '/reporter/phone', message: 'is not a phone number' });
    if (reporter?.email?.trim() && !EMAIL.test(reporter.email.trim()))
      problems.push({ field: '/reporter/email', message: 'is not an e-mail address' });

    const channel: Channel = options.channel ?? input.channel ?? (actor ? 'field' : 'web');
    if (!options.channel && input.channel && !STAFF_CHANNELS.includes(input.channel)) {
      problems.push({
        field: '/channel',
        message: `"${input.channel}" is set by its own interface`,
      });
    }
    const isStaff = actor !== null && actor.grants.some((g) => g.role !== 'resident');
    if (!actor && !options.channel && channel !== 'web') {
      throw new ForbiddenError('Only staff report through other channels than the web.');
    }

    const index = await deps.locator.current();
    const locatedId = index.locate(input.lon, input.lat);
    if (!locatedId)
      problems.push({
        field: '/lat',
        message: 'the point lies outside every area civicgrid serves',
      });

    let attributes: Record<string, unknown> = {};
    if (category) {
      try {
        attributes = checkAttributes(category.attributes, input.attributes);
      } catch (error) {
        if (error instanceof ValidationError) problems.push(...error.fields);
        else throw error;
      }
    }
    const attachmentIds = [...new Set(input.attachments ?? [])];
    if (attachmentIds.length > 0) {
      const found = await deps.attachments.findByIds(attachmentIds);
      const usable = new Set(
        found
          .filter(
            (a) => a.caseId === null && (a.uploadedBy === null || a.uploadedBy === actor?.userId),
          )
          .map((a) => a.id),
      );
      attachmentIds.forEach((id, i) => {
        if (!usable.has(id))
          problems.push({
            field: `/attachments/${i}`,
            message: 'unknown or already used attachment',
          });
      });
    }
    if (problems.length > 0 || !category || !locatedId) {
      throw new ValidationError('The report was not accepted.', problems);
    }

    const now = deps.clock.now();
    const stamp = now.toISOString();
    const path = index.lineage(locatedId);
    const priority: Priority = input.priority ?? category.defaultPriority;
    const departmentId = routeDepartment(category.id, path, ref.categoryById, ref.rules);
    const title = input.title?.trim() || description.slice(0, 60);
    let draft: Case = {
      id: deps.ids.next(),
      trackingCode: formatTrackingCode(randomPool.bytes(8)),
      categoryId: category.id,
      title,
      description,
      address: input.address?.trim() || null,
      lat: input.lat,
      lon: input.lon,
      areaId: locatedId,
      areaPath: path,
      locatedAreaId: locatedId,
      priority,
      channel,
      status: 'submitted',
      suspendedFrom: null,
      departmentId,
      coDepartmentIds: [],
      handlerId: null,
      responsibleLead: null,
      reporter: {
        userId: actor?.userId ?? null,
        name: hasContact ? reporter?.name?.trim() || null : null,
        phone: hasContact ? reporter?.phone?.trim() || null : null,
        email: hasContact ? reporter?.email?.trim().toLowerCase() || null : null,
        consent: reporter?.consent === true,
      },
      attributes,
      duplicateOf: null,
      satisfaction: null,
      answer: null,
      reworkCount: 0,
      supervised: false,
      escalations: 0,
      stage: null,
      stageDueAt: null,
      stageOverdue: false,
      escalateAt: null,
      dueCounted: false,
      deadlines: {},
      suspendedAt: null,
      version: 1,
      createdAt: stamp,
      updatedAt: stamp,
      closedAt: null,
    };
    draft = startStage(draft, 'register', now, ref.policyFor(category.id, priority), ref.calendar);

    const since = new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000).toISOString();
    let possibleDuplicates: PossibleDuplicate[] = [];
    const areas = await deps.locator.summaries([locatedId]);
    const notify =
      priority === 'urgent'
        ? {
            userIds: await urgentRecipients(path, now),
            ...caseNotification('case.urgent', draft),
          }
        : undefined;

    await deps.write({
      before: null,
      after: draft,
      countedPath: path,
      event: {
        kind: 'transition',
        action: 'report',
        fromStatus: null,
        note: null,
        public: true,
        details: { channel, priority },
      },
      actor: actor ? { id: actor.userId, login: actor.login, name: actor.displayName } : null,
      // Advice to the reporter, read with the write: cases reported a moment before in
      // the same group count too.
      readFirst: async (trx) => {
        possibleDuplicates = await deps.cases.findOpenNear(
          category.id,
          { lat: input.lat, lon: input.lon },
          category.duplicateRadiusM,
          since,
          10,
          trx,
        );
      },
      counters: [
        { metric: 'reported', n: 1 },
        { metric: `category:${category.code}`, n: 1 },
        { metric: `channel:${channel}`, n: 1 },
      ],
      audit: {
        action: 'case.report',
        details: {
          categoryId: category.id,
          areaId: locatedId,
          priority,
          channel,
          departmentId,
          staff: isStaff,
        },
      },
      attachmentIds,
      notify,
      idempotency: key
        ? {
            key,
            requestHash,
            answer: (c) => ({
              status: 201,
              body: options.present(c, possibleDuplicates, areas),
            }),
          }
        : undefined,
    });
    return { case: draft, possibleDuplicates, areas, replayed: false };
  };
}
