/**
 * Attachments: residents and staff upload photos or PDFs before reporting or acting on a
 * case, then name them by id; reading one is allowed by the case it belongs to.
 */
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError, ValidationError } from '../../../domain/errors.ts';
import type { Actor } from '../../../domain/org/scope.ts';
import type { BlobStore } from '../../../services/attachments/blob-store.ts';
import type { UploadAttachment } from '../../../services/attachments/upload-attachment.ts';
import type { Attachment, AttachmentStore } from '../../../storage/stores/attachment-store.ts';
import { sendProblem } from '../../plugins/problem-details.ts';
import { Id, problems } from '../common.schemas.ts';

/** Whether an actor (null: anonymous) may see a case; supplied by the case services. */
export type CaseReadCheck = (actor: Actor | null, caseId: string) => Promise<boolean>;

/** What the attachment routes are built from. */
export interface AttachmentsRoutesOptions {
  services: {
    uploadAttachment: UploadAttachment;
    attachments: Pick<AttachmentStore, 'findById'>;
    blobs: Pick<BlobStore, 'read'>;
    canReadCase: CaseReadCheck;
  };
  /** Largest file accepted, in bytes; a bigger one is answered 413. */
  maxBytes: number;
}

const AttachmentCreated = Type.Object({
  id: Type.String(),
  mediaType: Type.String({ description: 'Detected from the content, not from the name' }),
  size: Type.Integer({ description: 'Bytes stored, after metadata was stripped' }),
  sha256: Type.String({ description: 'SHA-256 of the stored bytes, lower-case hex' }),
});

/**
 * Whether `actor` may read an attachment. Before it is linked to a case only its signed-in
 * uploader may (an anonymous upload cannot be read back at all); once linked, exactly those
 * who may read the case.
 */
export async function canReadAttachment(
  actor: Actor | null,
  attachment: Pick<Attachment, 'caseId' | 'uploadedBy'>,
  caseScopeCheck: (caseId: string) => Promise<boolean>,
): Promise<boolean> {
  if (attachment.caseId === null) {
    return (
      actor !== null && attachment.uploadedBy !== null && actor.userId === attachment.uploadedBy
    );
  }
  return caseScopeCheck(attachment.caseId);
}

function missingFile(): ValidationError {
  const message = 'Send multipart/form-data with the file in the field "file".';
  return new ValidationError(message, [{ field: '/file', message: 'is required' }]);
}

/** An ASCII stand-in and an RFC 8187 form of a file name for `Content-Disposition`. */
function dispositionOf(fileName: string | null): string {
  if (!fileName) return 'inline';
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `inline; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Errors of reading the multipart body: too large → 413, unreadable → 400. */
function answerBodyError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  maxBytes: number,
): FastifyReply {
  const e = error as Partial<FastifyError>;
  if (e.code === 'FST_REQ_FILE_TOO_LARGE') {
    return sendProblem(
      reply,
      request,
      'body-too-large',
      `The file is larger than ${maxBytes} bytes.`,
    );
  }
  if (e.statusCode === 413) {
    return sendProblem(reply, request, 'body-too-large', 'The form has too many parts.');
  }
  if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) throw error;
  // busboy reports a malformed form (no boundary, early end) as a plain Error.
  return sendProblem(
    reply,
    request,
    'malformed-body',
    'The multipart/form-data body cannot be read.',
  );
}

export const attachmentsRoutes: FastifyPluginAsyncTypebox<AttachmentsRoutesOptions> = async (
  app,
  { services, maxBytes },
) => {
  // Here, not in app.ts: only this resource parses multipart, with limits of its own.
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 1024, parts: 11 },
  });

  app.post(
    '/attachments',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['attachments'],
        summary: 'Upload a photo or PDF (anyone, rate-limited)',
        description:
          'multipart/form-data with one file in the field `file`. The type is detected from the ' +
          'content: JPEG, PNG, WebP or PDF. Images are re-encoded upright without any metadata ' +
          '(EXIF, GPS, XMP, ICC); PDFs are stored as sent. Name the returned id when reporting ' +
          'or acting on a case.',
        consumes: ['multipart/form-data'],
        response: { 201: AttachmentCreated, ...problems(400, 413, 429) },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw missingFile();
      let bytes: Buffer;
      let fileName: string | null;
      try {
        const part = await request.file();
        if (!part || part.fieldname !== 'file') throw missingFile();
        bytes = await part.toBuffer();
        fileName = part.filename || null;
      } catch (error) {
        if (error instanceof ValidationError) throw error;
        return answerBodyError(error, request, reply, maxBytes);
      }
      // `actor` is set by the auth plugin; without it every caller is anonymous.
      const actor = request.actor ?? null;
      const attachment = await services.uploadAttachment({
        bytes,
        fileName,
        uploadedBy: actor?.userId ?? null,
      });
      return reply.code(201).send({
        id: attachment.id,
        mediaType: attachment.mediaType,
        size: attachment.size,
        sha256: attachment.sha256,
      });
    },
  );

  app.get(
    '/attachments/:id',
    {
      schema: {
        tags: ['attachments'],
        summary: 'Read an attachment',
        description:
          'The stored bytes under their detected media type. Before the attachment is linked ' +
          'to a case only its signed-in uploader may read it; afterwards whoever may read the ' +
          'case. Otherwise 404, whether or not it exists.',
        params: Type.Object({ id: Id }),
        response: problems(400, 404),
      },
    },
    async (request, reply) => {
      const actor = request.actor ?? null;
      const attachment = await services.attachments.findById(request.params.id);
      const allowed =
        attachment !== undefined &&
        (await canReadAttachment(actor, attachment, (caseId) =>
          services.canReadCase(actor, caseId),
        ));
      if (!attachment || !allowed) throw new NotFoundError('No such attachment.');

      const etag = `"${attachment.sha256}"`;
      reply
        .header('X-Content-Type-Options', 'nosniff')
        .header('Cache-Control', 'private, max-age=31536000, immutable')
        .header('ETag', etag);
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      const stream = await services.blobs.read(attachment.sha256);
      return reply
        .type(attachment.mediaType)
        .header('Content-Length', attachment.size)
        .header('Content-Disposition', dispositionOf(attachment.fileName))
        .send(stream);
    },
  );
};
