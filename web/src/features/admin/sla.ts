/**
 * Which SLA policy a category follows, mirroring the server: its own policy for the
 * priority, else the nearest ancestor category's, else the stored default of the
 * priority, else the built-in default.
 */
import type { Priority, Stage } from '../../api/types.ts';

export const STAGES: readonly Stage[] = ['register', 'dispatch', 'handle', 'verify', 'answer'];
export const PRIORITIES: readonly Priority[] = ['urgent', 'high', 'normal', 'low'];
/** The server's ceiling: one year of minutes. */
export const MAX_MINUTES = 60 * 24 * 365;

export type StageMinutes = Record<Stage, number>;

/** A policy as the server lists it; `category` null is the default of its priority. */
export interface SlaPolicy {
  category?: string | null;
  priority: Priority;
  minutes: StageMinutes;
  escalateAfterOverdueMinutes: number | null;
}

/** Where an effective policy comes from. */
export type PolicySource =
  | { kind: 'own' }
  | { kind: 'inherited'; category: string }
  | { kind: 'default' }
  | { kind: 'built-in' };

/** The policy a category (given with its ancestors' codes, root first) follows for a priority. */
export function effectivePolicy(
  lineage: readonly string[],
  priority: Priority,
  stored: readonly SlaPolicy[],
  builtIn: readonly SlaPolicy[],
): { policy: SlaPolicy | undefined; source: PolicySource } {
  const own = lineage[lineage.length - 1];
  for (const code of [...lineage].reverse()) {
    const policy = stored.find((p) => p.category === code && p.priority === priority);
    if (policy) {
      return {
        policy,
        source: code === own ? { kind: 'own' } : { kind: 'inherited', category: code },
      };
    }
  }
  const fallback = stored.find((p) => (p.category ?? null) === null && p.priority === priority);
  if (fallback) return { policy: fallback, source: { kind: 'default' } };
  return { policy: builtIn.find((p) => p.priority === priority), source: { kind: 'built-in' } };
}

/** A problem with one field of the SLA form, as a translation key. */
export interface MinutesProblem {
  field: Stage | 'escalate';
  key: 'admin.sla.minutesInvalid' | 'admin.sla.escalateInvalid';
}

/**
 * Checks typed minutes as the server will: whole numbers from 1 to a year per stage; the
 * escalation empty (never) or from 0.
 */
export function checkMinutes(
  minutes: Record<Stage, string>,
  escalate: string,
): { problems: MinutesProblem[]; value?: { minutes: StageMinutes; escalate: number | null } } {
  const problems: MinutesProblem[] = [];
  const value = {} as StageMinutes;
  for (const stage of STAGES) {
    const text = minutes[stage].trim();
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < 1 || n > MAX_MINUTES)
      problems.push({ field: stage, key: 'admin.sla.minutesInvalid' });
    else value[stage] = n;
  }
  let escalation: number | null = null;
  if (escalate.trim() !== '') {
    const n = Number(escalate.trim());
    if (!/^\d+$/.test(escalate.trim()) || n > MAX_MINUTES)
      problems.push({ field: 'escalate', key: 'admin.sla.escalateInvalid' });
    else escalation = n;
  }
  return problems.length > 0
    ? { problems }
    : { problems, value: { minutes: value, escalate: escalation } };
}
