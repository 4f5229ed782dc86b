/** In-app notifications, and who should receive them. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { NotificationDraft, NotificationParams } from '../../domain/notify/in-app.ts';
import type { Role } from '../../domain/org/role.ts';
import type { IdGenerator } from '../../domain/ports.ts';
import type { Db } from '../database.ts';
import type { Database } from '../schema/database.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** One notification as its recipient sees it. */
export interface Notification {
  id: string;
  caseId: string | null;
  kind: string;
  message: string;
  /** The facts the message was worded from; null on notifications stored before they were kept. */
  params: NotificationParams | null;
  createdAt: string;
  readAt: string | null;
}

/** Builds the notification store. */
export function createNotificationStore(db: Db, ids: IdGenerator) {
  const k = db.kysely;
  return {
    /**
     * Active users holding one of `roles` on an area that contains the case's owning area
     * (given by its path), or on one of `departmentIds`.
     */
    async findRecipients(
      areaPath: readonly string[],
      roles: readonly Role[],
      departmentIds: readonly string[],
    ): Promise<string[]> {
      if (roles.length === 0) return [];
      const rows = await k
        .selectFrom('role_assignments as r')
        .innerJoin('users as u', 'u.id', 'r.user_id')
        .select('r.user_id')
        .distinct()
        .where('u.active', '=', 1)
        .where('r.role', 'in', roles)
        .where((eb) =>
          eb.or([
            ...(areaPath.length > 0 ? [eb('r.area_id', 'in', areaPath)] : []),
            ...(departmentIds.length > 0 ? [eb('r.department_id', 'in', departmentIds)] : []),
            sql<boolean>`1 = 0`,
          ]),
        )
        .execute();
      return rows.map((r) => r.user_id);
    },

    /** Stores one notification per recipient. */
    async insertMany(
      exec: Executor,
      userIds: readonly string[],
      note: NotificationDraft & { caseId: string | null },
      now: Date,
    ): Promise<void> {
      if (userIds.length === 0) return;
      const params = JSON.stringify(note.params);
      await exec
        .insertInto('notifications')
        .values(
          [...new Set(userIds)].map((userId) => ({
            id: ids.next(),
            user_id: userId,
            case_id: note.caseId,
            kind: note.kind,
            message: note.message,
            params,
            created_at: now.toISOString(),
            read_at: null,
          })),
        )
        .execute();
    },

    /** A user's notifications, newest first. */
    async listForUser(
      userId: string,
      options: { unreadOnly: boolean; before?: string; limit: number },
    ): Promise<Notification[]> {
      let query = k.selectFrom('notifications').selectAll().where('user_id', '=', userId);
      if (options.unreadOnly) query = query.where('read_at', 'is', null);
      if (options.before) query = query.where('id', '<', options.before);
      const rows = await query.orderBy('id', 'desc').limit(options.limit).execute();
      return rows.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        kind: r.kind,
        message: r.message,
        params: r.params === null ? null : (JSON.parse(r.params) as NotificationParams),
        createdAt: r.created_at,
        readAt: r.read_at,
      }));
    },

    /**
     * Marks the user's unread notifications read — all of them, only those up to `upTo` (an
     * id), and/or only those about one case — and returns how many.
     */
    async markAllRead(
      userId: string,
      only: { upTo?: string | null; caseId?: string | null },
      now: Date,
    ): Promise<number> {
      const { upTo, caseId } = only;
      const result = await k
        .updateTable('notifications')
        .set({ read_at: now.toISOString() })
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .$if(typeof upTo === 'string', (qb) => qb.where('id', '<=', upTo as string))
        .$if(typeof caseId === 'string', (qb) => qb.where('case_id', '=', caseId as string))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /** How many unread notifications the user has, counted up to `cap` (a badge shows "cap+"). */
    async countUnread(userId: string, cap: number): Promise<number> {
      const row = await k
        .selectFrom(
          k
            .selectFrom('notifications')
            .select('id')
            .where('user_id', '=', userId)
            .where('read_at', 'is', null)
            .limit(cap)
            .as('unread'),
        )
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Marks a user's notification read; false when it is not theirs. */
    async markRead(userId: string, id: string, now: Date): Promise<boolean> {
      const result = await k
        .updateTable('notifications')
        .set({ read_at: now.toISOString() })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export type NotificationStore = ReturnType<typeof createNotificationStore>;
