/**
 * Delivering one webhook: an HTTP(S) POST with a 10 s limit, no redirects followed and no
 * connection reuse. Unless private targets are allowed, a URL whose host is, or resolves
 * to, a loopback, private, link-local or otherwise internal address is refused — checked
 * on the address actually connected to, so DNS cannot swap it after the check.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

const internal = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  internal.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  internal.addSubnet(network, prefix, 'ipv6');
}

/** True for addresses that are not on the public internet (IPv4-mapped IPv6 included). */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return internal.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Why a webhook URL cannot be used, or null when it can: http(s) only, no credentials in
 * the URL, and (unless `allowPrivate`) no loopback or private literal host.
 */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not contain a user name or password';
  if (url.hash) return 'must not contain a #fragment';
  if (allowPrivate) return null;
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || isInternalAddress(host)) {
    return 'points to a loopback or private address (allowed only with CIVICGRID_WEBHOOK_ALLOW_PRIVATE=true)';
  }
  return null;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A DNS lookup that fails for internal addresses (what the connection actually uses). */
export function guardedLookup(
  hostname: string,
  options: LookupOptions,
  callback: LookupCallback,
): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const found = addresses as LookupAddress[];
    const blocked = found.find((a) => isInternalAddress(a.address));
    if (blocked) {
      const refused: NodeJS.ErrnoException = new Error(
        `${hostname} resolves to the internal address ${blocked.address}: refused`,
      );
      refused.code = 'EINTERNAL';
      return callback(refused, []);
    }
    const first = found[0];
    if (!first) return callback(new Error(`${hostname} has no address`), []);
    if (options.all) return callback(null, found);
    return callback(null, first.address, first.family);
  });
}

/** What the receiver answered. */
export interface WebhookResponse {
  statusCode: number;
}

/**
 * POSTs the body; resolves with the receiver's status (any status), rejects on a network
 * error, a refused target or after `timeoutMs`.
 */
export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { allowPrivate: boolean; timeoutMs?: number },
): Promise<WebhookResponse> {
  const problem = webhookUrlProblem(url, options.allowPrivate);
  if (problem) return Promise.reject(new Error(`The webhook URL ${problem}.`));
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise<WebhookResponse>((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'POST',
        agent: false,
        headers: {
          ...headers,
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'civicgrid-webhooks/1',
        },
        ...(options.allowPrivate ? {} : { lookup: guardedLookup }),
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        const statusCode = response.statusCode ?? 0;
        // Only the status matters; the body is read and dropped so the socket can close.
        response.on('data', () => undefined);
        response.on('end', () => resolve({ statusCode }));
        response.on('error', () => resolve({ statusCode }));
        response.on('close', () => resolve({ statusCode }));
      },
    );
    request.on('error', (error: Error) => {
      reject(
        error.name === 'AbortError' || error.name === 'TimeoutError'
          ? new Error(`No answer within ${timeoutMs / 1000} s.`)
          : error,
      );
    });
    request.end(body);
  });
}
