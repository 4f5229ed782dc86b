/**
 * Which e-mails and webhook deliveries a case change sends, rendered and ready to be
 * enqueued. The case writer calls it before its transaction opens (it only reads) and
 * inserts the result inside the transaction, so the messages commit with the change.
 */
import type { Case } from '../../domain/cases/case.ts';
import {
  noticesOf,
  reporterAddress,
  type StaffNoticeKind,
  type WebhookEvent,
} from '../../domain/notify/notices.ts';
import {
  renderDutyMail,
  renderReporterMail,
  renderStaffMail,
  type CaseFacts,
  type DutyMailInput,
} from '../../domain/notify/templates.ts';
import type { IdGenerator } from '../../domain/ports.ts';
import type { OutboxDraft, OutboxStore } from '../../storage/stores/outbox-store.ts';
import type { AreaLocator } from '../area-locator.ts';
import type { CaseChange } from '../case-writer.ts';
import type { ReferenceData, ReferenceDataCache } from '../reference-data.ts';

/** Where links in messages point. */
export interface LinkBase {
  publicUrl: string;
}

/** The public tracking page of a case. */
export function trackUrlOf(base: LinkBase, c: Pick<Case, 'trackingCode'>): string {
  return `${base.publicUrl}/track/${encodeURIComponent(c.trackingCode)}`;
}

/** Where the reporter rates the answer: the tracking page, opened at its rating form. */
export function rateUrlOf(base: LinkBase, c: Pick<Case, 'trackingCode'>): string {
  return `${trackUrlOf(base, c)}#rating`;
}

/** The staff page of a case. */
export function caseUrlOf(base: LinkBase, c: Pick<Case, 'id'>): string {
  return `${base.publicUrl}/staff/cases/${encodeURIComponent(c.id)}`;
}

/** The facts every message about a case shows (never the reporter's contact). */
export function caseFactsOf(c: Case, ref: ReferenceData): CaseFacts {
  const category = ref.categoryById.get(c.categoryId);
  return {
    trackingCode: c.trackingCode,
    title: c.title,
    category: { zh: category?.nameZh ?? '—', en: category?.nameEn ?? '—' },
    priority: c.priority,
    address: c.address,
    timeZone: ref.calendar.timeZone,
  };
}

/** Renders a message; a rendering fault becomes a dead message instead of failing the change. */
function rendered(render: () => { subject: string; text: string; html: string }): {
  mail: { subject: string; text: string; html: string };
  failure?: string;
} {
  try {
    return { mail: render() };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { mail: { subject: '', text: '', html: '' }, failure: `Not rendered: ${reason}` };
  }
}

/** The duty roster page of an area. */
export function rosterUrlOf(base: LinkBase, area: { code: string }): string {
  return `${base.publicUrl}/staff/duty?area=${encodeURIComponent(area.code)}`;
}

/**
 * The e-mail to an officer put on duty (`assigned`, A) or as cover (`cover`, B) for the
 * shifts of an area planned at once; none without an address. `dedupeKey` names the plan
 * or edit, so a retried request never mails twice.
 */
export function dutyMailDrafts(
  input: Omit<DutyMailInput, 'rosterUrl'> & {
    recipient: { userId: string; email: string } | undefined;
    base: LinkBase;
    dedupeKey: string;
  },
): OutboxDraft[] {
  const { recipient, base, dedupeKey, ...facts } = input;
  if (!recipient) return [];
  const { mail, failure } = rendered(() =>
    renderDutyMail({ ...facts, rosterUrl: rosterUrlOf(base, facts.area) }),
  );
  const template = `duty.${facts.reminder ? 'reminder.' : ''}${facts.kind}`;
  return [
    {
      kind: 'email' as const,
      dedupeKey: `${dedupeKey}:mail:${template}:${recipient.userId}`,
      caseId: null,
      payload: { to: recipient.email, ...mail, template },
      ...(failure ? { failure } : {}),
    },
  ];
}

/** One e-mail per staff member with an address, about `c`. */
export function staffMailDrafts(
  c: Case,
  kind: StaffNoticeKind,
  recipients: { userId: string; email: string }[],
  context: { ref: ReferenceData; base: LinkBase; dedupePrefix: string },
): OutboxDraft[] {
  if (recipients.length === 0) return [];
  const { mail, failure } = rendered(() =>
    renderStaffMail({
      ...caseFactsOf(c, context.ref),
      kind,
      caseUrl: caseUrlOf(context.base, c),
      stage: c.stage,
      due: c.stageDueAt,
    }),
  );
  return recipients.map((r) => ({
    kind: 'email' as const,
    dedupeKey: `${context.dedupePrefix}:mail:staff.${kind}:${r.userId}`,
    caseId: c.id,
    payload: { to: r.email, ...mail, template: `staff.${kind}` },
    ...(failure ? { failure } : {}),
  }));
}

/** The case as webhook receivers see it: public fields only, references by code. */
export function publicCaseOf(c: Case, ref: ReferenceData, areaCode: string | null) {
  return {
    // Never the tracking code: it is the reporter's own key to the case.
    id: c.id,
    status: c.status,
    category: ref.categoryById.get(c.categoryId)?.code ?? null,
    area: areaCode,
    department: c.departmentId ? (ref.departmentById.get(c.departmentId)?.code ?? null) : null,
    priority: c.priority,
    deadlines: c.deadlines,
    updatedAt: c.updatedAt,
  };
}

/** Builds the planner. */
export function createPlanMessages(deps: {
  reference: Pick<ReferenceDataCache, 'current'>;
  /** The case's area code comes from the locator's cached summaries. */
  locator: Pick<AreaLocator, 'summaries'>;
  outbox: Pick<OutboxStore, 'findStaffAddresses'>;
  ids: IdGenerator;
  /** False when no SMTP server is configured: then no e-mail is enqueued at all. */
  email: boolean;
  publicUrl: string;
}) {
  const base: LinkBase = { publicUrl: deps.publicUrl };

  /** The rendered messages of one change (reads only). */
  return async function planMessages(change: CaseChange): Promise<OutboxDraft[]> {
    const { before, after } = change;
    const notices = noticesOf({
      before,
      after,
      action: change.event.action,
      eventKind: change.event.kind,
      publicEvent: change.event.public,
      notifyKind: change.notify?.kind ?? null,
    });
    const ref = await deps.reference.current();
    // The subscriptions come with the reference data: no read per change.
    const hooks = notices.events.length > 0 ? ref.activeWebhooks : [];
    // A subscription hears only of cases inside its admin's subtree.
    const inScope = (h: { areaPath: string[] }) =>
      h.areaPath.every((id, k) => change.countedPath[k] === id);
    const subscribed = (event: WebhookEvent) =>
      hooks.filter((h) => h.events.includes(event) && inScope(h));
    const wantsWebhooks = notices.events.some((e) => subscribed(e).length > 0);
    const reporterEmail = deps.email && notices.reporter ? reporterAddress(after) : null;
    const staffIds =
      deps.email && notices.staff
        ? (change.notify?.userIds ?? []).filter((id) => id !== change.actor?.id)
        : [];
    if (!wantsWebhooks && !reporterEmail && staffIds.length === 0) return [];

    const prefix = `case:${after.id}:v${after.version}`;
    const drafts: OutboxDraft[] = [];

    if (reporterEmail && notices.reporter) {
      const kind = notices.reporter;
      const { mail, failure } = rendered(() =>
        renderReporterMail({
          ...caseFactsOf(after, ref),
          kind,
          trackUrl: trackUrlOf(base, after),
          rateUrl: kind === 'closed' ? rateUrlOf(base, after) : undefined,
          text: kind === 'closed' ? after.answer : change.event.note,
        }),
      );
      drafts.push({
        kind: 'email',
        dedupeKey: `${prefix}:mail:reporter.${kind}`,
        caseId: after.id,
        payload: { to: reporterEmail, ...mail, template: `reporter.${kind}` },
        ...(failure ? { failure } : {}),
      });
    }

    if (notices.staff && staffIds.length > 0) {
      const recipients = await deps.outbox.findStaffAddresses(staffIds);
      drafts.push(
        ...staffMailDrafts(after, notices.staff, recipients, { ref, base, dedupePrefix: prefix }),
      );
    }

    if (wantsWebhooks) {
      const [area] = await deps.locator.summaries([after.areaId]);
      const snapshot = publicCaseOf(after, ref, area?.code ?? null);
      for (const event of notices.events) {
        const targets = subscribed(event);
        if (targets.length === 0) continue;
        const body = JSON.stringify({
          id: deps.ids.next(),
          event,
          occurredAt: after.updatedAt,
          change: { action: change.event.action, from: before?.status ?? null, to: after.status },
          case: snapshot,
        });
        for (const hook of targets) {
          drafts.push({
            kind: 'webhook',
            dedupeKey: `${prefix}:hook:${event}:${hook.id}`,
            caseId: after.id,
            webhookId: hook.id,
            payload: { event, body },
          });
        }
      }
    }
    return drafts;
  };
}

export type PlanMessages = ReturnType<typeof createPlanMessages>;
