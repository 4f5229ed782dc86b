/**
 * Planning the duty roster (SPEC "Staff"). Grid leaders and admins plan the shifts of
 * areas in their scope; dispatchers, grid staff and supervisors read them. A shift's
 * officers must hold a duty role on the area or an ancestor. Shifts of one area never
 * overlap: the check and the write run under a lock on the area. Ended shifts are the
 * record of who was on duty and never change; a running shift keeps its start (its
 * officers may be swapped); only shifts that have not started can be deleted. Every edit
 * names the `version` it read, and every change is audited in its own transaction.
 */
import { dutyNotification } from '../domain/notify/in-app.ts';
import {
  ConflictError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldProblem,
} from '../domain/errors.ts';
import {
  checkShift,
  DUTY_PLANNER_ROLES,
  DUTY_READER_ROLES,
  firstOverlap,
  gapsIn,
  MAX_REPEAT_DAYS,
  MAX_ROSTER_WINDOW_MS,
  overlaps,
  remindedOnPlan,
  repeatDaily,
  urgentDuty,
  type DutyShift,
  type Span,
} from '../domain/duty/duty-shift.ts';
import type { Area } from '../domain/areas/area.ts';
import { requireRole, scopeCoversArea, scopeOf, type Actor } from '../domain/org/scope.ts';
import type { Clock, IdGenerator } from '../domain/ports.ts';
import type { Db } from '../storage/database.ts';
import type { AreaStore } from '../storage/stores/area-store.ts';
import type { AuditStore } from '../storage/stores/audit-store.ts';
import type { DutyCandidate, DutyShiftChanges, DutyStore } from '../storage/stores/duty-store.ts';
import type { NotificationStore } from '../storage/stores/notification-store.ts';
import type { OutboxStore } from '../storage/stores/outbox-store.ts';
import { dutyMailDrafts } from './notify/plan-messages.ts';
import type { ReferenceDataCache } from './reference-data.ts';
import type { Database } from '../storage/schema/database.ts';
import type { Transaction } from 'kysely';

/** A new shift as a planner asks for it; `repeatDays` plans it on consecutive days. */
export interface NewShiftInput {
  area: string;
  startsAt: string;
  endsAt: string;
  primaryUserId: string;
  backupUserId?: string | null;
  note?: string | null;
  repeatDays?: number;
}

export interface ShiftEdit {
  version: number;
  startsAt?: string;
  endsAt?: string;
  primaryUserId?: string;
  backupUserId?: string | null;
  note?: string | null;
}

/** The roster of an area over a window: its shifts and its ancestors', and the gaps. */
export interface Roster {
  area: Area;
  shifts: DutyShift[];
  gaps: Span[];
}

const blankToNull = (s: string | null | undefined): string | null =>
  s === undefined || s === null || s.trim() === '' ? null : s.trim();

function describeSpan(s: Span): string {
  return `${s.startsAt} – ${s.endsAt}`;
}

export function createManageDuty(deps: {
  db: Db;
  duty: DutyStore;
  areas: Pick<AreaStore, 'findById' | 'findByCode'>;
  audit: Pick<AuditStore, 'append'>;
  notifications: Pick<NotificationStore, 'insertMany'>;
  /** E-mail to the officers (when `email`): their addresses and the outbox. */
  outbox?: Pick<OutboxStore, 'findStaffAddresses' | 'enqueue'>;
  reference?: Pick<ReferenceDataCache, 'current'>;
  email?: boolean;
  publicUrl?: string;
  clock: Clock;
  ids: IdGenerator;
}) {
  const { duty } = deps;

  /**
   * Tells the people put on duty, in the same transaction as the plan: the officer
   * (`duty.assigned`) and the cover (`duty.cover`), each once per change, in-app and, when
   * SMTP is configured and they have an address, by e-mail (through the outbox, sent after
   * the commit). `mail` (null without SMTP) carries the city's time zone and a key naming
   * the plan or edit, so a message is never enqueued twice.
   */
  async function tellOfficers(
    trx: Transaction<Database>,
    area: Area,
    spans: Span[],
    officers: { primaryUserId?: string | null; backupUserId?: string | null },
    now: Date,
    mail: { timeZone: string; planKey: string } | null,
  ): Promise<void> {
    if (spans.length === 0) return;
    const told = [
      [officers.primaryUserId, 'duty.assigned'],
      [officers.backupUserId, 'duty.cover'],
    ] as const;
    const outbox = mail ? deps.outbox : undefined;
    const addresses = outbox
      ? await outbox.findStaffAddresses(
          told.flatMap(([id]) => (id ? [id] : [])),
          trx,
        )
      : [];
    for (const [userId, kind] of told) {
      if (!userId) continue;
      await deps.notifications.insertMany(
        trx,
        [userId],
        { caseId: null, ...dutyNotification(kind, area, spans) },
        now,
      );
      if (!outbox || !mail) continue;
      const drafts = dutyMailDrafts({
        kind: kind === 'duty.assigned' ? 'assigned' : 'cover',
        area,
        spans,
        timeZone: mail.timeZone,
        recipient: addresses.find((a) => a.userId === userId),
        base: { publicUrl: deps.publicUrl ?? '' },
        dedupeKey: `duty:${mail.planKey}`,
      });
      if (drafts.length > 0) await outbox.enqueue(trx, drafts, now);
    }
  }

  /**
   * What e-mail to officers needs, read before a plan's transaction (the calendar's time
   * zone); null when no e-mail is sent (no SMTP server configured).
   */
  async function mailContext(
    planKey: string,
  ): Promise<{ timeZone: string; planKey: string } | null> {
    if (!deps.email || !deps.outbox || !deps.reference) return null;
    return { timeZone: (await deps.reference.current()).calendar.timeZone, planKey };
  }

  /** The area by id or code, when the actor reaches it with `roles`. */
  async function areaFor(actor: Actor, idOrCode: string, roles: typeof DUTY_READER_ROLES) {
    requireRole(actor, roles);
    const area = (await deps.areas.findById(idOrCode)) ?? (await deps.areas.findByCode(idOrCode));
    if (!area) {
      throw new ValidationError(`There is no area "${idOrCode}".`, [
        { field: '/area', message: 'unknown area' },
      ]);
    }
    if (!scopeCoversArea(scopeOf(actor, roles), area.path))
      throw new ForbiddenError(`The area "${area.code}" is outside your scope.`);
    return area;
  }

  /** True when the actor may plan the area's roster. */
  function plans(actor: Actor, area: Pick<Area, 'path'>): boolean {
    return scopeCoversArea(scopeOf(actor, DUTY_PLANNER_ROLES), area.path);
  }

  /** The shift and its area, when the actor plans that area. */
  async function plannedShift(actor: Actor, id: string) {
    requireRole(actor, DUTY_PLANNER_ROLES);
    const shift = await duty.findById(id);
    const area = shift && (await deps.areas.findById(shift.areaId));
    if (!shift || !area || !scopeCoversArea(scopeOf(actor, DUTY_READER_ROLES), area.path))
      throw new NotFoundError(`No duty shift "${id}" in your scope.`);
    if (!plans(actor, area))
      throw new ForbiddenError(`You do not plan the roster of "${area.code}".`);
    return { shift, area };
  }

  /** Refuses officers who may not stand duty in the area. */
  async function checkOfficers(
    area: Area,
    officers: { primaryUserId: string; backupUserId: string | null },
    exec?: Parameters<DutyStore['listCandidates']>[2],
  ): Promise<void> {
    const ids = [officers.primaryUserId, officers.backupUserId].filter(
      (id): id is string => id !== null,
    );
    const eligible = new Set(
      (await duty.listCandidates(area.path, { ids, limit: 2 }, exec)).map((c) => c.id),
    );
    const problems: FieldProblem[] = [];
    const why = `must be an active dispatcher or grid leader (those who register reports) of "${area.code}" or an area above it`;
    if (!eligible.has(officers.primaryUserId))
      problems.push({ field: '/primaryUserId', message: why });
    if (officers.backupUserId !== null && !eligible.has(officers.backupUserId))
      problems.push({ field: '/backupUserId', message: why });
    if (problems.length > 0)
      throw new ValidationError('Someone chosen cannot stand duty here.', problems);
  }

  function overlapError(span: Span, other: Span): ConflictError {
    return new ConflictError(
      `The shift ${describeSpan(span)} overlaps the shift ${describeSpan(other)} of the same area.`,
    );
  }

  return {
    /** True when the actor may plan the area's roster (to present `editable`). */
    plans,

    /** The roster of an area over [from, to): shifts on its path and the uncovered gaps. */
    async roster(actor: Actor, input: { area: string; from: string; to: string }): Promise<Roster> {
      const area = await areaFor(actor, input.area, DUTY_READER_ROLES);
      const from = Date.parse(input.from);
      const to = Date.parse(input.to);
      const problems: FieldProblem[] = [];
      if (Number.isNaN(from))
        problems.push({ field: '/from', message: 'must be a date and time', in: 'querystring' });
      if (Number.isNaN(to))
        problems.push({ field: '/to', message: 'must be a date and time', in: 'querystring' });
      else if (!Number.isNaN(from) && to <= from)
        problems.push({ field: '/to', message: 'must be after `from`', in: 'querystring' });
      else if (!Number.isNaN(from) && to - from > MAX_ROSTER_WINDOW_MS)
        problems.push({
          field: '/to',
          message: 'the window spans at most 62 days',
          in: 'querystring',
        });
      if (problems.length > 0) throw new ValidationError('The window is not valid.', problems);
      const window = { startsAt: new Date(from).toISOString(), endsAt: new Date(to).toISOString() };
      const shifts = await duty.listOverlapping(area.path, window);
      return { area, shifts, gaps: gapsIn(window, shifts) };
    },

    /** The shift an urgent report in the area would reach now, if any. */
    async current(actor: Actor, idOrCode: string): Promise<DutyShift | null> {
      const area = await areaFor(actor, idOrCode, DUTY_READER_ROLES);
      const now = deps.clock.now();
      return urgentDuty(area.path, await duty.findCovering(area.path, now), now)?.shift ?? null;
    },

    /** Staff the planner may put on duty in the area. */
    async candidates(
      actor: Actor,
      input: { area: string; q?: string; limit: number },
    ): Promise<DutyCandidate[]> {
      const area = await areaFor(actor, input.area, DUTY_PLANNER_ROLES);
      return duty.listCandidates(area.path, { q: input.q, limit: input.limit });
    },

    /** Plans a shift, or the same shift on `repeatDays` consecutive days: all or nothing. */
    async create(actor: Actor, input: NewShiftInput): Promise<{ area: Area; shifts: DutyShift[] }> {
      const area = await areaFor(actor, input.area, DUTY_PLANNER_ROLES);
      const now = deps.clock.now();
      const officers = {
        primaryUserId: input.primaryUserId,
        backupUserId: blankToNull(input.backupUserId),
      };
      const note = blankToNull(input.note);
      const days = input.repeatDays ?? 1;
      if (!Number.isInteger(days) || days < 1 || days > MAX_REPEAT_DAYS)
        throw new ValidationError('The repetition is not valid.', [
          { field: '/repeatDays', message: `must be 1 to ${MAX_REPEAT_DAYS}` },
        ]);
      const span = checkShift({ ...input, ...officers, note }, now);
      const spans = repeatDaily(span, days);
      const clash = firstOverlap(spans);
      if (clash) throw overlapError(clash[0], clash[1]);
      const stamp = now.toISOString();
      const shifts: DutyShift[] = spans.map((s) => ({
        id: deps.ids.next(),
        areaId: area.id,
        ...s,
        ...officers,
        note,
        version: 1,
        createdAt: stamp,
        updatedAt: stamp,
      }));
      const mail = await mailContext(shifts[0]?.id ?? area.id);
      await deps.db.kysely.transaction().execute(async (trx) => {
        await duty.lockArea(trx, area.id);
        await checkOfficers(area, officers, trx);
        const whole = {
          startsAt: spans[0]?.startsAt ?? span.startsAt,
          endsAt: spans[spans.length - 1]?.endsAt ?? span.endsAt,
        };
        const stored = await duty.listOverlapping([area.id], whole, trx);
        for (const s of spans) {
          const other = stored.find((o) => overlaps(o, s));
          if (other) throw overlapError(s, other);
        }
        await duty.insertMany(trx, shifts, actor.userId, (s) => remindedOnPlan(s.startsAt, now));
        await tellOfficers(trx, area, spans, officers, now, mail);
        await deps.audit.append(trx, {
          at: now,
          actorId: actor.userId,
          actorLogin: actor.login,
          action: 'duty.plan',
          subjectType: 'duty_shift',
          subjectId: area.id,
          details: {
            area: area.code,
            shifts: shifts.map((s) => ({ id: s.id, startsAt: s.startsAt, endsAt: s.endsAt })),
            ...officers,
          },
        });
      });
      return { area, shifts };
    },

    /** Changes a shift at the version read; a running shift keeps its start. */
    async update(
      actor: Actor,
      id: string,
      edit: ShiftEdit,
    ): Promise<{ area: Area; shift: DutyShift }> {
      const { shift, area } = await plannedShift(actor, id);
      const now = deps.clock.now();
      const next = {
        startsAt: edit.startsAt ?? shift.startsAt,
        endsAt: edit.endsAt ?? shift.endsAt,
        primaryUserId: edit.primaryUserId ?? shift.primaryUserId,
        backupUserId:
          edit.backupUserId === undefined ? shift.backupUserId : blankToNull(edit.backupUserId),
        note: edit.note === undefined ? shift.note : blankToNull(edit.note),
      };
      const changes: DutyShiftChanges = {};
      const mail = await mailContext(`${id}:v${edit.version + 1}`);
      await deps.db.kysely.transaction().execute(async (trx) => {
        await duty.lockArea(trx, area.id);
        const stored = await duty.findById(id, trx);
        if (!stored) throw new NotFoundError(`No duty shift "${id}" in your scope.`);
        if (stored.version !== edit.version)
          throw new StaleVersionError(
            `The shift changed since version ${edit.version} (now ${stored.version}).`,
          );
        if (Date.parse(stored.endsAt) <= now.getTime())
          throw new InvalidTransitionError(
            'This shift has ended: it is the record of who was on duty and cannot change.',
          );
        const span = checkShift(next, now);
        const started = Date.parse(stored.startsAt) <= now.getTime();
        if (started && span.startsAt !== stored.startsAt)
          throw new InvalidTransitionError(
            'This shift has started: its start cannot move (end it and plan a new one).',
          );
        await checkOfficers(area, next, trx);
        const other = (await duty.listOverlapping([area.id], span, trx)).find((o) => o.id !== id);
        if (other) throw overlapError(span, other);
        Object.assign(changes, {
          ...(span.startsAt !== stored.startsAt ? { startsAt: span.startsAt } : {}),
          ...(span.endsAt !== stored.endsAt ? { endsAt: span.endsAt } : {}),
          ...(next.primaryUserId !== stored.primaryUserId
            ? { primaryUserId: next.primaryUserId }
            : {}),
          ...(next.backupUserId !== stored.backupUserId ? { backupUserId: next.backupUserId } : {}),
          ...(next.note !== stored.note ? { note: next.note } : {}),
        });
        // A moved start gets its own reminder, unless the notice of the move is it.
        const reminder =
          changes.startsAt !== undefined
            ? { remindedAt: remindedOnPlan(changes.startsAt, now) }
            : {};
        if (!(await duty.updateIfVersion(trx, id, edit.version, { ...changes, ...reminder }, now)))
          throw new StaleVersionError(`The shift changed since version ${edit.version}.`);
        // New officers hear of the shift; when its times moved, both officers do.
        const moved = changes.startsAt !== undefined || changes.endsAt !== undefined;
        await tellOfficers(trx, area, [span], moved ? next : changes, now, mail);
        await deps.audit.append(trx, {
          at: now,
          actorId: actor.userId,
          actorLogin: actor.login,
          action: 'duty.change',
          subjectType: 'duty_shift',
          subjectId: id,
          details: { area: area.code, changes },
        });
      });
      return { area, shift: (await duty.findById(id)) as DutyShift };
    },

    /** Deletes a shift that has not started, at the version read. */
    async remove(actor: Actor, id: string, version: number): Promise<void> {
      const { area } = await plannedShift(actor, id);
      const now = deps.clock.now();
      await deps.db.kysely.transaction().execute(async (trx) => {
        await duty.lockArea(trx, area.id);
        const stored = await duty.findById(id, trx);
        if (!stored) throw new NotFoundError(`No duty shift "${id}" in your scope.`);
        if (stored.version !== version)
          throw new StaleVersionError(
            `The shift changed since version ${version} (now ${stored.version}).`,
          );
        if (Date.parse(stored.startsAt) <= now.getTime())
          throw new InvalidTransitionError(
            'This shift has started: it is part of the record and cannot be deleted (shorten it instead).',
          );
        if (!(await duty.deleteIfVersion(trx, id, version)))
          throw new StaleVersionError(`The shift changed since version ${version}.`);
        await deps.audit.append(trx, {
          at: now,
          actorId: actor.userId,
          actorLogin: actor.login,
          action: 'duty.delete',
          subjectType: 'duty_shift',
          subjectId: id,
          details: {
            area: area.code,
            startsAt: stored.startsAt,
            endsAt: stored.endsAt,
            primaryUserId: stored.primaryUserId,
            backupUserId: stored.backupUserId,
          },
        });
      });
    },
  };
}

export type ManageDuty = ReturnType<typeof createManageDuty>;
