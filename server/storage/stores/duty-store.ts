/** The duty schedule in the database: shifts by area and time, and who may stand duty. */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import {
  DUTY_ROLES,
  type CoveringShift,
  type DutyShift,
  type Span,
} from '../../domain/duty/duty-shift.ts';
import type { Role } from '../../domain/org/role.ts';
import type { Db } from '../database.ts';
import { likePattern } from '../dialect/search.ts';
import type { Database } from '../schema/database.ts';
import type { DutyShiftsTable } from '../schema/duty.table.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** A staff member who may stand duty in an area. */
export interface DutyCandidate {
  id: string;
  displayName: string;
  roles: Role[];
}

/** Fields of a shift that an edit may change, and whether its reminder is (still) due. */
export type DutyShiftChanges = Partial<
  Pick<DutyShift, 'startsAt' | 'endsAt' | 'primaryUserId' | 'backupUserId' | 'note'>
> & { remindedAt?: string | null };

function rowToShift(row: Selectable<DutyShiftsTable>): DutyShift {
  return {
    id: row.id,
    areaId: row.area_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    primaryUserId: row.primary_user_id,
    backupUserId: row.backup_user_id,
    note: row.note,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createDutyStore(db: Db) {
  const k = db.kysely;
  return {
    /**
     * Serialises roster changes of one area (PostgreSQL: a row lock on the area; SQLite
     * writes are serialised already), so two overlapping shifts cannot both pass the check.
     */
    async lockArea(trx: Transaction<Database>, areaId: string): Promise<void> {
      if (db.dialect === 'postgres')
        await sql`select id from areas where id = ${areaId} for update`.execute(trx);
    },

    /** Shifts of the given areas that share some instant with `span`, by start. */
    async listOverlapping(
      areaIds: readonly string[],
      span: Span,
      exec: Executor = k,
    ): Promise<DutyShift[]> {
      if (areaIds.length === 0) return [];
      const rows = await exec
        .selectFrom('duty_shifts')
        .selectAll()
        .where('area_id', 'in', areaIds)
        .where('ends_at', '>', span.startsAt)
        .where('starts_at', '<', span.endsAt)
        .orderBy('starts_at')
        .orderBy('id')
        .execute();
      return rows.map(rowToShift);
    },

    /**
     * Shifts on the area path covering the instant, with whether each officer can act on a
     * report at the end of that path: an active account holding a duty role on the path.
     */
    async findCovering(areaPath: readonly string[], at: Date): Promise<CoveringShift[]> {
      if (areaPath.length === 0) return [];
      const t = at.toISOString();
      const canAct = (user: 's.primary_user_id' | 's.backup_user_id') =>
        sql<number>`case when exists (
          select 1 from users u join role_assignments r on r.user_id = u.id
          where u.id = ${sql.ref(user)} and u.active = 1
            and r.role in (${sql.join(DUTY_ROLES)}) and r.area_id in (${sql.join(areaPath)})
        ) then 1 else 0 end`;
      const rows = await k
        .selectFrom('duty_shifts as s')
        .selectAll('s')
        .select([
          canAct('s.primary_user_id').as('primary_can_act'),
          canAct('s.backup_user_id').as('backup_can_act'),
        ])
        .where('s.area_id', 'in', areaPath)
        .where('s.ends_at', '>', t)
        .where('s.starts_at', '<=', t)
        .execute();
      return rows.map((r) => ({
        ...rowToShift(r),
        primaryCanAct: Number(r.primary_can_act) === 1,
        backupCanAct: Number(r.backup_can_act) === 1,
      }));
    },

    /** Shifts starting after `now` and by `until` whose officers are not yet reminded, soonest first. */
    async findDueReminders(now: Date, until: Date, limit: number): Promise<DutyShift[]> {
      const rows = await k
        .selectFrom('duty_shifts')
        .selectAll()
        .where('reminded_at', 'is', null)
        .where('starts_at', '>', now.toISOString())
        .where('starts_at', '<=', until.toISOString())
        .orderBy('starts_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(rowToShift);
    },

    /** Records the reminder of a shift; false when it was already given (or the shift is gone). */
    async markReminded(trx: Transaction<Database>, id: string, at: Date): Promise<boolean> {
      const result = await trx
        .updateTable('duty_shifts')
        .set({ reminded_at: at.toISOString() })
        .where('id', '=', id)
        .where('reminded_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async findById(id: string, exec: Executor = k): Promise<DutyShift | undefined> {
      const row = await exec
        .selectFrom('duty_shifts')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && rowToShift(row);
    },

    /**
     * Stores new shifts. `remindedAt` says, per shift, that no reminder is due any more
     * (it starts so soon that the notice of the plan is the reminder); null by default.
     */
    async insertMany(
      exec: Executor,
      shifts: readonly DutyShift[],
      createdBy: string | null,
      remindedAt: (shift: DutyShift) => string | null = () => null,
    ): Promise<void> {
      if (shifts.length === 0) return;
      await exec
        .insertInto('duty_shifts')
        .values(
          shifts.map((s) => ({
            id: s.id,
            area_id: s.areaId,
            starts_at: s.startsAt,
            ends_at: s.endsAt,
            primary_user_id: s.primaryUserId,
            backup_user_id: s.backupUserId,
            note: s.note,
            version: s.version,
            reminded_at: remindedAt(s),
            created_by: createdBy,
            created_at: s.createdAt,
            updated_at: s.updatedAt,
          })),
        )
        .execute();
    },

    /** Applies changes when the stored version is `version`; false when it is not. */
    async updateIfVersion(
      trx: Transaction<Database>,
      id: string,
      version: number,
      changes: DutyShiftChanges,
      now: Date,
    ): Promise<boolean> {
      const result = await trx
        .updateTable('duty_shifts')
        .set({
          ...(changes.startsAt !== undefined ? { starts_at: changes.startsAt } : {}),
          ...(changes.endsAt !== undefined ? { ends_at: changes.endsAt } : {}),
          ...(changes.primaryUserId !== undefined
            ? { primary_user_id: changes.primaryUserId }
            : {}),
          ...(changes.backupUserId !== undefined ? { backup_user_id: changes.backupUserId } : {}),
          ...(changes.note !== undefined ? { note: changes.note } : {}),
          ...(changes.remindedAt !== undefined ? { reminded_at: changes.remindedAt } : {}),
          version: version + 1,
          updated_at: now.toISOString(),
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Deletes the shift when the stored version is `version`; false when it is not. */
    async deleteIfVersion(
      trx: Transaction<Database>,
      id: string,
      version: number,
    ): Promise<boolean> {
      const result = await trx
        .deleteFrom('duty_shifts')
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    /**
     * Active staff who may stand duty in an area with the given path: those holding a duty
     * role on the area or an ancestor, by display name. `ids` keeps only those accounts
     * (to check a choice); `q` matches a part of the display name, ignoring case.
     */
    async listCandidates(
      areaPath: readonly string[],
      filter: { q?: string; ids?: readonly string[]; limit: number },
      exec: Executor = k,
    ): Promise<DutyCandidate[]> {
      if (areaPath.length === 0 || filter.ids?.length === 0) return [];
      const pattern = filter.q ? likePattern(filter.q.toLowerCase()) : null;
      const rows = await exec
        .selectFrom('role_assignments as r')
        .innerJoin('users as u', 'u.id', 'r.user_id')
        .select(['u.id', 'u.display_name', 'r.role'])
        .where('u.active', '=', 1)
        .where('r.role', 'in', DUTY_ROLES)
        .where('r.area_id', 'in', areaPath)
        .$if(filter.ids !== undefined, (qb) => qb.where('u.id', 'in', filter.ids ?? []))
        .$if(pattern !== null, (qb) =>
          qb.where(sql<boolean>`lower(u.display_name) like ${pattern} escape '\\'`),
        )
        .orderBy('u.display_name')
        .orderBy('u.id')
        .execute();
      const byId = new Map<string, DutyCandidate>();
      for (const row of rows) {
        const found = byId.get(row.id);
        if (found) {
          if (!found.roles.includes(row.role as Role)) found.roles.push(row.role as Role);
        } else if (byId.size < filter.limit) {
          byId.set(row.id, {
            id: row.id,
            displayName: row.display_name,
            roles: [row.role as Role],
          });
        }
      }
      return [...byId.values()].map((c) => ({ ...c, roles: c.roles.sort() }));
    },
  };
}

export type DutyStore = ReturnType<typeof createDutyStore>;
