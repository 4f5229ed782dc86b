/**
 * Tracking codes: the public handle of a case (查询码). 60 random bits in Crockford base32
 * (no I, L, O, U), grouped for reading aloud: `K7Q2-9XM4-HT3P`. Codes come from a
 * cryptographic random source, so one code says nothing about another.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Formats 8 random bytes (the first 60 bits are used) as a tracking code. */
export function formatTrackingCode(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new Error('a tracking code needs 8 random bytes');
  let bits = 0n;
  for (let i = 0; i < 8; i++) bits = (bits << 8n) | BigInt(bytes[i] as number);
  bits >>= 4n;
  let text = '';
  for (let i = 0; i < 12; i++) {
    text = (ALPHABET[Number(bits & 31n)] as string) + text;
    bits >>= 5n;
  }
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8)}`;
}

/** Normalises what a person typed (case, spaces, look-alike letters) to a code, or null. */
export function normaliseTrackingCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(cleaned)) return null;
  return `${cleaned.slice(0, 4)}-${cleaned.slice(4, 8)}-${cleaned.slice(8)}`;
}
