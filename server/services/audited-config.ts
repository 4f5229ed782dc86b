/**
 * A configuration change, the bump of the stored reference version and the audit entry in
 * one transaction (CONVENTIONS 7), after which this instance's reference data is reloaded
 * (other instances reload once they see the new version, within about a second). Shared
 * by the administration use cases.
 */
import type { Transaction } from 'kysely';
import type { Actor } from '../domain/org/scope.ts';
import type { Clock } from '../domain/ports.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema/database.ts';
import type { AuditStore } from '../storage/stores/audit-store.ts';
import type { ReferenceVersionStore } from '../storage/stores/reference-version.ts';
import type { ReferenceDataCache } from './reference-data.ts';

/** What the audit entry of a configuration change says. */
export interface ConfigAudit {
  action: string;
  subjectId: string;
  details: Record<string, unknown>;
}

/** Builds the runner of audited configuration changes. */
export function createAuditedConfig(deps: {
  db: Db;
  audit: Pick<AuditStore, 'append'>;
  reference: Pick<ReferenceDataCache, 'invalidate'>;
  referenceVersion: Pick<ReferenceVersionStore, 'bump'>;
  clock: Clock;
}) {
  /** Runs `change`, then appends the audit entry, in one transaction; returns the change's result. */
  return async function audited<T>(
    actor: Actor,
    audit: ConfigAudit | ((result: T) => ConfigAudit),
    change: (trx: Transaction<Database>) => Promise<T>,
  ): Promise<T> {
    const result = await deps.db.kysely.transaction().execute(async (trx) => {
      const value = await change(trx);
      // Other instances reload their reference data once they see the new version.
      await deps.referenceVersion.bump(trx);
      const entry = typeof audit === 'function' ? audit(value) : audit;
      await deps.audit.append(trx, {
        at: deps.clock.now(),
        actorId: actor.userId,
        actorLogin: actor.login,
        action: entry.action,
        subjectType: 'config',
        subjectId: entry.subjectId,
        details: entry.details,
      });
      return value;
    });
    deps.reference.invalidate();
    return result;
  };
}

export type AuditedConfig = ReturnType<typeof createAuditedConfig>;
