import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, verifyWebhookSignature } from './webhook-signature.ts';

const SECRET = 'whsec_test';
const BODY = '{"id":"e1","event":"case.created"}';

describe('webhook signatures', () => {
  it('sign "<t>.<body>" with HMAC-SHA256 in hex', () => {
    const expected = createHmac('sha256', SECRET).update(`1700000000.${BODY}`).digest('hex');
    expect(signWebhook(SECRET, BODY, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verify within the tolerance, with the right secret and the exact body', () => {
    const header = signWebhook(SECRET, BODY, 1700000000);
    expect(verifyWebhookSignature(SECRET, header, BODY, 1700000100)).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, BODY, 1700000301)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', header, BODY, 1700000000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, `${BODY} `, 1700000000)).toBe(false);
  });

  it('reject a signature moved to another timestamp and malformed headers', () => {
    const v1 = signWebhook(SECRET, BODY, 1700000000).split(',')[1];
    expect(verifyWebhookSignature(SECRET, `t=1700000050,${v1}`, BODY, 1700000050)).toBe(false);
    for (const header of ['', 't=,v1=', 'v1=abc', 't=1700000000', 't=abc,v1=00', 'garbage']) {
      expect(verifyWebhookSignature(SECRET, header, BODY, 1700000000)).toBe(false);
    }
  });

  it('accept any of several v1 signatures (secret rotation)', () => {
    const good = signWebhook(SECRET, BODY, 1700000000).split(',')[1];
    const header = `t=1700000000,v1=${'0'.repeat(64)},${good}`;
    expect(verifyWebhookSignature(SECRET, header, BODY, 1700000000)).toBe(true);
  });

  it('make long random secrets', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
