import { describe, expect, it } from 'vitest';
import { checkMinutes, effectivePolicy, type SlaPolicy } from './sla.ts';

const minutes = { register: 1, dispatch: 2, handle: 3, verify: 4, answer: 5 };
const builtIn: SlaPolicy[] = [
  { priority: 'normal', minutes: { ...minutes, handle: 999 }, escalateAfterOverdueMinutes: null },
];

describe('effectivePolicy', () => {
  const own: SlaPolicy = {
    category: 'C0101',
    priority: 'normal',
    minutes,
    escalateAfterOverdueMinutes: 5,
  };
  const parent: SlaPolicy = { ...own, category: 'C01', escalateAfterOverdueMinutes: 6 };
  const fallback: SlaPolicy = { ...own, category: null, escalateAfterOverdueMinutes: 7 };

  it('prefers the category, then the nearest ancestor, then the default, then the built-in', () => {
    const lineage = ['C', 'C01', 'C0101'];
    expect(effectivePolicy(lineage, 'normal', [fallback, parent, own], builtIn)).toEqual({
      policy: own,
      source: { kind: 'own' },
    });
    expect(effectivePolicy(lineage, 'normal', [fallback, parent], builtIn)).toEqual({
      policy: parent,
      source: { kind: 'inherited', category: 'C01' },
    });
    expect(effectivePolicy(lineage, 'normal', [fallback], builtIn)).toEqual({
      policy: fallback,
      source: { kind: 'default' },
    });
    expect(effectivePolicy(lineage, 'normal', [], builtIn)).toEqual({
      policy: builtIn[0],
      source: { kind: 'built-in' },
    });
    // Another priority's policy does not count.
    expect(effectivePolicy(lineage, 'urgent', [own], builtIn).policy).toBeUndefined();
  });
});

describe('checkMinutes', () => {
  const typed = { register: '30', dispatch: '60', handle: '600', verify: '120', answer: '240' };
  it('accepts whole minutes and an empty escalation', () => {
    expect(checkMinutes(typed, '')).toEqual({
      problems: [],
      value: {
        minutes: { register: 30, dispatch: 60, handle: 600, verify: 120, answer: 240 },
        escalate: null,
      },
    });
    expect(checkMinutes(typed, '0').value?.escalate).toBe(0);
  });
  it('names every bad field', () => {
    const result = checkMinutes({ ...typed, register: '0', handle: '1.5', answer: '' }, '-1');
    expect(result.value).toBeUndefined();
    expect(result.problems.map((p) => p.field)).toEqual([
      'register',
      'handle',
      'answer',
      'escalate',
    ]);
    expect(checkMinutes({ ...typed, verify: String(60 * 24 * 365 + 1) }, '').problems).toHaveLength(
      1,
    );
  });
});
