import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  canonicalJson,
  chainHash,
  ChainVerifier,
  GENESIS_HASH,
  verifyChain,
  type AuditEntry,
  type AuditRow,
  type Sha256,
} from './hash-chain.ts';

/**
 * A stand-in for SHA-256 (the domain may not import node:crypto): four seeded 32-bit
 * FNV-1a-style mixes, 64 hex digits. Deterministic and sensitive to every character,
 * which is all the chain logic needs; the stores test the real SHA-256.
 */
const fakeSha256: Sha256 = (text) => {
  let out = '';
  for (let seed = 0; seed < 8; seed++) {
    let h = (0x811c9dc5 ^ Math.imul(seed + 1, 0x9e3779b1)) >>> 0;
    for (let i = 0; i < text.length; i++) {
      h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
      h ^= h >>> 13;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out;
};

const identity: Sha256 = (text) => text;

function entry(seq: number, details: Record<string, unknown> = { n: seq }): AuditEntry {
  return {
    seq,
    at: new Date(Date.UTC(2026, 10, 29, 8, 0, seq)).toISOString(),
    actorId: seq % 3 === 0 ? null : `user-${seq % 2}`,
    actorLogin: seq % 3 === 0 ? null : `login-${seq % 2}`,
    action: 'case.dispatch',
    subjectType: 'case',
    subjectId: `case-${seq % 5}`,
    details,
  };
}

/** A valid chain of `n` rows from the genesis. */
function buildChain(n: number, sha256: Sha256 = fakeSha256): AuditRow[] {
  const rows: AuditRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = entry(seq);
    const hash = chainHash(prevHash, e, sha256);
    rows.push({ ...e, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

function at<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new Error(`no item ${i}`);
  return item;
}

describe('canonicalJson', () => {
  it('sorts keys recursively and leaves out whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x y' } })).toBe(
      '{"a":{"c":"x y","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same text whatever the key insertion order', () => {
    expect(canonicalJson({ x: 1, y: { b: 2, a: 1 } })).toBe(
      canonicalJson({ y: { a: 1, b: 2 }, x: 1 }),
    );
  });

  it('follows JSON.stringify for special values', () => {
    expect(canonicalJson({ u: undefined, f: () => 1, n: null })).toBe('{"n":null}');
    expect(canonicalJson([undefined, NaN, Infinity, -0])).toBe('[null,null,null,0]');
    expect(canonicalJson({ when: new Date('2026-11-29T08:00:00Z') })).toBe(
      '{"when":"2026-11-29T08:00:00.000Z"}',
    );
    expect(canonicalJson('引号"和\n换行')).toBe(JSON.stringify('引号"和\n换行'));
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('sorts keys by code unit, not by locale', () => {
    expect(canonicalJson({ b: 1, B: 2, 区: 3, a: 4 })).toBe('{"B":2,"a":4,"b":1,"区":3}');
  });

  it('allows a shared (non-circular) object twice but refuses cycles and bigints', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"k":1},"b":{"k":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
    expect(() => canonicalJson({ n: 10n })).toThrow(TypeError);
  });

  it('is stable through a JSON round trip (what the store relies on)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });
});

describe('chainHash', () => {
  it('hashes the previous hash, a newline and the canonical entry', () => {
    const e = entry(1, { to: 'dispatched', from: 'registered' });
    expect(chainHash(GENESIS_HASH, e, identity)).toBe(
      `${GENESIS_HASH}\n{"action":"case.dispatch","actorId":"user-1","actorLogin":"login-1",` +
        `"at":"2026-11-29T08:00:01.000Z","details":{"from":"registered","to":"dispatched"},` +
        `"seq":1,"subjectId":"case-1","subjectType":"case"}`,
    );
  });

  it('changes with the previous hash and with every field', () => {
    const e = entry(4);
    const base = chainHash(GENESIS_HASH, e, fakeSha256);
    expect(chainHash('f'.repeat(64), e, fakeSha256)).not.toBe(base);
    const variants: AuditEntry[] = [
      { ...e, seq: 5 },
      { ...e, at: '2026-11-29T08:00:05.000Z' },
      { ...e, actorId: null },
      { ...e, actorLogin: 'someone' },
      { ...e, action: 'case.close' },
      { ...e, subjectType: 'user' },
      { ...e, subjectId: 'case-9' },
      { ...e, details: { n: 5 } },
    ];
    for (const v of variants) expect(chainHash(GENESIS_HASH, v, fakeSha256)).not.toBe(base);
  });

  it('has a genesis of 64 zeros', () => {
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });
});

describe('verifyChain', () => {
  it('accepts an untampered chain and an empty one', () => {
    expect(verifyChain(buildChain(50), fakeSha256)).toEqual({ ok: true, checked: 50 });
    expect(verifyChain([], fakeSha256)).toEqual({ ok: true, checked: 0 });
  });

  it('resumes after a verified link', () => {
    const rows = buildChain(20);
    const start = { seq: 10, hash: at(rows, 9).hash };
    expect(verifyChain(rows.slice(10), fakeSha256, start)).toEqual({ ok: true, checked: 10 });
    expect(verifyChain(rows.slice(11), fakeSha256, start)).toMatchObject({ ok: false, seq: 11 });
  });

  it('reports an altered entry by its hash', () => {
    const rows = buildChain(20);
    rows[6] = { ...at(rows, 6), details: { n: 999 } };
    const verdict = verifyChain(rows, fakeSha256);
    expect(verdict).toEqual({ ok: false, seq: 7, reason: expect.stringMatching(/altered/) });
  });

  it('reports an altered entry whose hash was recomputed at the next link', () => {
    const rows = buildChain(20);
    const forged = { ...at(rows, 6), actorLogin: 'nobody' };
    rows[6] = { ...forged, hash: chainHash(forged.prevHash, forged, fakeSha256) };
    expect(verifyChain(rows, fakeSha256)).toMatchObject({ ok: false, seq: 8 });
  });

  it('reports details that are not an object as altered', () => {
    const rows = buildChain(5);
    rows[2] = { ...at(rows, 2), details: 'not json {' };
    expect(verifyChain(rows, fakeSha256)).toMatchObject({ ok: false, seq: 3 });
  });

  it('reports a removed entry as a gap at the missing seq', () => {
    const rows = buildChain(20);
    rows.splice(9, 1);
    expect(verifyChain(rows, fakeSha256)).toEqual({
      ok: false,
      seq: 10,
      reason: 'entry #10 is missing: entry #9 is followed by #11',
    });
    const first = buildChain(5).slice(1);
    expect(verifyChain(first, fakeSha256)).toMatchObject({ ok: false, seq: 1 });
    const several = buildChain(10);
    several.splice(3, 3);
    expect(verifyChain(several, fakeSha256)).toMatchObject({
      ok: false,
      seq: 4,
      reason: expect.stringContaining('#4–#6 are missing'),
    });
  });

  it('reports a removed entry whose successors were renumbered by the previous hash', () => {
    const rows = buildChain(20);
    rows.splice(9, 1);
    for (let i = 9; i < rows.length; i++) rows[i] = { ...at(rows, i), seq: i + 1 };
    expect(verifyChain(rows, fakeSha256)).toMatchObject({
      ok: false,
      seq: 10,
      reason: expect.stringMatching(/previous hash/),
    });
  });

  it('reports an inserted entry with a plausible hash where the chain no longer links', () => {
    const rows = buildChain(20);
    const prev = at(rows, 8);
    const forged = { ...entry(10, { forged: true }), prevHash: prev.hash };
    const inserted: AuditRow = { ...forged, hash: chainHash(prev.hash, forged, fakeSha256) };
    const shifted = rows.slice(9).map((r) => ({ ...r, seq: r.seq + 1 }));
    const tampered = [...rows.slice(0, 9), inserted, ...shifted];
    expect(verifyChain(tampered, fakeSha256)).toMatchObject({ ok: false, seq: 11 });
  });

  it('reports a duplicated seq', () => {
    const rows = buildChain(10);
    rows.splice(5, 0, { ...at(rows, 4), details: { copy: true } });
    expect(verifyChain(rows, fakeSha256)).toMatchObject({
      ok: false,
      seq: 5,
      reason: expect.stringMatching(/duplicated or out of order/),
    });
  });

  it('reports rows out of order', () => {
    const rows = buildChain(10);
    const [a, b] = [at(rows, 3), at(rows, 4)];
    rows[3] = b;
    rows[4] = a;
    expect(verifyChain(rows, fakeSha256)).toMatchObject({ ok: false, seq: 4 });
  });

  it('reports two entries whose seq values were swapped', () => {
    const rows = buildChain(10);
    const [a, b] = [at(rows, 3), at(rows, 4)];
    rows[3] = { ...b, seq: a.seq };
    rows[4] = { ...a, seq: b.seq };
    expect(verifyChain(rows, fakeSha256)).toMatchObject({
      ok: false,
      seq: 4,
      reason: expect.stringMatching(/previous hash/),
    });
  });

  it('finds the first broken link when several are broken', () => {
    const rows = buildChain(30);
    rows[20] = { ...at(rows, 20), action: 'x' };
    rows[12] = { ...at(rows, 12), action: 'y' };
    rows.splice(25, 1);
    expect(verifyChain(rows, fakeSha256)).toMatchObject({ ok: false, seq: 13 });
  });

  it('finds any single tampering at the right seq (property)', () => {
    type Kind = 'alter' | 'remove' | 'rehash' | 'swap' | 'duplicate';
    const kinds: Kind[] = ['alter', 'remove', 'rehash', 'swap', 'duplicate'];
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.nat(),
        fc.constantFrom(...kinds),
        (n, pick, kind) => {
          const rows = buildChain(n);
          const i = pick % (n - 1);
          const row = at(rows, i);
          let expected = i + 1;
          if (kind === 'alter') rows[i] = { ...row, subjectId: `${row.subjectId}!` };
          if (kind === 'remove') rows.splice(i, 1);
          if (kind === 'rehash') {
            const forged = { ...row, details: { n: -1 } };
            rows[i] = { ...forged, hash: chainHash(row.prevHash, forged, fakeSha256) };
            expected = i + 2;
          }
          if (kind === 'swap') {
            const next = at(rows, i + 1);
            rows[i] = { ...next, seq: row.seq };
            rows[i + 1] = { ...row, seq: next.seq };
          }
          if (kind === 'duplicate') {
            rows.splice(i + 1, 0, row);
            expected = i + 1;
          }
          expect(verifyChain(rows, fakeSha256)).toMatchObject({ ok: false, seq: expected });
        },
      ),
    );
  });
});

describe('ChainVerifier', () => {
  it('gives the same verdict fed in batches of any size', () => {
    const rows = buildChain(37);
    for (const size of [1, 2, 5, 36, 37, 100]) {
      const verifier = new ChainVerifier(fakeSha256);
      for (let i = 0; i < rows.length; i += size) verifier.feed(rows.slice(i, i + size));
      expect(verifier.result()).toEqual({ ok: true, checked: 37 });
      expect(verifier.last).toEqual({ seq: 37, hash: at(rows, 36).hash });
    }
  });

  it('stops at the first broken link and ignores later batches', () => {
    const rows = buildChain(30);
    rows[14] = { ...at(rows, 14), action: 'forged' };
    const verifier = new ChainVerifier(fakeSha256);
    expect(verifier.feed(rows.slice(0, 10))).toBe(true);
    expect(verifier.feed(rows.slice(10, 20))).toBe(false);
    expect(verifier.feed(buildChain(5))).toBe(false);
    expect(verifier.ok).toBe(false);
    expect(verifier.checked).toBe(14);
    expect(verifier.last.seq).toBe(14);
    expect(verifier.result()).toMatchObject({ ok: false, seq: 15 });
  });

  it('streams a long chain from a generator without holding it', () => {
    function* generate(n: number): Generator<AuditRow> {
      let prevHash = GENESIS_HASH;
      for (let seq = 1; seq <= n; seq++) {
        const e = entry(seq);
        const hash = chainHash(prevHash, e, fakeSha256);
        yield { ...e, prevHash, hash };
        prevHash = hash;
      }
    }
    const verifier = new ChainVerifier(fakeSha256);
    verifier.feed(generate(5_000));
    expect(verifier.result()).toEqual({ ok: true, checked: 5_000 });
  });

  describe('checkHead', () => {
    const rows = buildChain(10);
    const verified = () => {
      const verifier = new ChainVerifier(fakeSha256);
      verifier.feed(rows);
      return verifier;
    };

    it('accepts a head that records the last entry', () => {
      const verifier = verified();
      expect(verifier.checkHead({ seq: 10, hash: at(rows, 9).hash })).toBe(true);
      expect(verifier.result()).toEqual({ ok: true, checked: 10 });
      const empty = new ChainVerifier(fakeSha256);
      expect(empty.checkHead({ seq: 0, hash: GENESIS_HASH })).toBe(true);
    });

    it('reports truncation when the head is ahead of the log', () => {
      const verifier = verified();
      expect(verifier.checkHead({ seq: 12, hash: 'a'.repeat(64) })).toBe(false);
      expect(verifier.result()).toEqual({
        ok: false,
        seq: 11,
        reason: 'entry #11 is missing: the log ends at entry #10 but the head records #12',
      });
      const emptied = new ChainVerifier(fakeSha256);
      emptied.checkHead({ seq: 3, hash: 'a'.repeat(64) });
      expect(emptied.result()).toMatchObject({
        ok: false,
        seq: 1,
        reason: expect.stringContaining('the start of the log'),
      });
    });

    it('reports entries beyond the head', () => {
      const verifier = verified();
      expect(verifier.checkHead({ seq: 8, hash: at(rows, 7).hash })).toBe(false);
      expect(verifier.result()).toMatchObject({ ok: false, seq: 9 });
    });

    it('reports a last entry whose hash differs from the head', () => {
      const verifier = verified();
      expect(verifier.checkHead({ seq: 10, hash: 'b'.repeat(64) })).toBe(false);
      expect(verifier.result()).toMatchObject({ ok: false, seq: 10 });
    });

    it('keeps an earlier broken link', () => {
      const broken = new ChainVerifier(fakeSha256);
      broken.feed([{ ...at(rows, 0), hash: 'c'.repeat(64) }]);
      expect(broken.checkHead({ seq: 10, hash: at(rows, 9).hash })).toBe(false);
      expect(broken.result()).toMatchObject({ ok: false, seq: 1 });
    });
  });
});
