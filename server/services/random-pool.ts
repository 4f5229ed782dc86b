/**
 * Cryptographically strong random bytes, drawn from the operating system's generator
 * 4 KiB at a time. Every report takes random bytes for its tracking code and for two or
 * three UUIDv7 ids; asked for a few bytes at a time (as the uuidv7 package's own buffer
 * of 32 bytes does), the generator's per-call cost was about 2 % of the intake's CPU.
 * Bytes handed out are never handed out again: the pool is refilled, not rewound.
 */
import { randomBytes, randomFillSync } from 'node:crypto';

/** A pool of random bytes. */
export interface RandomPool {
  /** `n` fresh random bytes (a copy: the caller may keep or change them). */
  bytes(n: number): Buffer;
  /** A fresh random unsigned 32-bit integer (the uuidv7 generator's interface). */
  nextUint32(): number;
}

/** Builds a pool of `size` bytes. */
export function createRandomPool(size = 4096): RandomPool {
  const pool = Buffer.alloc(size);
  let at = size;
  function take(n: number): number {
    if (at + n > size) {
      randomFillSync(pool);
      at = 0;
    }
    const start = at;
    at += n;
    return start;
  }
  return {
    bytes(n) {
      if (n > size / 4) return randomBytes(n);
      const start = take(n);
      return Buffer.from(pool.subarray(start, start + n));
    },
    nextUint32() {
      return pool.readUInt32LE(take(4));
    },
  };
}

/** The process's pool. */
export const randomPool = createRandomPool();
