import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { hashPassword, hashSecret, newSecret, verifyPassword } from './secrets.ts';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

describe('hashPassword and verifyPassword', () => {
  it('stores scrypt$N$r$p$salt$key with base64url salt and key', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const parts = stored.split('$');
    expect(parts).toHaveLength(6);
    const [scheme, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
    expect(scheme).toBe('scrypt');
    expect([n, r, p]).toEqual(['16384', '8', '1']);
    expect(salt).toMatch(BASE64URL);
    expect(key).toMatch(BASE64URL);
    expect(Buffer.from(salt, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    expect(stored).not.toContain('correct horse');
  });

  it('verifies the password it hashed', async () => {
    const stored = await hashPassword('s3cret-Passw0rd');
    await expect(verifyPassword('s3cret-Passw0rd', stored)).resolves.toBe(true);
  });

  it('round-trips unicode and empty passwords', async () => {
    for (const password of ['网格员密码🔐', '']) {
      const stored = await hashPassword(password);
      await expect(verifyPassword(password, stored)).resolves.toBe(true);
    }
  });

  it('rejects a wrong password', async () => {
    const stored = await hashPassword('s3cret-Passw0rd');
    await expect(verifyPassword('s3cret-passw0rd', stored)).resolves.toBe(false);
    await expect(verifyPassword('s3cret-Passw0rd ', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('salts: two hashes of the same password differ, and both verify', async () => {
    const first = await hashPassword('same password');
    const second = await hashPassword('same password');
    expect(first).not.toBe(second);
    expect(first.split('$')[4]).not.toBe(second.split('$')[4]);
    await expect(verifyPassword('same password', first)).resolves.toBe(true);
    await expect(verifyPassword('same password', second)).resolves.toBe(true);
  });

  it('rejects a hash whose key was tampered with or truncated', async () => {
    const stored = await hashPassword('pw');
    const parts = stored.split('$');
    const key = parts[5] as string;
    const flipped = `${key[0] === 'A' ? 'B' : 'A'}${key.slice(1)}`;
    await expect(verifyPassword('pw', [...parts.slice(0, 5), flipped].join('$'))).resolves.toBe(
      false,
    );
    await expect(verifyPassword('pw', stored.slice(0, -4))).resolves.toBe(false);
  });

  it('rejects a hash whose salt was swapped', async () => {
    const a = (await hashPassword('pw')).split('$');
    const b = (await hashPassword('pw')).split('$');
    const mixed = [...a.slice(0, 4), b[4], a[5]].join('$');
    await expect(verifyPassword('pw', mixed)).resolves.toBe(false);
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'pw'],
    ['another scheme', 'bcrypt$16384$8$1$c2FsdA$a2V5'],
    ['too few parts', 'scrypt$16384$8$1$c2FsdA'],
    ['an empty salt', 'scrypt$16384$8$1$$a2V5'],
    ['an empty key', 'scrypt$16384$8$1$c2FsdA$'],
    ['an empty N', 'scrypt$$8$1$c2FsdA$a2V5'],
  ])('returns false for a malformed stored hash: %s', async (_label, stored) => {
    await expect(verifyPassword('pw', stored)).resolves.toBe(false);
  });

  // A corrupt row must read as "wrong password", not crash the sign-in with a 500.
  it.each([
    ['a non-numeric N', 'scrypt$abc$8$1$c2FsdA$a2V5'],
    ['an N that is not a power of two', 'scrypt$1000$8$1$c2FsdA$a2V5'],
    ['an N out of range', 'scrypt$1099511627776$8$1$c2FsdA$a2V5'],
    ['a non-numeric r', 'scrypt$16384$x$1$c2FsdA$a2V5'],
  ])('returns false, without throwing, for bad scrypt parameters: %s', async (_label, stored) => {
    await expect(verifyPassword('pw', stored)).resolves.toBe(false);
  });
});

describe('hashSecret', () => {
  it('is the SHA-256 of the secret as 64 lowercase hex digits', () => {
    const digest = hashSecret('token-abc');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).toBe(createHash('sha256').update('token-abc').digest('hex'));
  });

  it('is deterministic', () => {
    const secret = newSecret();
    expect(hashSecret(secret)).toBe(hashSecret(secret));
  });

  it('matches the known SHA-256 test vector', () => {
    expect(hashSecret('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('differs for different secrets', () => {
    expect(hashSecret('a')).not.toBe(hashSecret('b'));
    expect(hashSecret('')).toHaveLength(64);
  });
});

describe('newSecret', () => {
  it('is 256 random bits as base64url (43 characters, no padding)', () => {
    const secret = newSecret();
    expect(secret).toMatch(BASE64URL);
    expect(secret).toHaveLength(43);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
  });

  it('is unique across many calls', () => {
    const secrets = new Set(Array.from({ length: 1000 }, () => newSecret()));
    expect(secrets.size).toBe(1000);
  });
});
