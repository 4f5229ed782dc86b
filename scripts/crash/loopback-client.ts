/**
 * A small HTTP client for the crash test, over loopback only. An answer counts only once
 * its whole body has arrived and parsed: a response cut off by the kill is an error, never
 * an acknowledgement. Requests can leave from any 127.0.0.0/8 address, so that the
 * per-address rate limit of intake does not cap a test that means to run at full speed.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** A fully received answer. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** One request. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  headers?: Record<string, string>;
  /** The loopback address the connection leaves from (default 127.0.0.1). */
  from?: string;
  timeoutMs?: number;
}

/** A client bound to one server process: its port and a keep-alive pool of its own. */
export class LoopbackClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private nextSource = 0;

  constructor(readonly port: number) {}

  /** A different source address on each call, cycling through 127.0.1.1 … 127.0.1.250. */
  rotatingSource(): string {
    this.nextSource = (this.nextSource % 250) + 1;
    return `127.0.1.${this.nextSource}`;
  }

  /** Sends a request; rejects on any transport error or an unreadable body. */
  send(path: string, options: RequestOptions = {}): Promise<Answer> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: this.port,
          path,
          method: options.method ?? 'GET',
          agent: this.agent,
          localAddress: options.from,
          headers: {
            accept: 'application/json',
            ...(payload === undefined
              ? {}
              : {
                  'content-type': 'application/json',
                  'content-length': String(Buffer.byteLength(payload)),
                }),
            ...options.headers,
          },
          timeout: options.timeoutMs ?? 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            if (!res.complete) {
              reject(new Error('the answer was cut off'));
              return;
            }
            const text = Buffer.concat(chunks).toString('utf8');
            const type = String(res.headers['content-type'] ?? '');
            try {
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: type.includes('json') && text !== '' ? JSON.parse(text) : text,
              });
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Closes every pooled connection. */
  close(): void {
    this.agent.destroy();
  }
}
