/**
 * The reporter's rating of the written answer (`POST /api/v1/track/{code}/rating`): once
 * per case, after it is closed, by whoever holds the tracking code. It joins the timeline
 * (visible to staff), the day counters and the audit log.
 */
import type { Satisfaction } from '../domain/cases/case.ts';
import { normaliseTrackingCode } from '../domain/cases/tracking-code.ts';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../domain/errors.ts';
import type { Clock } from '../domain/ports.ts';
import type { CaseStore } from '../storage/stores/case-store.ts';
import type { AreaLocator } from './area-locator.ts';
import type { WriteCaseChange } from './case-writer.ts';

/** Builds the rating use case. */
export function createRateCase(deps: {
  cases: Pick<CaseStore, 'findByTrackingCode' | 'listEvents'>;
  locator: Pick<AreaLocator, 'current'>;
  write: WriteCaseChange;
  clock: Clock;
}) {
  /**
   * Records the rating.
   * @throws NotFoundError for an unknown code; InvalidTransitionError before closure;
   *   ConflictError when the case was already rated.
   */
  return async function rateCase(
    code: string,
    input: { satisfaction: Satisfaction; comment?: string },
  ): Promise<void> {
    const normalised = normaliseTrackingCode(code);
    const c = normalised ? await deps.cases.findByTrackingCode(normalised) : undefined;
    if (!c) throw new NotFoundError('No case has this tracking code.');
    if (c.status !== 'closed')
      throw new InvalidTransitionError('A case can be rated once it is closed with its answer.');
    if ((await deps.cases.listEvents(c.id)).some((e) => e.kind === 'rating')) {
      throw new ConflictError('This case has already been rated.');
    }
    const now = deps.clock.now();
    const after = { ...c, version: c.version + 1, updatedAt: now.toISOString() };
    const index = await deps.locator.current();
    await deps.write({
      before: c,
      after,
      countedPath: index.lineage(c.locatedAreaId),
      event: {
        kind: 'rating',
        action: 'rate',
        fromStatus: c.status,
        note: input.comment?.trim() || null,
        public: false,
        details: { satisfaction: input.satisfaction },
      },
      actor: null,
      counters: [{ metric: `rating_${input.satisfaction}`, n: 1 }],
      audit: { action: 'case.rate', details: { satisfaction: input.satisfaction } },
    });
  };
}
