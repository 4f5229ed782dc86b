/**
 * Properties of the workflow (fast-check): whatever sequence of steps, by whichever staff,
 * at whatever times, the invariants hold — deadlines consistent with the state, exactly
 * one owning area, versions counting every change, closed and rejected cases unchanged
 * except by comments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addClockMinutes,
  clockMinutesBetween,
  parseCalendar,
  type DeadlineClock,
} from '../calendar/working-hours.ts';
import { DomainError } from '../errors.ts';
import { ROLES, type Role } from '../org/role.ts';
import {
  buildActor,
  buildCase,
  CASE_AREA_PATH,
  CASE_DEPARTMENT,
  OTHER_AREA_PATH,
} from '../../../tests/factories/cases.ts';
import { isOpen, type Case } from './case.ts';
import { DEFAULT_SLA } from './deadlines.ts';
import { applyAction, markOverdue, type CaseCommand } from './transitions.ts';

const CALENDAR = parseCalendar({
  holidays: ['2026-03-05'],
  workdays: ['2026-03-08'],
});

const commands: fc.Arbitrary<CaseCommand> = fc.oneof(
  fc.constant<CaseCommand>({ action: 'register', note: 'ok' }),
  fc.constant<CaseCommand>({ action: 'reject', reason: 'not a case' }),
  fc.constant<CaseCommand>({
    action: 'dispatch',
    departmentId: CASE_DEPARTMENT,
    handlerId: 'u-handler',
  }),
  fc.constant<CaseCommand>({ action: 'accept' }),
  fc.constant<CaseCommand>({ action: 'resolve', report: 'done' }),
  fc.boolean().map<CaseCommand>((ok) => ({
    action: 'verify',
    ok,
    satisfaction: ok ? 'satisfied' : 'unsatisfied',
  })),
  fc.constant<CaseCommand>({ action: 'close', answer: 'fixed' }),
  fc.constant<CaseCommand>({ action: 'suspend', reason: 'waiting for parts' }),
  fc.constant<CaseCommand>({ action: 'resume' }),
  fc.constant<CaseCommand>({ action: 'escalate', reason: 'beyond the cell' }),
  fc.constant<CaseCommand>({ action: 'supervise', directive: 'hurry' }),
  fc.boolean().map<CaseCommand>((pub) => ({ action: 'comment', text: 'note', public: pub })),
);

const actors = fc.constantFrom<Role>(...ROLES).chain((role) =>
  fc.constantFrom<'in' | 'other'>('in', 'other').map((where) => {
    if (role === 'handler' || role === 'department_head') {
      return buildActor(
        role,
        { department: where === 'in' ? CASE_DEPARTMENT : 'd-other' },
        'u-handler',
      );
    }
    return buildActor(role, {
      area: where === 'in' ? CASE_AREA_PATH.slice(0, 2) : OTHER_AREA_PATH,
    });
  }),
);

const steps = fc.array(
  fc.record({
    command: commands,
    actor: actors,
    minutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
    sweep: fc.boolean(),
  }),
  { minLength: 1, maxLength: 40 },
);

function checkInvariants(c: Case): void {
  // Exactly one owner: the last area of the path.
  expect(c.areaId).toBe(c.areaPath[c.areaPath.length - 1]);
  expect(c.areaPath.length).toBeGreaterThan(0);
  if (!isOpen(c.status)) {
    expect(c.stage).toBeNull();
    expect(c.stageDueAt).toBeNull();
    expect(c.escalateAt).toBeNull();
    expect(c.closedAt).not.toBeNull();
  } else if (c.status !== 'suspended') {
    // A running clock always has its deadline stored where dashboards read it.
    expect(c.stage).not.toBeNull();
    expect(c.stageDueAt).toBe(c.deadlines[c.stage as NonNullable<Case['stage']>]?.due);
    expect(c.suspendedAt).toBeNull();
  } else {
    expect(c.suspendedFrom).not.toBeNull();
    expect(c.suspendedAt).not.toBeNull();
  }
  if (c.stageOverdue) expect(c.stage).not.toBeNull();
  if (c.status === 'closed') expect(c.answer).not.toBeNull();
  for (const d of Object.values(c.deadlines)) {
    if (d.doneAt === null) continue;
    expect(d.overdue).toBe(Date.parse(d.doneAt) > Date.parse(d.due));
  }
}

describe('workflow properties', () => {
  it('keep deadlines, ownership and versions consistent over any sequence of steps', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        let c = buildCase({
          status: 'submitted',
          version: 1,
          deadlines: {},
          stage: null,
          stageDueAt: null,
        });
        c = {
          ...c,
          stage: 'register',
          stageDueAt: '2026-03-02T03:00:00.000Z',
          deadlines: {
            register: { due: '2026-03-02T03:00:00.000Z', doneAt: null, overdue: false },
          },
        };
        let now = new Date('2026-03-02T01:00:00.000Z');
        for (const { command, actor, minutes, sweep } of sequence) {
          now = new Date(now.getTime() + minutes * 60_000);
          if (sweep) {
            const marked = markOverdue(c, now, DEFAULT_SLA[c.priority], CALENDAR);
            if (marked) {
              expect(marked.next.version).toBe(c.version + 1);
              c = marked.next;
              checkInvariants(c);
            }
          }
          const before = structuredClone(c);
          const parent =
            c.areaPath.length > 1
              ? { id: c.areaPath[c.areaPath.length - 2] as string, path: c.areaPath.slice(0, -1) }
              : null;
          try {
            const { next } = applyAction(c, command, actor, {
              now,
              calendar: CALENDAR,
              policy: DEFAULT_SLA[c.priority],
              parentArea: parent,
            });
            expect(next.version).toBe(c.version + 1);
            if (!isOpen(c.status)) {
              // Closed and rejected cases change only by comments, and then only in version and time.
              expect(command.action).toBe('comment');
              expect({ ...next, version: c.version, updatedAt: c.updatedAt }).toEqual(c);
            }
            c = next;
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect(c).toEqual(before);
          }
          checkInvariants(c);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('calendar properties', () => {
  const clocks = fc.constantFrom<DeadlineClock>('24x7', 'working-hours');
  const instants = fc
    .integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') })
    .map((t) => new Date(t));

  it('counts back exactly the minutes it added', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 20_000 }), clocks, (from, minutes, clock) => {
        const to = addClockMinutes(from, minutes, clock, CALENDAR);
        expect(to.getTime()).toBeGreaterThanOrEqual(from.getTime());
        expect(clockMinutesBetween(from, to, clock, CALENDAR)).toBeCloseTo(minutes, 6);
      }),
      { numRuns: 300 },
    );
  });

  it('never goes back in time and grows with the minutes added', () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        clocks,
        (from, a, b, clock) => {
          const [small, large] = a <= b ? [a, b] : [b, a];
          expect(addClockMinutes(from, small, clock, CALENDAR).getTime()).toBeLessThanOrEqual(
            addClockMinutes(from, large, clock, CALENDAR).getTime(),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
