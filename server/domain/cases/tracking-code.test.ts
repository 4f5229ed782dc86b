import { describe, expect, it } from 'vitest';
import { formatTrackingCode, normaliseTrackingCode } from './tracking-code.ts';

const CROCKFORD =
  /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}$/;

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bytesFrom = (random: () => number) =>
  Uint8Array.from({ length: 8 }, () => Math.floor(random() * 256));

describe('formatTrackingCode', () => {
  it('writes twelve Crockford base32 characters in three groups of four', () => {
    const random = seeded(7);
    for (let i = 0; i < 500; i++) {
      const code = formatTrackingCode(bytesFrom(random));
      expect(code).toMatch(CROCKFORD);
      expect(code.replace(/-/g, '')).toHaveLength(12);
    }
  });

  it('encodes the first 60 bits, most significant first', () => {
    expect(formatTrackingCode(new Uint8Array(8))).toBe('0000-0000-0000');
    expect(formatTrackingCode(new Uint8Array(8).fill(0xff))).toBe('ZZZZ-ZZZZ-ZZZZ');
    // 0x0000000000000010 >> 4 = 1.
    expect(formatTrackingCode(Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0x10]))).toBe('0000-0000-0001');
    // The top 5 bits 10000 = 16 → 'G'.
    expect(formatTrackingCode(Uint8Array.from([0x80, 0, 0, 0, 0, 0, 0, 0]))).toBe('G000-0000-0000');
    // Extra bytes are ignored.
    expect(formatTrackingCode(Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0x10, 0xff]))).toBe(
      '0000-0000-0001',
    );
  });

  it('gives different codes for different bytes', () => {
    const random = seeded(42);
    const seen = new Map<string, string>();
    for (let i = 0; i < 2000; i++) {
      const bytes = bytesFrom(random);
      // Only the first 60 bits count: compare on those.
      bytes[7] = (bytes[7] as number) & 0xf0;
      const key = bytes.join(',');
      const code = formatTrackingCode(bytes);
      const earlier = seen.get(code);
      if (earlier !== undefined) expect(earlier).toBe(key);
      seen.set(code, key);
    }
    // Every single-bit flip of the 60 used bits changes the code.
    const base = new Uint8Array(8);
    const codes = new Set([formatTrackingCode(base)]);
    for (let bit = 0; bit < 60; bit++) {
      const flipped = new Uint8Array(8);
      flipped[bit >> 3] = 0x80 >> (bit & 7);
      codes.add(formatTrackingCode(flipped));
    }
    expect(codes.size).toBe(61);
  });

  it('needs 8 bytes', () => {
    expect(() => formatTrackingCode(new Uint8Array(7))).toThrow();
  });

  it('round-trips through normaliseTrackingCode', () => {
    const random = seeded(3);
    for (let i = 0; i < 200; i++) {
      const code = formatTrackingCode(bytesFrom(random));
      expect(normaliseTrackingCode(code)).toBe(code);
      expect(normaliseTrackingCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
    }
  });
});

describe('normaliseTrackingCode', () => {
  it('accepts lower case, spaces and missing or extra dashes', () => {
    expect(normaliseTrackingCode('k7q2-9xm4-ht3p')).toBe('K7Q2-9XM4-HT3P');
    expect(normaliseTrackingCode(' K7Q2 9XM4 HT3P ')).toBe('K7Q2-9XM4-HT3P');
    expect(normaliseTrackingCode('K7Q29XM4HT3P')).toBe('K7Q2-9XM4-HT3P');
    expect(normaliseTrackingCode('K7-Q2-9X-M4-HT-3P')).toBe('K7Q2-9XM4-HT3P');
    expect(normaliseTrackingCode('\tk7q2\n9xm4 ht3p')).toBe('K7Q2-9XM4-HT3P');
  });

  it('reads I and L as 1 and O as 0, in either case', () => {
    expect(normaliseTrackingCode('IL0O-iloo-ABCD')).toBe('1100-1100-ABCD');
    expect(normaliseTrackingCode('OOOO-OOOO-OOOO')).toBe('0000-0000-0000');
  });

  it('refuses what cannot be a code', () => {
    for (const input of [
      '',
      '   ',
      'K7Q2-9XM4-HT3',
      'K7Q2-9XM4-HT3PX',
      'K7Q2-9XM4-HT3U',
      'K7Q2_9XM4_HT3P',
      'K7Q2.9XM4.HT3P',
      'K7Q2-9XM4-HT3!',
      'K7Q2-9XM4-HT3Ü',
      '中文中文-中文中文-中文中文',
    ]) {
      expect(normaliseTrackingCode(input), input).toBeNull();
    }
  });
});
