import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  guardedLookup,
  isInternalAddress,
  postWebhook,
  webhookUrlProblem,
} from './webhook-sender.ts';

describe('webhook targets', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
  ])('%s is internal', (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '203.0.114.7', '2606:4700::1111'])('%s is public', (address) => {
    expect(isInternalAddress(address)).toBe(false);
  });

  it('accept public http(s) URLs only', () => {
    expect(webhookUrlProblem('https://hooks.example.org/civicgrid?x=1', false)).toBeNull();
    expect(webhookUrlProblem('http://203.0.114.7:8080/in', false)).toBeNull();
    expect(webhookUrlProblem('ftp://example.org/', false)).toMatch(/http or https/);
    expect(webhookUrlProblem('https://u:p@example.org/', false)).toMatch(/user name/);
    expect(webhookUrlProblem('nonsense', false)).toBe('is not a URL');
    for (const url of [
      'http://localhost:3000/',
      'http://api.localhost/',
      'http://localhost./',
      'http://127.0.0.1/',
      'http://[::1]:8080/',
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.5/',
    ]) {
      expect(webhookUrlProblem(url, false), url).toMatch(/CIVICGRID_WEBHOOK_ALLOW_PRIVATE/);
      expect(webhookUrlProblem(url, true), url).toBeNull();
    }
  });
});

describe('the guarded DNS lookup', () => {
  it('refuses a name that resolves to an internal address', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      guardedLookup('localhost', {}, (e) => resolve(e)),
    );
    expect(error?.code).toBe('EINTERNAL');
    expect(error?.message).toMatch(/internal address/);
  });
});

describe('postWebhook', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    server = undefined;
  });

  async function listen(handler: RequestListener): Promise<number> {
    server = createServer(handler);
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    return (server.address() as AddressInfo).port;
  }

  it('posts the body with its headers and reports any status', async () => {
    let got = { body: '', signature: '' };
    const port = await listen((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        got = {
          body: Buffer.concat(chunks).toString(),
          signature: String(request.headers['civicgrid-signature']),
        };
        response.writeHead(410).end('gone');
      });
    });
    const answer = await postWebhook(
      `http://127.0.0.1:${port}/in`,
      '{"a":"中文"}',
      { 'Civicgrid-Signature': 't=1,v1=00' },
      { allowPrivate: true },
    );
    expect(answer).toEqual({ statusCode: 410 });
    expect(got).toEqual({ body: '{"a":"中文"}', signature: 't=1,v1=00' });
  });

  it('refuses loopback targets unless allowed, before connecting', async () => {
    let hits = 0;
    const port = await listen((_request, response) => {
      hits++;
      response.end();
    });
    await expect(
      postWebhook(`http://127.0.0.1:${port}/`, '{}', {}, { allowPrivate: false }),
    ).rejects.toThrow(/loopback or private/);
    expect(hits).toBe(0);
  });

  it('gives up after the time limit', async () => {
    const port = await listen(() => undefined);
    await expect(
      postWebhook(`http://127.0.0.1:${port}/`, '{}', {}, { allowPrivate: true, timeoutMs: 200 }),
    ).rejects.toThrow(/No answer within 0.2 s/);
  });

  it('does not follow redirects', async () => {
    const port = await listen((_request, response) => {
      response.writeHead(302, { location: 'http://169.254.169.254/' }).end();
    });
    expect(
      await postWebhook(`http://127.0.0.1:${port}/`, '{}', {}, { allowPrivate: true }),
    ).toEqual({ statusCode: 302 });
  });
});
