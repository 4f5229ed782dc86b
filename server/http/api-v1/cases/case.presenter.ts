/** How cases and their timelines are shown: to staff, and to the public by tracking code. */
import type { Static } from '@sinclair/typebox';
import type { Case } from '../../../domain/cases/case.ts';
import type { CaseAction } from '../../../domain/cases/transitions.ts';
import type { ReferenceData } from '../../../services/reference-data.ts';
import type { AreaSummary } from '../../../storage/stores/area-store.ts';
import type { CaseEvent } from '../../../storage/stores/case-store.ts';
import type { CaseView, EventView } from './cases.schemas.ts';

/** What the presenter needs beside the case. */
export interface PresentContext {
  ref: ReferenceData;
  areas: ReadonlyMap<string, AreaSummary>;
  /** Show the reporter's contact (the caller's role needs it; the read was logged). */
  personalData: boolean;
  actions?: CaseAction[];
  /** Display names of handlers by user id (staff names, shown to staff only). */
  handlerNames?: ReadonlyMap<string, { displayName: string }>;
}

function named(entity: { id: string; code: string; nameZh: string; nameEn: string } | undefined) {
  return entity
    ? { id: entity.id, code: entity.code, nameZh: entity.nameZh, nameEn: entity.nameEn }
    : null;
}

/** A case for staff (and for the reporter who just sent it). */
export function presentCase(c: Case, ctx: PresentContext): Static<typeof CaseView> {
  const area = ctx.areas.get(c.areaId);
  const anonymous =
    !c.reporter.name && !c.reporter.phone && !c.reporter.email && !c.reporter.userId;
  return {
    id: c.id,
    trackingCode: c.trackingCode,
    category: ctx.ref.categoryById.get(c.categoryId)?.code ?? c.categoryId,
    title: c.title,
    description: c.description,
    address: c.address,
    lat: c.lat,
    lon: c.lon,
    area: named(area) ?? { id: c.areaId, code: '', nameZh: '', nameEn: '' },
    department: c.departmentId ? named(ctx.ref.departmentById.get(c.departmentId)) : null,
    coDepartments: c.coDepartmentIds.map((id) => ({
      id,
      code: ctx.ref.departmentById.get(id)?.code ?? '',
    })),
    handler: c.handlerId
      ? {
          id: c.handlerId,
          ...(ctx.handlerNames?.has(c.handlerId)
            ? { displayName: ctx.handlerNames.get(c.handlerId)?.displayName as string }
            : {}),
        }
      : null,
    responsibleLead: c.responsibleLead,
    priority: c.priority,
    channel: c.channel,
    status: c.status,
    suspendedFrom: c.suspendedFrom,
    stage: c.stage,
    stageDueAt: c.stageDueAt,
    overdue: c.stageOverdue,
    deadlines: c.deadlines as Record<
      string,
      { due: string; doneAt: string | null; overdue: boolean }
    >,
    reporter: {
      anonymous,
      consent: c.reporter.consent,
      ...(ctx.personalData
        ? { name: c.reporter.name, phone: c.reporter.phone, email: c.reporter.email }
        : {}),
    },
    attributes: c.attributes,
    duplicateOf: c.duplicateOf,
    satisfaction: c.satisfaction,
    answer: c.answer,
    reworkCount: c.reworkCount,
    supervised: c.supervised,
    escalations: c.escalations,
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    closedAt: c.closedAt,
    ...(ctx.actions ? { actions: ctx.actions } : {}),
  };
}

/** One timeline entry for staff. */
export function presentEvent(
  e: CaseEvent,
  attachments: { id: string; mediaType: string }[],
): Static<typeof EventView> {
  return {
    id: e.id,
    kind: e.kind,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actor: e.actorId ? { id: e.actorId, name: e.actorName } : null,
    note: e.note,
    public: e.public,
    details: e.details,
    attachments,
    at: e.createdAt,
  };
}

/**
 * The public view of a case: status steps, public comments, the current deadline and the
 * answer; never the reporter, staff names, internal notes or exact coordinates' owner.
 */
export function presentTracking(
  c: Case,
  events: CaseEvent[],
  ref: ReferenceData,
  area: AreaSummary | undefined,
  original: Case | undefined,
) {
  const category = ref.categoryById.get(c.categoryId);
  return {
    trackingCode: c.trackingCode,
    category: category
      ? { code: category.code, nameZh: category.nameZh, nameEn: category.nameEn }
      : null,
    title: c.title,
    area: area ? { code: area.code, nameZh: area.nameZh, nameEn: area.nameEn } : null,
    status: c.status,
    stage: c.stage,
    deadline: c.stageDueAt,
    overdue: c.stageOverdue,
    createdAt: c.createdAt,
    closedAt: c.closedAt,
    answer: c.status === 'closed' ? c.answer : null,
    /** True once the reporter has rated the answer (one rating per case). */
    rated: events.some((e) => e.kind === 'rating'),
    rejectedBecause:
      c.status === 'rejected'
        ? (events.findLast((e) => e.action === 'reject')?.note ?? null)
        : null,
    /** The tracking code of the case this one duplicates, so its reporter can follow that one. */
    duplicateOf: original ? original.trackingCode : null,
    steps: events
      .filter((e) => e.fromStatus !== e.toStatus && e.toStatus !== null)
      .map((e) => ({ action: e.action, status: e.toStatus, at: e.createdAt })),
    publicComments: events
      .filter((e) => e.kind === 'comment' && e.public)
      .map((e) => ({ text: e.note, at: e.createdAt })),
  };
}
