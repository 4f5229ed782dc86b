/** Imports an area file (GeoJSON): all features are written, or none. */
import { parseAreaFile, type AreaDraft } from '../domain/areas/area-file.ts';
import { ForbiddenError } from '../domain/errors.ts';
import { scopeCoversArea, scopeOf, type Actor } from '../domain/org/scope.ts';
import type { GridNumberWidth } from '../domain/areas/area-code.ts';
import type { Clock } from '../domain/ports.ts';
import type { AreaStore } from '../storage/stores/area-store.ts';
import type { AuditStore } from '../storage/stores/audit-store.ts';
import type { AreaLocator } from './area-locator.ts';

/**
 * An admin may change only its own subtrees: every area of the file must be stored
 * inside the admin's scope already, or hang (through areas of the same file) from one
 * that is. New roots are created only from the command line.
 * @throws ForbiddenError naming the first area outside the scope.
 */
async function checkScope(
  drafts: readonly AreaDraft[],
  actor: Actor,
  findByCode: (code: string) => Promise<{ path: string[] } | undefined>,
): Promise<void> {
  const scope = scopeOf(actor, ['admin']);
  const inFile = new Map(drafts.map((d) => [d.code, d]));
  for (const draft of drafts) {
    let code: string | null = draft.code;
    let stored = await findByCode(code);
    while (!stored && code !== null) {
      code = inFile.get(code)?.parentCode ?? null;
      stored = code ? await findByCode(code) : undefined;
    }
    if (!stored || !scopeCoversArea(scope, stored.path)) {
      throw new ForbiddenError(`The area "${draft.code}" lies outside your scope.`);
    }
  }
}

/** Builds the import use case. */
export function createImportAreas(deps: {
  areas: Pick<AreaStore, 'listKnown' | 'upsertDrafts' | 'findByCode'>;
  locator: Pick<AreaLocator, 'refresh'>;
  audit: Pick<AuditStore, 'append'>;
  clock: Clock;
  gridNumberWidth: GridNumberWidth;
}) {
  /**
   * Validates the whole file, then inserts new areas and updates existing ones (by code)
   * in one transaction (with its audit entry when an admin imports), and rebuilds the
   * location index.
   * @throws ValidationError naming each bad feature; nothing is written then.
   */
  return async function importAreas(
    file: unknown,
    actor?: Actor,
  ): Promise<{ created: number; updated: number }> {
    const drafts = parseAreaFile(file, await deps.areas.listKnown(), deps.gridNumberWidth);
    if (actor) await checkScope(drafts, actor, (code) => deps.areas.findByCode(code));
    const now = deps.clock.now();
    // An admin's import (through the API) is audited with it; the command line and the
    // demo seed act for no one.
    const result = await deps.areas.upsertDrafts(
      drafts,
      now,
      actor
        ? async (trx, counts) => {
            await deps.audit.append(trx, {
              at: now,
              actorId: actor.userId,
              actorLogin: actor.login,
              action: 'areas.import',
              subjectType: 'areas',
              subjectId: drafts[0]?.code ?? '',
              details: { ...counts, codes: drafts.slice(0, 100).map((d) => d.code) },
            });
          }
        : undefined,
    );
    await deps.locator.refresh();
    return result;
  };
}
