/**
 * Sending one e-mail through SMTP with nodemailer. The `Message-ID` is derived from the
 * outbox id, so if a crash makes the outbox send a message twice, both copies carry the
 * same id and mail systems and readers can tell them apart from a new message.
 */
import nodemailer from 'nodemailer';
import type { EmailPayload } from '../../storage/stores/outbox-store.ts';

/** Sends rendered e-mails. */
export interface MailSender {
  /** Sends one message; resolves with the server's reply code, rejects when not accepted. */
  send(outboxId: string, mail: EmailPayload): Promise<{ statusCode: number | null }>;
  close(): void;
}

/** The `Message-ID` of an outbox message. */
export function messageIdOf(outboxId: string, publicUrl: string): string {
  let host = 'civicgrid.invalid';
  try {
    host = new URL(publicUrl).hostname || host;
  } catch {
    // A malformed base URL is refused by the configuration; keep a valid id regardless.
  }
  return `<${outboxId}@${host.replace(/^\[|\]$/g, '')}>`;
}

function replyCode(text: unknown): number | null {
  const match = typeof text === 'string' ? /^(\d{3})/.exec(text) : null;
  return match ? Number(match[1]) : null;
}

/** Builds the SMTP sender for `smtpUrl` (`smtp://user:pass@host:587`, `smtps://…`). */
export function createMailSender(settings: {
  smtpUrl: string;
  from: string;
  publicUrl: string;
}): MailSender {
  const transport = nodemailer.createTransport({
    url: settings.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(outboxId, mail) {
      const info = await transport.sendMail({
        from: settings.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageIdOf(outboxId, settings.publicUrl),
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      });
      return { statusCode: replyCode(info.response) };
    },
    close() {
      transport.close();
    },
  };
}
