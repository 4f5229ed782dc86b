/**
 * The reads behind Open311 GeoReport v2: service requests by id or by service, status and
 * date window with paging, the public updates of a window, the extras a request shows
 * (first photo, rejection reason), and the one look-up by tracking code (`tokens/{token}`).
 * Every query is public — no scope filter — and the presenter shows only public fields.
 * The tracking code is the reporter's secret handle: apart from the token look-up, which
 * is given the code, nothing here reads it.
 */
import type { Case, CaseStatus } from '../../domain/cases/case.ts';
import type { Db } from '../database.ts';
import { rowToCase, type CaseEvent } from './case-store.ts';

/** Filters of the request list; every one optional. */
export interface RequestFilter {
  /** Case ids (`cases.id`). */
  ids?: string[];
  categoryIds?: string[];
  statuses?: CaseStatus[];
  /** Reported at or after (ISO UTC). */
  from?: string;
  /** Reported at or before (ISO UTC). */
  to?: string;
}

/** A public update of a request, with the request's category (its id is `event.caseId`). */
export interface PublicUpdate {
  event: CaseEvent;
  categoryId: string;
}

/** Builds the Open311 store. */
export function createOpen311Store(db: Db) {
  const k = db.kysely;

  return {
    /** Cases matching the filter, newest first, `offset` rows skipped. */
    async findRequests(filter: RequestFilter, offset: number, limit: number): Promise<Case[]> {
      let query = k.selectFrom('cases').selectAll();
      if (filter.ids) query = query.where('id', 'in', filter.ids);
      if (filter.categoryIds) query = query.where('category_id', 'in', filter.categoryIds);
      if (filter.statuses) query = query.where('status', 'in', filter.statuses);
      if (filter.from) query = query.where('created_at', '>=', filter.from);
      if (filter.to) query = query.where('created_at', '<=', filter.to);
      const rows = await query.orderBy('id', 'desc').limit(limit).offset(offset).execute();
      return rows.map((row) => rowToCase(row));
    },

    /** The first attachment (photo or document) of each case that has one. */
    async findFirstAttachmentIds(caseIds: readonly string[]): Promise<Map<string, string>> {
      const map = new Map<string, string>();
      if (caseIds.length === 0) return map;
      const rows = await k
        .selectFrom('attachments')
        .select(['id', 'case_id'])
        .where('case_id', 'in', [...new Set(caseIds)])
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      for (const row of rows)
        if (row.case_id && !map.has(row.case_id)) map.set(row.case_id, row.id);
      return map;
    },

    /** The first attachment of each event that added any. */
    async findFirstEventAttachmentIds(eventIds: readonly string[]): Promise<Map<string, string>> {
      const map = new Map<string, string>();
      if (eventIds.length === 0) return map;
      const rows = await k
        .selectFrom('attachments')
        .select(['id', 'event_id'])
        .where('event_id', 'in', [...new Set(eventIds)])
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      for (const row of rows)
        if (row.event_id && !map.has(row.event_id)) map.set(row.event_id, row.id);
      return map;
    },

    /** The (public) reason of the latest rejection of each case that was rejected. */
    async findRejectReasons(caseIds: readonly string[]): Promise<Map<string, string>> {
      const map = new Map<string, string>();
      if (caseIds.length === 0) return map;
      const rows = await k
        .selectFrom('case_events')
        .select(['case_id', 'note'])
        .where('case_id', 'in', [...new Set(caseIds)])
        .where('action', '=', 'reject')
        .orderBy('id')
        .execute();
      for (const row of rows) if (row.note) map.set(row.case_id, row.note);
      return map;
    },

    /**
     * The id of the case with this (normalised) tracking code, for `tokens/{token}`: only
     * a client that already holds the code learns the id it belongs to.
     */
    async findIdByTrackingCode(trackingCode: string): Promise<string | undefined> {
      const row = await k
        .selectFrom('cases')
        .select('id')
        .where('tracking_code', '=', trackingCode)
        .executeTakeFirst();
      return row?.id;
    },

    /**
     * The public updates made in [from, to]: status changes (the report included) and
     * public comments, oldest first, `offset` rows skipped. Internal notes never qualify.
     */
    async findPublicUpdates(
      window: { from: string; to?: string },
      offset: number,
      limit: number,
    ): Promise<PublicUpdate[]> {
      let query = k
        .selectFrom('case_events as e')
        .innerJoin('cases as c', 'c.id', 'e.case_id')
        .selectAll('e')
        .select('c.category_id')
        .where('e.created_at', '>=', window.from)
        .where((eb) =>
          eb.or([
            eb.and([
              eb('e.to_status', 'is not', null),
              eb.or([
                eb('e.from_status', 'is', null),
                eb('e.from_status', '<>', eb.ref('e.to_status')),
              ]),
            ]),
            eb.and([eb('e.kind', '=', 'comment'), eb('e.public', '=', 1)]),
          ]),
        );
      if (window.to) query = query.where('e.created_at', '<=', window.to);
      const rows = await query.orderBy('e.id').limit(limit).offset(offset).execute();
      return rows.map((row) => ({
        event: {
          id: row.id,
          caseId: row.case_id,
          kind: row.kind,
          action: row.action,
          fromStatus: row.from_status,
          toStatus: row.to_status,
          actorId: null,
          actorName: null,
          // Only public notes ever leave this store.
          note: Number(row.public) === 1 ? row.note : null,
          public: Number(row.public) === 1,
          details: {},
          createdAt: row.created_at,
        },
        categoryId: row.category_id,
      }));
    },
  };
}

export type Open311Store = ReturnType<typeof createOpen311Store>;
