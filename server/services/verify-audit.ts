/**
 * Verifies the whole audit chain in batches (constant memory, any length), then compares
 * its end with the head row, so a truncated log is caught as well as an altered one.
 */
import { ChainVerifier, type ChainVerdict } from '../domain/audit/hash-chain.ts';
import { sha256Hex, type AuditStore } from '../storage/stores/audit-store.ts';

/** Options of one verification run. */
export interface VerifyAuditOptions {
  /** Entries read per query (default 1000). */
  batch?: number;
  /** Called after each batch with the number of entries verified so far. */
  onProgress?: (checked: number) => void;
}

/** Builds the audit verifier. */
export function createVerifyAudit(deps: { audit: Pick<AuditStore, 'readBatch' | 'readHead'> }) {
  const { audit } = deps;

  /** Walks the chain from the genesis; the verdict names the first broken entry. */
  return async function verifyAudit(options: VerifyAuditOptions = {}): Promise<ChainVerdict> {
    const batch = Math.max(1, Math.floor(options.batch ?? 1000));
    const verifier = new ChainVerifier(sha256Hex);
    const feedNext = async (): Promise<number> => {
      const rows = await audit.readBatch(verifier.last.seq, batch);
      verifier.feed(rows);
      if (rows.length > 0) options.onProgress?.(verifier.checked);
      return rows.length;
    };

    for (;;) {
      while (verifier.ok && (await feedNext()) === batch);
      if (!verifier.ok) return verifier.result();
      // Read the head only after the log ran out: an entry and its head update commit
      // together, so every entry the head counts is visible to the next read.
      const head = await audit.readHead();
      if (!head) {
        return {
          ok: false,
          seq: verifier.last.seq + 1,
          reason: 'the audit head row is missing, so the end of the log cannot be checked',
        };
      }
      // Entries appended while we read: go on verifying them.
      if (head.seq > verifier.last.seq && (await feedNext()) > 0) continue;
      verifier.checkHead(head);
      return verifier.result();
    }
  };
}

export type VerifyAudit = ReturnType<typeof createVerifyAudit>;
