/** Upload of a photo or document, before it is linked to a report or a case action. */
import { createHash } from 'node:crypto';
import { ValidationError } from '../../domain/errors.ts';
import type { Clock } from '../../domain/ports.ts';
import type { Attachment, AttachmentStore } from '../../storage/stores/attachment-store.ts';
import type { BlobStore } from './blob-store.ts';
import { sanitizeUpload } from './sanitize.ts';

/** What an upload brings: the raw bytes, the name the client gave, and who sent it. */
export interface AttachmentUpload {
  bytes: Uint8Array;
  fileName: string | null;
  /** The signed-in uploader, or null for an anonymous resident. */
  uploadedBy: string | null;
}

/** Builds the upload-attachment use case. */
export function createUploadAttachment(deps: {
  attachments: Pick<AttachmentStore, 'insert'>;
  blobs: Pick<BlobStore, 'write'>;
  clock: Clock;
  /** Largest upload accepted, in bytes (the HTTP layer refuses bigger bodies earlier). */
  maxBytes: number;
}) {
  /**
   * Sanitizes the bytes, stores them once under their SHA-256 and records the attachment,
   * unlinked. The blob is written before the row, so a row never names a missing blob; a
   * crash in between leaves only an unreferenced blob.
   * @throws ValidationError (field `/file`) when the file is too large, of a type not
   *   allowed, or does not decode (see `sanitizeUpload`).
   */
  return async function uploadAttachment(upload: AttachmentUpload): Promise<Attachment> {
    if (upload.bytes.length > deps.maxBytes) {
      const message = `The file is larger than ${deps.maxBytes} bytes.`;
      throw new ValidationError(message, [{ field: '/file', message }]);
    }
    const clean = await sanitizeUpload(upload.bytes, upload.fileName);
    const sha256 = createHash('sha256').update(clean.buffer).digest('hex');
    await deps.blobs.write(sha256, clean.buffer);
    return deps.attachments.insert(
      {
        sha256,
        mediaType: clean.mediaType,
        size: clean.buffer.length,
        fileName: clean.fileName,
        uploadedBy: upload.uploadedBy,
      },
      deps.clock.now(),
    );
  };
}

export type UploadAttachment = ReturnType<typeof createUploadAttachment>;
