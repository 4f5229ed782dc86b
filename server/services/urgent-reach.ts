/**
 * Who an urgent case reaches at a moment (SPEC "Deadlines": urgent cases must reach the
 * on-duty officer within 15 minutes): the officer on duty and the cover of the deepest area
 * on the case's path whose shift covers that moment and who can act on it, or, in a gap
 * of the roster, every dispatcher and grid leader of the area. Used when an urgent report
 * comes in and when its register or dispatch stage is about to run late.
 */
import { DUTY_ROLES, urgentDuty } from '../domain/duty/duty-shift.ts';
import type { DutyStore } from '../storage/stores/duty-store.ts';
import type { NotificationStore } from '../storage/stores/notification-store.ts';

export type UrgentReach = (areaPath: string[], at: Date) => Promise<string[]>;

/** Builds the look-up. */
export function createUrgentReach(deps: {
  duty: Pick<DutyStore, 'findCovering'>;
  notifications: Pick<NotificationStore, 'findRecipients'>;
}): UrgentReach {
  return async (areaPath, at) => {
    const onDuty = urgentDuty(areaPath, await deps.duty.findCovering(areaPath, at), at);
    return onDuty ? onDuty.userIds : deps.notifications.findRecipients(areaPath, DUTY_ROLES, []);
  };
}
