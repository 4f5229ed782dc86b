import { describe, expect, it } from 'vitest';
import type { Tracking } from '../../api/types.ts';
import { normaliseTrackingCode, stepViews } from './steps.ts';

const base: Tracking = {
  trackingCode: 'K7Q2-9XM4-HT3P',
  category: null,
  title: 'Street light',
  area: null,
  status: 'submitted',
  stage: 'register',
  deadline: null,
  overdue: false,
  createdAt: '2026-01-05T01:00:00.000Z',
  closedAt: null,
  answer: null,
  rejectedBecause: null,
  rated: false,
  duplicateOf: null,
  steps: [],
  publicComments: [],
};

describe('tracking codes as typed', () => {
  it('normalises case, spaces, dashes and look-alike letters', () => {
    expect(normaliseTrackingCode(' k7q2 9xm4 ht3p ')).toBe('K7Q2-9XM4-HT3P');
    expect(normaliseTrackingCode('K7Q2-9XM4-HT3P')).toBe('K7Q2-9XM4-HT3P');
    expect(normaliseTrackingCode('O1L2-9XM4-HT3P')).toBe('0112-9XM4-HT3P');
  });

  it('refuses what cannot be a code', () => {
    expect(normaliseTrackingCode('')).toBeNull();
    expect(normaliseTrackingCode('K7Q2-9XM4')).toBeNull();
    expect(normaliseTrackingCode('K7Q2-9XM4-HT3U')).toBeNull();
  });
});

describe('status steps', () => {
  it('marks a new case as submitted, the rest to do', () => {
    const { steps } = stepViews(base);
    expect(steps.map((s) => s.state)).toEqual([
      'current',
      'todo',
      'todo',
      'todo',
      'todo',
      'todo',
      'todo',
    ]);
    expect(steps[0]?.at).toBe(base.createdAt);
  });

  it('marks every step done once closed', () => {
    const closed = {
      ...base,
      status: 'closed' as const,
      steps: [{ action: 'close', status: 'closed' as const, at: '2026-01-09T01:00:00.000Z' }],
    };
    expect(stepViews(closed).steps.every((s) => s.state === 'done')).toBe(true);
  });

  it('shows a rejected case stopping after submission', () => {
    const { steps } = stepViews({ ...base, status: 'rejected' });
    expect(steps.map((s) => [s.status, s.state])).toEqual([
      ['submitted', 'done'],
      ['rejected', 'current'],
    ]);
  });

  it('shows a suspended case paused at the step before', () => {
    const suspended = {
      ...base,
      status: 'suspended' as const,
      steps: [
        { action: 'register', status: 'registered' as const, at: '2026-01-05T02:00:00.000Z' },
        { action: 'dispatch', status: 'dispatched' as const, at: '2026-01-05T03:00:00.000Z' },
        { action: 'suspend', status: 'suspended' as const, at: '2026-01-05T04:00:00.000Z' },
      ],
    };
    const view = stepViews(suspended);
    expect(view.paused).toBe(true);
    expect(view.steps.find((s) => s.state === 'current')?.status).toBe('dispatched');
  });
});
