import { describe, expect, it } from 'vitest';
import { buildCase } from '../../../tests/factories/cases.ts';
import { STAGES, type Case } from '../cases/case.ts';
import {
  dueSoonRoles,
  dueSoonWindowMs,
  DUE_SOON_MS,
  dutyActsIn,
  noticesOf,
  reporterAddress,
  type ChangeFacts,
} from './notices.ts';

function facts(overrides: Partial<ChangeFacts> & { after: Case }): ChangeFacts {
  return {
    before: null,
    action: 'report',
    eventKind: 'transition',
    publicEvent: true,
    notifyKind: null,
    ...overrides,
  };
}

describe('noticesOf', () => {
  const submitted = buildCase({ status: 'submitted' });

  it('acknowledges a new report and announces case.created', () => {
    expect(noticesOf(facts({ after: submitted }))).toEqual({
      reporter: 'acknowledged',
      staff: null,
      events: ['case.created'],
    });
  });

  it('tells the reporter about public comments only', () => {
    const after = { ...submitted, version: 2 };
    const base = { before: submitted, after, action: 'comment', eventKind: 'comment' };
    expect(noticesOf(facts({ ...base, publicEvent: true }))).toEqual({
      reporter: 'commented',
      staff: null,
      events: ['case.commented'],
    });
    expect(noticesOf(facts({ ...base, publicEvent: false }))).toEqual({
      reporter: null,
      staff: null,
      events: [],
    });
  });

  it('sends the written answer at closure as a transition and a closure', () => {
    const before = buildCase({ status: 'verified' });
    const after = buildCase({ status: 'closed', answer: 'Fixed.' });
    expect(noticesOf(facts({ before, after, action: 'close' }))).toEqual({
      reporter: 'closed',
      staff: null,
      events: ['case.transitioned', 'case.closed'],
    });
  });

  it('tells the reporter why a report was not taken up', () => {
    const before = buildCase({ status: 'submitted' });
    const after = buildCase({ status: 'rejected' });
    expect(noticesOf(facts({ before, after, action: 'reject' })).reporter).toBe('rejected');
  });

  it('mails staff for assignment, urgent reports and overdue stages, nothing else', () => {
    const before = buildCase({ status: 'registered' });
    const after = buildCase({ status: 'dispatched' });
    expect(
      noticesOf(facts({ before, after, action: 'dispatch', notifyKind: 'case.assigned' })),
    ).toEqual({ reporter: null, staff: 'assigned', events: ['case.transitioned'] });
    expect(noticesOf(facts({ after: submitted, notifyKind: 'case.urgent' })).staff).toBe('urgent');
    expect(
      noticesOf(
        facts({
          before: after,
          after: { ...after, stageOverdue: true },
          action: 'overdue',
          eventKind: 'deadline',
          publicEvent: false,
          notifyKind: 'case.overdue',
        }),
      ),
    ).toEqual({ reporter: null, staff: 'overdue', events: ['case.overdue'] });
    expect(
      noticesOf(facts({ before, after, action: 'resolve', notifyKind: 'case.to_verify' })).staff,
    ).toBeNull();
  });

  it('announces escalations, by people and by policy', () => {
    const before = buildCase({ status: 'dispatched' });
    expect(
      noticesOf(facts({ before, after: before, action: 'escalate', eventKind: 'escalation' }))
        .events,
    ).toEqual(['case.escalated']);
  });

  it('sends nothing for a rating', () => {
    const closed = buildCase({ status: 'closed' });
    expect(
      noticesOf(facts({ before: closed, after: closed, action: 'rate', eventKind: 'rating' })),
    ).toEqual({ reporter: null, staff: null, events: [] });
  });
});

describe('reporterAddress', () => {
  const reporter = { userId: null, name: 'Wang', phone: null, email: 'wang@example.org' };

  it('gives the address only with consent', () => {
    expect(reporterAddress(buildCase({ reporter: { ...reporter, consent: true } }))).toBe(
      'wang@example.org',
    );
    expect(reporterAddress(buildCase({ reporter: { ...reporter, consent: false } }))).toBeNull();
  });

  it('gives nothing for anonymous reporters', () => {
    expect(
      reporterAddress(
        buildCase({
          reporter: { userId: null, name: null, phone: null, email: null, consent: false },
        }),
      ),
    ).toBeNull();
    expect(
      reporterAddress(buildCase({ reporter: { ...reporter, email: '  ', consent: true } })),
    ).toBeNull();
  });
});

describe('dueSoonRoles', () => {
  it('warns whoever acts in the stage', () => {
    expect(dueSoonRoles('register').area).toEqual(['dispatcher', 'grid_leader']);
    expect(dueSoonRoles('handle')).toEqual({ area: [], department: ['department_head'] });
    expect(dueSoonRoles('verify').area).toContain('grid_worker');
  });

  it('warns two hours ahead, or halfway through a shorter stage', () => {
    expect(dueSoonWindowMs(15)).toBe(7.5 * 60_000);
    expect(dueSoonWindowMs(120)).toBe(60 * 60_000);
    expect(dueSoonWindowMs(240)).toBe(DUE_SOON_MS);
    expect(dueSoonWindowMs(2700)).toBe(DUE_SOON_MS);
  });

  it('leaves an urgent case’s centre steps to the officers on duty', () => {
    expect(STAGES.filter(dutyActsIn)).toEqual(['register', 'dispatch']);
  });
});
