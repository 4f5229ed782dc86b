/**
 * The test side of the SMTP server process: start it, collect what it receives, stop it
 * (to simulate a mail server that is down) and start it again on the same port. Also a
 * small MIME reader for the messages nodemailer writes (multipart, quoted-printable or
 * base64, RFC 2047 encoded headers).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One received message, decoded. */
export interface ReceivedMail {
  from: string | null;
  to: string[];
  headers: Map<string, string>;
  subject: string;
  messageId: string;
  text: string;
  html: string;
  raw: string;
}

/** A running (or stopped) SMTP server process and what it received. */
export interface MailInbox {
  port: number;
  url: string;
  messages: ReceivedMail[];
  /** Messages to one address. */
  to(address: string): ReceivedMail[];
  /** Waits until `count` messages (matching `filter`) reached `address`; fails after 5 s. */
  waitFor(
    address: string,
    count: number,
    filter?: (mail: ReceivedMail) => boolean,
  ): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./smtp-receiver.ts', import.meta.url));

function bytesOfQuotedPrintable(text: string, underscoreIsSpace: boolean): Buffer {
  const bytes: number[] = [];
  const clean = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i] as string;
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(clean.slice(i + 1, i + 3))) {
      bytes.push(parseInt(clean.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (ch === '_' && underscoreIsSpace) bytes.push(0x20);
    else bytes.push(...Buffer.from(ch, 'utf8'));
  }
  return Buffer.from(bytes);
}

/** Decodes RFC 2047 encoded words; adjacent words join without the space between them. */
export function decodeHeader(value: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  let out = '';
  let pending: Buffer[] = [];
  let last = 0;
  const flush = () => {
    out += Buffer.concat(pending).toString('utf8');
    pending = [];
  };
  for (let match = word.exec(value); match; match = word.exec(value)) {
    const between = value.slice(last, match.index);
    if (!(pending.length > 0 && /^\s*$/.test(between))) {
      flush();
      out += between;
    }
    const [, , encoding, text] = match as unknown as [string, string, string, string];
    pending.push(
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : bytesOfQuotedPrintable(text, true),
    );
    last = match.index + match[0].length;
  }
  flush();
  return out + value.slice(last);
}

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at === -1 ? raw : raw.slice(0, at);
  const body = at === -1 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64')
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return bytesOfQuotedPrintable(body, false).toString('utf8');
  return body;
}

function collectParts(raw: string, into: { text: string; html: string }): void {
  const { headers, body } = splitHead(raw);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const sections = body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      collectParts(section.replace(/^\r?\n/, ''), into);
    }
    return;
  }
  const decoded = decodeBody(headers, body);
  if (/^text\/html/i.test(type)) into.html += decoded;
  else if (/^text\/plain/i.test(type)) into.text += decoded;
}

/** Reads a raw message. */
export function parseMail(
  raw: string,
  envelope: { from: string | null; to: string[] },
): ReceivedMail {
  const { headers } = splitHead(raw);
  const parts = { text: '', html: '' };
  collectParts(raw, parts);
  return {
    ...envelope,
    headers,
    subject: decodeHeader(headers.get('subject') ?? ''),
    messageId: headers.get('message-id') ?? '',
    text: parts.text,
    html: parts.html,
    raw,
  };
}

/** Starts the SMTP server process on a free loopback port. */
export async function startMailInbox(): Promise<MailInbox> {
  let child: ChildProcess | null = null;
  let port = 0;
  const messages: ReceivedMail[] = [];

  async function start(): Promise<void> {
    const proc = fork(SCRIPT, [String(port)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child = proc;
    port = await new Promise<number>((resolve, reject) => {
      proc.once('error', reject);
      proc.once('exit', (code) => reject(new Error(`the SMTP process exited (${code})`)));
      proc.on(
        'message',
        (m: { type: string; port?: number; from?: string; to?: string[]; raw?: string }) => {
          if (m.type === 'ready' && m.port) resolve(m.port);
          if (m.type === 'message' && m.raw !== undefined)
            messages.push(parseMail(m.raw, { from: m.from ?? null, to: m.to ?? [] }));
        },
      );
    });
  }

  await start();
  const inbox: MailInbox = {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    messages,
    to: (address) => messages.filter((m) => m.to.includes(address)),
    async waitFor(address, count, filter = () => true) {
      const until = Date.now() + 5_000;
      const found = () => inbox.to(address).filter(filter);
      while (found().length < count) {
        if (Date.now() > until)
          throw new Error(`expected ${count} messages to ${address}, got ${found().length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      // Late arrivals beyond `count` would show up within a moment: give them one.
      await new Promise((r) => setTimeout(r, 50));
      return found();
    },
    async stop() {
      const proc = child;
      child = null;
      if (!proc || proc.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      });
    },
    start,
  };
  return inbox;
}
