/**
 * The hash-chained audit log and the data-access log in the database (SPEC Principle 3).
 * An audit entry is appended inside the transaction of the change it records, so both
 * commit or neither does; the single `audit_head` row serialises appends into one chain.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { uuidv7 } from 'uuidv7';
import {
  canonicalJson,
  chainHash,
  type AuditRow,
  type ChainLink,
} from '../../domain/audit/hash-chain.ts';
import type { Db, DialectName } from '../database.ts';
import { createMultiRowInsert } from '../dialect/multi-row.ts';
import type { AuditLogTable, DataAccessLogTable } from '../schema/cases.table.ts';
import type { Database } from '../schema/database.ts';
import { pathInSubtrees } from './area-store.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** SHA-256 of UTF-8 text as hex: the chain's hash, shared by the store and the verifier. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What the caller records; the store assigns the sequence number and the hashes. */
export interface AuditEntryInput {
  at: Date;
  actorId: string | null;
  actorLogin: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
}

/** An audit entry as stored: its fields, its place in the chain and its hashes. */
export type AuditRecord = AuditRow;

/** One read of a case's personal data. */
export interface DataAccessInput {
  at: Date;
  actorId: string;
  actorLogin: string;
  caseId: string;
  /** The personal fields shown (`reporter.phone`, `parties` …). */
  fields: string[];
  /** Why: the route that showed them. */
  route: string;
}

/** A data-access entry as stored. */
export interface DataAccessRecord {
  id: string;
  at: string;
  actorId: string;
  actorLogin: string;
  caseId: string;
  fields: string[];
  route: string;
}

/** Filter of the audit log, newest first; `beforeSeq` is the cursor. */
export interface AuditFilter {
  subjectType?: string;
  subjectId?: string;
  beforeSeq?: number;
  /** Only entries about cases inside these subtrees (entries about other subjects stay). */
  areaPaths?: string[][];
  limit: number;
}

/** Filter of the data-access log, newest first; `before` (an entry id) is the cursor. */
export interface DataAccessFilter {
  caseId?: string;
  actorId?: string;
  /** Only reads of cases owned inside these area subtrees (the auditor's scope). */
  areaPaths: string[][];
  before?: string;
  limit: number;
}

/** Parses stored details; text that is no longer JSON stays text, so its hash fails. */
function parseDetails(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Converts a row to an `AuditRecord`. */
export function rowToAuditRecord(row: AuditLogTable): AuditRecord {
  return {
    seq: Number(row.seq),
    at: row.at,
    actorId: row.actor_id,
    actorLogin: row.actor_login,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    details: parseDetails(row.details),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function rowToDataAccess(row: DataAccessLogTable): DataAccessRecord {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorLogin: row.actor_login,
    caseId: row.case_id,
    fields: JSON.parse(row.fields) as string[],
    route: row.route,
  };
}

/**
 * Appends entries to the chain, in their order, in one statement; returns the last link
 * (undefined for none). Call it inside the transaction of the changes they record.
 * Advancing the head by their number first takes its row lock (PostgreSQL) or the write
 * lock (SQLite) before anything is read, so concurrent appends queue there and each sees
 * the hash its predecessor committed: the same SQL on both dialects, no
 * `select … for update`. Plain SQL texts: they run on every change.
 */
export async function appendAuditBatch(
  trx: Executor,
  entries: readonly AuditEntryInput[],
  dialect: DialectName,
): Promise<ChainLink | undefined> {
  if (entries.length === 0) return undefined;
  const head = (
    await sql<{
      seq: number | string;
      hash: string;
    }>`update audit_head set seq = seq + ${entries.length} where id = 1 returning seq, hash`.execute(
      trx,
    )
  ).rows[0];
  if (!head) throw new Error('The audit_head row is missing: the audit log cannot be appended.');
  let seq = Number(head.seq) - entries.length;
  let prev = head.hash;
  const rows: AuditLogTable[] = [];
  for (const entry of entries) {
    seq++;
    const detailsText = canonicalJson(entry.details);
    const at = entry.at.toISOString();
    const hash = chainHash(
      prev,
      {
        seq,
        at,
        actorId: entry.actorId,
        actorLogin: entry.actorLogin,
        action: entry.action,
        subjectType: entry.subjectType,
        subjectId: entry.subjectId,
        details: JSON.parse(detailsText) as Record<string, unknown>,
      },
      sha256Hex,
    );
    rows.push({
      seq,
      at,
      actor_id: entry.actorId,
      actor_login: entry.actorLogin,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      details: detailsText,
      prev_hash: prev,
      hash,
    });
    prev = hash;
  }
  const insert = (inserters[dialect] ??= createMultiRowInsert(dialect));
  const values = rows.map((row) => AUDIT_COLUMNS.map((c) => row[c]));
  for (const query of insert('audit_log', AUDIT_COLUMNS, values)) await trx.executeQuery(query);
  await sql`update audit_head set hash = ${prev} where id = 1`.execute(trx);
  return { seq, hash: prev };
}

/** The audit log's columns, in the order batched inserts bind them. */
export const AUDIT_COLUMNS = [
  'seq',
  'at',
  'actor_id',
  'actor_login',
  'action',
  'subject_type',
  'subject_id',
  'details',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof AuditLogTable)[];
const inserters: Partial<Record<DialectName, ReturnType<typeof createMultiRowInsert>>> = {};

/** Builds the audit store. */
export function createAuditStore(db: Db) {
  const k = db.kysely;
  return {
    /**
     * Appends an entry to the chain. Call it with the transaction of the change it
     * records; given the plain database it opens a transaction of its own.
     */
    async append(trx: Executor, entry: AuditEntryInput): Promise<ChainLink> {
      const appendOne = async (own: Executor) =>
        (await appendAuditBatch(own, [entry], db.dialect)) as ChainLink;
      if (trx.isTransaction) return appendOne(trx);
      return trx.transaction().execute(appendOne);
    },

    /** Appends entries in their order, inside the caller's transaction. */
    async appendMany(trx: Transaction<Database>, entries: readonly AuditEntryInput[]) {
      await appendAuditBatch(trx, entries, db.dialect);
    },

    /** Entries newest first, optionally of one subject, before a seq (the cursor). */
    async list(filter: AuditFilter): Promise<AuditRecord[]> {
      let query = k.selectFrom('audit_log').selectAll();
      if (filter.subjectType !== undefined)
        query = query.where('subject_type', '=', filter.subjectType);
      if (filter.subjectId !== undefined) query = query.where('subject_id', '=', filter.subjectId);
      if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq);
      if (filter.areaPaths) {
        // Entries about cases only for cases inside the auditor's subtrees.
        const paths = filter.areaPaths;
        query = query.where((eb) =>
          eb.or([
            eb('subject_type', '!=', 'case'),
            eb.exists(
              eb
                .selectFrom('cases as c')
                .select('c.id')
                .whereRef('c.id', '=', 'audit_log.subject_id')
                .where(pathInSubtrees('c.area_path', paths)),
            ),
          ]),
        );
      }
      const rows = await query.orderBy('seq', 'desc').limit(filter.limit).execute();
      return rows.map(rowToAuditRecord);
    },

    /** Up to `limit` entries after `afterSeq`, in chain order (for verification). */
    async readBatch(afterSeq: number, limit: number): Promise<AuditRecord[]> {
      const rows = await k
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(rowToAuditRecord);
    },

    /** The last seq and hash the chain recorded, or undefined when the head row is gone. */
    async readHead(): Promise<ChainLink | undefined> {
      const row = await k
        .selectFrom('audit_head')
        .select(['seq', 'hash'])
        .where('id', '=', 1)
        .executeTakeFirst();
      return row && { seq: Number(row.seq), hash: row.hash };
    },

    /** Records a read of a case's personal data, in the reading request's executor. */
    async recordDataAccess(exec: Executor, entry: DataAccessInput): Promise<DataAccessRecord> {
      const record: DataAccessRecord = {
        id: uuidv7(),
        at: entry.at.toISOString(),
        actorId: entry.actorId,
        actorLogin: entry.actorLogin,
        caseId: entry.caseId,
        fields: [...entry.fields],
        route: entry.route,
      };
      await exec
        .insertInto('data_access_log')
        .values({
          id: record.id,
          at: record.at,
          actor_id: record.actorId,
          actor_login: record.actorLogin,
          case_id: record.caseId,
          fields: JSON.stringify(record.fields),
          route: record.route,
        })
        .execute();
      return record;
    },

    /**
     * Reads of personal data, newest first (ids are time-ordered), restricted to cases
     * owned inside the given area subtrees; no subtrees, no entries.
     */
    async listDataAccess(filter: DataAccessFilter): Promise<DataAccessRecord[]> {
      let query = k
        .selectFrom('data_access_log as l')
        .innerJoin('cases as c', 'c.id', 'l.case_id')
        .selectAll('l')
        .where(pathInSubtrees('c.area_path', filter.areaPaths));
      if (filter.caseId !== undefined) query = query.where('l.case_id', '=', filter.caseId);
      if (filter.actorId !== undefined) query = query.where('l.actor_id', '=', filter.actorId);
      if (filter.before !== undefined) query = query.where('l.id', '<', filter.before);
      const rows = await query.orderBy('l.id', 'desc').limit(filter.limit).execute();
      return rows.map(rowToDataAccess);
    },
  };
}

export type AuditStore = ReturnType<typeof createAuditStore>;
