/**
 * Tampering with the audit log directly in SQL, the way someone with database access
 * would, and checking that `verify-audit` names the first broken entry each time.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainHash, type AuditEntry } from '../../domain/audit/hash-chain.ts';
import { runVerifyAudit } from '../../cli/commands/verify-audit.ts';
import { createVerifyAudit } from '../../services/verify-audit.ts';
import { createAuditStore, sha256Hex, type AuditStore } from './audit-store.ts';
import { createTestDb, DIALECTS, type TestDb } from '../../../tests/support/databases.ts';

const ENTRIES = 20;
const start = new Date('2026-11-29T08:00:00Z');

describe.each(DIALECTS)('audit tampering on %s', (dialect) => {
  let test: TestDb;
  let audit: AuditStore;
  let verify: ReturnType<typeof createVerifyAudit>;

  beforeEach(async () => {
    test = await createTestDb(dialect);
    audit = createAuditStore(test.db);
    verify = createVerifyAudit({ audit });
    for (let n = 1; n <= ENTRIES; n++) {
      await test.db.kysely.transaction().execute((trx) =>
        audit.append(trx, {
          at: new Date(start.getTime() + n * 60_000),
          actorId: `user-${n % 4}`,
          actorLogin: `login-${n % 4}`,
          action: n % 2 ? 'case.register' : 'case.dispatch',
          subjectType: 'case',
          subjectId: `case-${n}`,
          details: { n, note: `entry ${n}` },
        }),
      );
    }
  });
  afterEach(() => test.drop());

  const k = () => test.db.kysely;

  async function row(seq: number) {
    const [found] = await audit.readBatch(seq - 1, 1);
    if (!found || found.seq !== seq) throw new Error(`no entry ${seq}`);
    return found;
  }

  /** Moves every entry from `seq` on one place up (two steps: seq is the primary key). */
  async function shiftUpFrom(seq: number) {
    await k()
      .updateTable('audit_log')
      .set({ seq: sql<number>`-(seq + 1)` })
      .where('seq', '>=', seq)
      .execute();
    await k()
      .updateTable('audit_log')
      .set({ seq: sql<number>`-seq` })
      .where('seq', '<', 0)
      .execute();
  }

  async function insertRow(entry: AuditEntry, prevHash: string, hash: string) {
    await k()
      .insertInto('audit_log')
      .values({
        seq: entry.seq,
        at: entry.at,
        actor_id: entry.actorId,
        actor_login: entry.actorLogin,
        action: entry.action,
        subject_type: entry.subjectType,
        subject_id: entry.subjectId,
        details: JSON.stringify(entry.details),
        prev_hash: prevHash,
        hash,
      })
      .execute();
  }

  function forged(seq: number): AuditEntry {
    return {
      seq,
      at: '2026-11-29T08:09:30.000Z',
      actorId: 'user-1',
      actorLogin: 'login-1',
      action: 'case.close',
      subjectType: 'case',
      subjectId: 'case-forged',
      details: { note: 'never happened' },
    };
  }

  it('verifies an untampered chain', async () => {
    expect(await verify()).toEqual({ ok: true, checked: ENTRIES });
    expect(await verify({ batch: 3 })).toEqual({ ok: true, checked: ENTRIES });
    const lines: string[] = [];
    expect(await runVerifyAudit({ audit }, (line) => lines.push(line))).toBe(true);
    expect(lines.at(-1)).toBe(`Audit chain verified: ${ENTRIES} entries.`);
  });

  it('reports progress after each batch', async () => {
    const progress: number[] = [];
    await verify({ batch: 8, onProgress: (n) => progress.push(n) });
    expect(progress).toEqual([8, 16, 20]);
  });

  it("finds an altered entry's details", async () => {
    await k()
      .updateTable('audit_log')
      .set({ details: '{"n":7,"note":"nothing to see"}' })
      .where('seq', '=', 7)
      .execute();
    expect(await verify()).toMatchObject({
      ok: false,
      seq: 7,
      reason: expect.stringMatching(/altered/),
    });
    const lines: string[] = [];
    expect(await runVerifyAudit({ audit }, (line) => lines.push(line))).toBe(false);
    expect(lines.at(-1)).toMatch(/^Audit chain BROKEN at entry #7: .*altered/);
  });

  it('finds an altered actor even with a batch boundary right after it', async () => {
    await k()
      .updateTable('audit_log')
      .set({ actor_login: 'someone-else' })
      .where('seq', '=', 12)
      .execute();
    expect(await verify({ batch: 12 })).toMatchObject({ ok: false, seq: 12 });
  });

  it('finds details that are no longer JSON', async () => {
    await k().updateTable('audit_log').set({ details: 'garbage {' }).where('seq', '=', 3).execute();
    expect(await verify()).toMatchObject({ ok: false, seq: 3 });
  });

  it('finds an altered entry whose own hash was recomputed, at the next entry', async () => {
    const original = await row(7);
    const altered = { ...original, details: { n: 7, note: 'rewritten' } };
    await k()
      .updateTable('audit_log')
      .set({
        details: JSON.stringify(altered.details),
        hash: chainHash(original.prevHash, altered, sha256Hex),
      })
      .where('seq', '=', 7)
      .execute();
    expect(await verify()).toMatchObject({
      ok: false,
      seq: 8,
      reason: expect.stringMatching(/previous hash/),
    });
  });

  it('finds a deleted middle entry', async () => {
    await k().deleteFrom('audit_log').where('seq', '=', 10).execute();
    expect(await verify()).toEqual({
      ok: false,
      seq: 10,
      reason: 'entry #10 is missing: entry #9 is followed by #11',
    });
  });

  it('finds a deleted first entry', async () => {
    await k().deleteFrom('audit_log').where('seq', '=', 1).execute();
    expect(await verify()).toMatchObject({ ok: false, seq: 1 });
  });

  it('finds a deleted entry whose successors were renumbered', async () => {
    await k().deleteFrom('audit_log').where('seq', '=', 10).execute();
    await k()
      .updateTable('audit_log')
      .set((eb) => ({ seq: eb('seq', '-', 1) }))
      .where('seq', '>', 10)
      .execute();
    await k()
      .updateTable('audit_head')
      .set({ seq: ENTRIES - 1 })
      .where('id', '=', 1)
      .execute();
    expect(await verify()).toMatchObject({ ok: false, seq: 10 });
  });

  it('finds a forged entry inserted with a plausible hash, at the entry it displaced', async () => {
    const before = await row(9);
    await shiftUpFrom(10);
    const fake = forged(10);
    await insertRow(fake, before.hash, chainHash(before.hash, fake, sha256Hex));
    expect(await verify()).toMatchObject({
      ok: false,
      seq: 11,
      reason: expect.stringMatching(/previous hash/),
    });
  });

  it('finds a forged entry inserted with a made-up hash', async () => {
    const before = await row(9);
    await shiftUpFrom(10);
    await insertRow(forged(10), before.hash, sha256Hex('looks like a hash'));
    expect(await verify()).toMatchObject({ ok: false, seq: 10 });
  });

  it('finds a forged entry appended without moving the head', async () => {
    const last = await row(ENTRIES);
    const fake = forged(ENTRIES + 1);
    await insertRow(fake, last.hash, chainHash(last.hash, fake, sha256Hex));
    expect(await verify()).toMatchObject({
      ok: false,
      seq: ENTRIES + 1,
      reason: expect.stringMatching(/beyond the head/),
    });
  });

  it('finds two entries whose seq values were swapped', async () => {
    await k().updateTable('audit_log').set({ seq: -5 }).where('seq', '=', 5).execute();
    await k().updateTable('audit_log').set({ seq: 5 }).where('seq', '=', 6).execute();
    await k().updateTable('audit_log').set({ seq: 6 }).where('seq', '=', -5).execute();
    expect(await verify()).toMatchObject({
      ok: false,
      seq: 5,
      reason: expect.stringMatching(/previous hash/),
    });
  });

  it('finds a deleted last entry through the head', async () => {
    await k().deleteFrom('audit_log').where('seq', '=', ENTRIES).execute();
    expect(await verify()).toEqual({
      ok: false,
      seq: ENTRIES,
      reason: `entry #${ENTRIES} is missing: the log ends at entry #${ENTRIES - 1} but the head records #${ENTRIES}`,
    });
    const lines: string[] = [];
    await runVerifyAudit({ audit }, (line) => lines.push(line));
    expect(lines.at(-1)).toBe(
      `Audit chain BROKEN at entry #${ENTRIES}: entry #${ENTRIES} is missing: the log ends at entry #${ENTRIES - 1} but the head records #${ENTRIES}`,
    );
  });

  it('finds an emptied log through the head', async () => {
    await k().deleteFrom('audit_log').execute();
    expect(await verify()).toMatchObject({ ok: false, seq: 1 });
  });

  it('finds a head whose hash was changed', async () => {
    await k()
      .updateTable('audit_head')
      .set({ hash: sha256Hex('other') })
      .where('id', '=', 1)
      .execute();
    expect(await verify()).toMatchObject({ ok: false, seq: ENTRIES });
  });

  it('finds a deleted head row', async () => {
    await k().deleteFrom('audit_head').execute();
    expect(await verify()).toMatchObject({
      ok: false,
      seq: ENTRIES + 1,
      reason: expect.stringMatching(/head row is missing/),
    });
  });

  it('cannot see a truncation that also rewinds the head: the head hash must be kept elsewhere too', async () => {
    const last = await row(ENTRIES - 1);
    await k().deleteFrom('audit_log').where('seq', '=', ENTRIES).execute();
    await k()
      .updateTable('audit_head')
      .set({ seq: last.seq, hash: last.hash })
      .where('id', '=', 1)
      .execute();
    expect(await verify()).toEqual({ ok: true, checked: ENTRIES - 1 });
  });

  it('verifies entries appended while it runs', async () => {
    let appended = false;
    const racing: Pick<AuditStore, 'readBatch' | 'readHead'> = {
      async readBatch(afterSeq, limit) {
        const rows = await audit.readBatch(afterSeq, limit);
        if (!appended && rows.length < limit) {
          // Another instance commits two entries between our last batch and the head.
          appended = true;
          for (const n of [1, 2]) {
            await audit.append(k(), {
              at: new Date(),
              actorId: null,
              actorLogin: null,
              action: 'job.sweep',
              subjectType: 'job',
              subjectId: `sweep-${n}`,
              details: {},
            });
          }
        }
        return rows;
      },
      readHead: () => audit.readHead(),
    };
    expect(await createVerifyAudit({ audit: racing })({ batch: 6 })).toEqual({
      ok: true,
      checked: ENTRIES + 2,
    });
  });
});
