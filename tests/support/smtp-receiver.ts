/**
 * A real SMTP server process for tests (smtp-server on 127.0.0.1): it accepts every
 * message without authentication and reports each one, raw, to its parent over IPC.
 * Started by `startMailInbox` with `node --import tsx`; argv[2] is the port (0: any free).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

const send = (message: unknown) => process.send?.(message);

const server = new SMTPServer({
  authOptional: true,
  // Plain SMTP on loopback: a self-signed STARTTLS offer would only make the client refuse it.
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const from = session.envelope.mailFrom;
      send({
        type: 'message',
        from: from ? from.address : null,
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      callback();
    });
  },
});

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  send({ type: 'ready', port: (server.server.address() as AddressInfo).port });
});

const stop = () => server.close(() => process.exit(0));
process.on('disconnect', stop);
process.on('SIGTERM', stop);
