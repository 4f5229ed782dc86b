/** `civicgrid verify-audit`: walks the audit chain and says whether it holds. */
import { createVerifyAudit } from '../../services/verify-audit.ts';
import type { AuditStore } from '../../storage/stores/audit-store.ts';

/** Progress is printed every this many entries (and once at the end). */
const PROGRESS_EVERY = 100_000;

/**
 * Verifies the chain, printing progress and the verdict through `out`; true when the
 * chain holds (the caller exits 1 otherwise).
 */
export async function runVerifyAudit(
  services: { audit: Pick<AuditStore, 'readBatch' | 'readHead'> },
  out: (line: string) => void,
): Promise<boolean> {
  const verifyAudit = createVerifyAudit({ audit: services.audit });
  let reported = 0;
  const verdict = await verifyAudit({
    batch: 5000,
    onProgress: (checked) => {
      if (checked - reported >= PROGRESS_EVERY) {
        reported = checked - (checked % PROGRESS_EVERY);
        out(`  … ${reported} entries verified`);
      }
    },
  });
  if (verdict.ok) {
    out(`Audit chain verified: ${verdict.checked} entries.`);
    return true;
  }
  out(`Audit chain BROKEN at entry #${verdict.seq}: ${verdict.reason}`);
  return false;
}
