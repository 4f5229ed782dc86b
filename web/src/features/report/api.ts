/** Reporting a problem: photos first (`POST /attachments`), then the case (`POST /cases`). */
import { request } from '../../api/client.ts';
import type { AttachmentCreated, ReportAnswer, ReportInput } from '../../api/types.ts';

/** Uploads one photo; the server re-encodes it without metadata (EXIF, GPS). */
export function uploadAttachment(file: File, signal?: AbortSignal) {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<AttachmentCreated>('/api/v1/attachments', { method: 'POST', body: form, signal });
}

/**
 * Sends the report. The same `idempotencyKey` for every attempt of one draft: a retry
 * after a lost answer returns the first case instead of creating a second.
 */
export function reportCase(input: ReportInput, idempotencyKey: string) {
  return request<ReportAnswer>('/api/v1/cases', {
    method: 'POST',
    body: input,
    headers: { 'idempotency-key': idempotencyKey },
  });
}
