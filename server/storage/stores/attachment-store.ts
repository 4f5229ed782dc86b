/** Attachments (photos and documents) in the database; their bytes live in the blob store. */
import type { Kysely, Transaction } from 'kysely';
import type { IdGenerator } from '../../domain/ports.ts';
import type { Db } from '../database.ts';
import type { AttachmentsTable } from '../schema/cases.table.ts';
import type { Database } from '../schema/database.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** A stored upload: sanitized bytes named by their SHA-256, linked to a case once reported. */
export interface Attachment {
  id: string;
  /** Lower-case hex SHA-256 of the stored (sanitized) bytes: the blob's name. */
  sha256: string;
  mediaType: string;
  size: number;
  /** The uploader's file name, cleaned; only ever shown, never used as a path. */
  fileName: string | null;
  /** Null until a report or case action links it. */
  caseId: string | null;
  eventId: string | null;
  /** Null for an anonymous resident. */
  uploadedBy: string | null;
  createdAt: string;
}

/** What an upload records. */
export interface AttachmentDraft {
  sha256: string;
  mediaType: string;
  size: number;
  fileName: string | null;
  uploadedBy: string | null;
}

/** Converts a row to the domain's `Attachment`. */
export function rowToAttachment(row: AttachmentsTable): Attachment {
  return {
    id: row.id,
    sha256: row.sha256,
    mediaType: row.media_type,
    size: Number(row.size),
    fileName: row.file_name,
    caseId: row.case_id,
    eventId: row.event_id,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
  };
}

/** Builds the attachment store. */
export function createAttachmentStore(db: Db, ids: IdGenerator) {
  const k = db.kysely;

  return {
    /** Records an upload, not yet linked to any case. */
    async insert(draft: AttachmentDraft, now: Date): Promise<Attachment> {
      const row: AttachmentsTable = {
        id: ids.next(),
        sha256: draft.sha256,
        media_type: draft.mediaType,
        size: draft.size,
        file_name: draft.fileName,
        case_id: null,
        event_id: null,
        uploaded_by: draft.uploadedBy,
        created_at: now.toISOString(),
      };
      await k.insertInto('attachments').values(row).execute();
      return rowToAttachment(row);
    },

    /** An attachment by id, or undefined. */
    async findById(id: string): Promise<Attachment | undefined> {
      const row = await k
        .selectFrom('attachments')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && rowToAttachment(row);
    },

    /** The attachments among `idList` that exist, ordered by id (unknown ids are left out). */
    async findByIds(idList: readonly string[]): Promise<Attachment[]> {
      if (idList.length === 0) return [];
      const rows = await k
        .selectFrom('attachments')
        .selectAll()
        .where('id', 'in', [...new Set(idList)])
        .orderBy('id')
        .execute();
      return rows.map(rowToAttachment);
    },

    /**
     * Links the not-yet-linked attachments among `idList` to a case and the event that
     * added them, inside the caller's transaction; returns how many were linked. One
     * already linked (to this or another case) is left as it is, so a caller that needs
     * all of them compares the count with the number of distinct ids.
     */
    async linkToCase(
      trx: Executor,
      idList: readonly string[],
      caseId: string,
      eventId: string,
    ): Promise<number> {
      if (idList.length === 0) return 0;
      const result = await trx
        .updateTable('attachments')
        .set({ case_id: caseId, event_id: eventId })
        .where('id', 'in', [...new Set(idList)])
        .where('case_id', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /** The attachments of a case, oldest first. */
    async listForCase(caseId: string): Promise<Attachment[]> {
      const rows = await k
        .selectFrom('attachments')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(rowToAttachment);
    },
  };
}

export type AttachmentStore = ReturnType<typeof createAttachmentStore>;
