/** The area tree in the database. */
import { sql, type Kysely, type Transaction } from 'kysely';
import {
  bboxOf,
  levelDepth,
  type Area,
  type AreaGeometry,
  type AreaLevel,
} from '../../domain/areas/area.ts';
import type { AreaDraft, KnownArea } from '../../domain/areas/area-file.ts';
import type { LocatableArea } from '../../domain/areas/locate.ts';
import type { IdGenerator } from '../../domain/ports.ts';
import type { Db } from '../database.ts';
import type { AreasTable } from '../schema/areas.table.ts';
import type { Database } from '../schema/database.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** Converts a row to the domain's `Area`. */
export function rowToArea(row: AreasTable): Area {
  return {
    id: row.id,
    code: row.code,
    parentId: row.parent_id,
    level: row.level as AreaLevel,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    path: row.path.split('/').filter(Boolean),
    boundary: row.boundary ? (JSON.parse(row.boundary) as AreaGeometry) : null,
  };
}

/** `/a/b/c/` for the ids a, b, c. */
export function pathText(ids: readonly string[]): string {
  return `/${ids.join('/')}/`;
}

/**
 * Adds "inside one of these subtrees" to a query over a table with a path column. A
 * subtree is a prefix range: `/a/b/` ≤ path < `/a/b0` ('0' follows '/' byte-wise).
 */
export function pathInSubtrees(
  column: string,
  paths: readonly (readonly string[])[],
): ReturnType<typeof sql<boolean>> {
  if (paths.length === 0) return sql<boolean>`1 = 0`;
  const ranges = paths.map((ids) => {
    const low = pathText(ids);
    const high = `${low.slice(0, -1)}0`;
    return sql`(${sql.ref(column)} >= ${low} and ${sql.ref(column)} < ${high})`;
  });
  return sql<boolean>`(${sql.join(ranges, sql` or `)})`;
}

const SUMMARY_COLUMNS = [
  'id',
  'code',
  'parent_id',
  'level',
  'depth',
  'name_zh',
  'name_en',
  'path',
  'created_at',
  'updated_at',
] as const;

/** Area without its boundary: what lists carry. */
export type AreaSummary = Omit<Area, 'boundary'>;

function rowToSummary(
  row: Omit<AreasTable, 'boundary' | 'min_lon' | 'min_lat' | 'max_lon' | 'max_lat'>,
): AreaSummary {
  const { boundary: _omit, ...rest } = rowToArea({
    ...row,
    boundary: null,
    min_lon: null,
    min_lat: null,
    max_lon: null,
    max_lat: null,
  });
  return rest;
}

/** Builds the area store over an open database. */
export function createAreaStore(db: Db, ids: IdGenerator) {
  const k = db.kysely;

  async function bumpVersion(trx: Executor): Promise<void> {
    const now = String(Date.now());
    await trx
      .insertInto('settings')
      .values({ key: 'areas_version', value: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: now }))
      .execute();
  }

  return {
    /** Every area with its boundary, for building the location index. */
    async listAllWithBoundaries(): Promise<Area[]> {
      const rows = await k
        .selectFrom('areas')
        .selectAll()
        .orderBy('depth')
        .orderBy('code')
        .execute();
      return rows.map(rowToArea);
    },

    /**
     * One page of every area (by id, after `afterId`) with only what the location index
     * keeps: read page by page, a large tree is never held as full rows at once.
     */
    async listLocatable(afterId: string | null, limit: number): Promise<LocatableArea[]> {
      let query = k.selectFrom('areas').select(['id', 'code', 'parent_id', 'level', 'boundary']);
      if (afterId !== null) query = query.where('id', '>', afterId);
      const rows = await query.orderBy('id').limit(limit).execute();
      return rows.map((row) => ({
        id: row.id,
        code: row.code,
        parentId: row.parent_id,
        level: row.level as AreaLevel,
        boundary: row.boundary ? (JSON.parse(row.boundary) as AreaGeometry) : null,
      }));
    },

    /** Areas with boundaries, of one level and/or inside one subtree, parents first. */
    async listWithBoundaries(filter: {
      level?: AreaLevel;
      withinPath?: readonly string[];
    }): Promise<Area[]> {
      let query = k.selectFrom('areas').selectAll();
      if (filter.level) query = query.where('level', '=', filter.level);
      if (filter.withinPath) query = query.where(pathInSubtrees('path', [filter.withinPath]));
      const rows = await query.orderBy('depth').orderBy('code').execute();
      return rows.map(rowToArea);
    },

    /** Areas filtered by parent and/or level, ordered by code, without boundaries. */
    async listAreas(filter: {
      parentId?: string | null;
      level?: AreaLevel;
      after?: string;
      limit: number;
    }): Promise<AreaSummary[]> {
      let query = k.selectFrom('areas').select(SUMMARY_COLUMNS);
      if (filter.after !== undefined) query = query.where('code', '>', filter.after);
      if (filter.parentId === null) query = query.where('parent_id', 'is', null);
      else if (filter.parentId !== undefined)
        query = query.where('parent_id', '=', filter.parentId);
      if (filter.level) query = query.where('level', '=', filter.level);
      const rows = await query.orderBy('code').limit(filter.limit).execute();
      return rows.map(rowToSummary);
    },

    /** Areas by id, without boundaries, in no particular order. */
    async findSummariesByIds(
      idList: readonly string[],
      exec: Executor = db.reader,
    ): Promise<AreaSummary[]> {
      if (idList.length === 0) return [];
      // Plain SQL: on every case list and intake cache miss (the query builder cost more than the look-up).
      const { rows } = await sql<Parameters<typeof rowToSummary>[0]>`select ${sql.join(
        SUMMARY_COLUMNS.map((c) => sql.ref(c)),
      )} from areas where id in (${sql.join(idList)})`.execute(exec);
      return rows.map(rowToSummary);
    },

    /** One area with its boundary, or undefined. */
    async findById(id: string): Promise<Area | undefined> {
      const row = await k.selectFrom('areas').selectAll().where('id', '=', id).executeTakeFirst();
      return row && rowToArea(row);
    },

    /** One area by code, with its boundary, or undefined. */
    async findByCode(code: string): Promise<Area | undefined> {
      const row = await k
        .selectFrom('areas')
        .selectAll()
        .where('code', '=', code)
        .executeTakeFirst();
      return row && rowToArea(row);
    },

    /** Code, level and parent code of every stored area: what file validation needs. */
    async listKnown(): Promise<KnownArea[]> {
      const rows = await k
        .selectFrom('areas as a')
        .leftJoin('areas as p', 'p.id', 'a.parent_id')
        .select(['a.code', 'a.level', 'p.code as parentCode'])
        .execute();
      return rows.map((r) => ({
        code: r.code,
        level: r.level as AreaLevel,
        parentCode: r.parentCode,
      }));
    },

    /**
     * Inserts or updates (by code) validated drafts, parents first, in one transaction:
     * all are written or none. Returns how many were created and updated; `alongside`
     * runs in the same transaction (the audit entry of an import).
     */
    async upsertDrafts(
      drafts: readonly AreaDraft[],
      now: Date,
      alongside?: (
        trx: Transaction<Database>,
        result: { created: number; updated: number },
      ) => Promise<void>,
    ): Promise<{ created: number; updated: number }> {
      return k.transaction().execute(async (trx) => {
        const byCode = new Map<string, { id: string; path: string }>();
        const existing = await trx.selectFrom('areas').select(['id', 'code', 'path']).execute();
        for (const row of existing) byCode.set(row.code, { id: row.id, path: row.path });
        let created = 0;
        let updated = 0;
        const stamp = now.toISOString();
        for (const draft of drafts) {
          const [minLon, minLat, maxLon, maxLat] = bboxOf(draft.boundary);
          const shape = {
            name_zh: draft.nameZh,
            name_en: draft.nameEn,
            boundary: JSON.stringify(draft.boundary),
            min_lon: minLon,
            min_lat: minLat,
            max_lon: maxLon,
            max_lat: maxLat,
            updated_at: stamp,
          };
          const found = byCode.get(draft.code);
          if (found) {
            await trx.updateTable('areas').set(shape).where('id', '=', found.id).execute();
            updated++;
            continue;
          }
          const parent = draft.parentCode ? byCode.get(draft.parentCode) : undefined;
          const id = ids.next();
          const path = `${parent ? parent.path : '/'}${id}/`;
          await trx
            .insertInto('areas')
            .values({
              id,
              code: draft.code,
              parent_id: parent ? parent.id : null,
              level: draft.level,
              depth: levelDepth(draft.level),
              path,
              created_at: stamp,
              ...shape,
            })
            .execute();
          byCode.set(draft.code, { id, path });
          created++;
        }
        await bumpVersion(trx);
        if (alongside) await alongside(trx, { created, updated });
        return { created, updated };
      });
    },

    /** A token that changes whenever the area tree changes (for rebuilding indexes). */
    async readVersion(): Promise<string> {
      const row = await k
        .selectFrom('settings')
        .select('value')
        .where('key', '=', 'areas_version')
        .executeTakeFirst();
      return row?.value ?? '0';
    },

    /** Number of stored areas. */
    async count(): Promise<number> {
      const row = await k
        .selectFrom('areas')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type AreaStore = ReturnType<typeof createAreaStore>;
