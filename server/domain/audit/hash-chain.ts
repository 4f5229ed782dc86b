/**
 * The audit log's hash chain (SPEC Principle 3, "Audit log"). Each entry's hash covers the
 * previous entry's hash and the canonical JSON of the entry, so altering, removing,
 * inserting or reordering an entry breaks every later link. Pure: the SHA-256 function is
 * injected (the domain has no node:crypto).
 */

/** SHA-256 of UTF-8 text as 64 lower-case hex digits. */
export type Sha256 = (text: string) => string;

/** The hash before the first entry: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** What one audit entry records; the hash covers exactly these fields. */
export interface AuditEntry {
  seq: number;
  /** ISO 8601 UTC time, as stored. */
  at: string;
  actorId: string | null;
  actorLogin: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
}

/**
 * An entry as read back for verification. `details` is `unknown` because a tampered row
 * may hold text that is not a JSON object; it then fails its hash check.
 */
export interface AuditRow extends Omit<AuditEntry, 'details'> {
  details: unknown;
  prevHash: string;
  hash: string;
}

/** A position in the chain: an entry's sequence number and hash (seq 0 is the genesis). */
export interface ChainLink {
  seq: number;
  hash: string;
}

/** The verifier's answer: how many entries held, or the first broken one and why. */
export type ChainVerdict =
  { ok: true; checked: number } | { ok: false; seq: number; reason: string };

/**
 * JSON with object keys sorted (recursively, by UTF-16 code units) and no whitespace, so
 * equal values always give equal text. Follows `JSON.stringify` for everything else:
 * `toJSON` is honoured, `undefined` members are left out, non-finite numbers become null.
 * @throws TypeError for cycles and bigints, which have no JSON form.
 */
export function canonicalJson(value: unknown): string {
  const text = encode(value, '', new Set());
  return text === undefined ? 'null' : text;
}

function encode(value: unknown, key: string, open: Set<object>): string | undefined {
  if (value !== null && typeof value === 'object' && 'toJSON' in value) {
    const toJSON = (value as { toJSON: unknown }).toJSON;
    if (typeof toJSON === 'function') value = (toJSON as (key: string) => unknown).call(value, key);
  }
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      throw new TypeError('canonicalJson: a bigint has no JSON form.');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (open.has(object)) throw new TypeError('canonicalJson: the value is circular.');
  open.add(object);
  let text: string;
  if (Array.isArray(object)) {
    text = `[${object.map((item, i) => encode(item, String(i), open) ?? 'null').join(',')}]`;
  } else {
    const record = object as Record<string, unknown>;
    const members: string[] = [];
    for (const name of Object.keys(record).sort()) {
      const member = encode(record[name], name, open);
      if (member !== undefined) members.push(`${JSON.stringify(name)}:${member}`);
    }
    text = `{${members.join(',')}}`;
  }
  open.delete(object);
  return text;
}

/** An entry whose details may be anything (as read back from storage). */
type HashedFields = Omit<AuditEntry, 'details'> & { details: unknown };

function entryText(entry: HashedFields): string {
  return canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actorId: entry.actorId,
    actorLogin: entry.actorLogin,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    details: entry.details,
  });
}

/** The hash of an entry that follows `prevHash`: sha256(prevHash + '\n' + canonical entry). */
export function chainHash(prevHash: string, entry: HashedFields, sha256: Sha256): string {
  return sha256(`${prevHash}\n${entryText(entry)}`);
}

function describe(link: ChainLink): string {
  return link.seq === 0 ? 'the start of the log' : `entry #${link.seq}`;
}

/**
 * Checks a chain fed in ascending batches, holding only the last link, so a log of any
 * length is verified in constant memory. Once a link is broken, later rows are ignored and
 * the verdict names the first broken entry.
 */
export class ChainVerifier {
  readonly #sha256: Sha256;
  #last: ChainLink;
  #checked = 0;
  #broken: { seq: number; reason: string } | null = null;

  /** Starts at the genesis, or after a link already verified (`start`). */
  constructor(sha256: Sha256, start: ChainLink = { seq: 0, hash: GENESIS_HASH }) {
    this.#sha256 = sha256;
    this.#last = { ...start };
  }

  /** The last entry that held (the start when none did yet). */
  get last(): ChainLink {
    return { ...this.#last };
  }

  /** How many entries held so far. */
  get checked(): number {
    return this.#checked;
  }

  /** True while no broken link has been found. */
  get ok(): boolean {
    return this.#broken === null;
  }

  /** Checks the next rows, in ascending order; returns false once the chain is broken. */
  feed(rows: Iterable<AuditRow>): boolean {
    if (this.#broken) return false;
    for (const row of rows) {
      const problem = this.#check(row);
      if (problem) {
        this.#broken = problem;
        return false;
      }
      this.#last = { seq: row.seq, hash: row.hash };
      this.#checked += 1;
    }
    return true;
  }

  #check(row: AuditRow): { seq: number; reason: string } | null {
    const expected = this.#last.seq + 1;
    if (!Number.isSafeInteger(row.seq)) {
      return {
        seq: expected,
        reason: `the entry after ${describe(this.#last)} has no valid sequence number`,
      };
    }
    if (row.seq > expected) {
      const missing =
        row.seq === expected + 1 ? `#${expected} is` : `#${expected}–#${row.seq - 1} are`;
      return {
        seq: expected,
        reason: `entry ${missing} missing: ${describe(this.#last)} is followed by #${row.seq}`,
      };
    }
    if (row.seq < expected) {
      return {
        seq: row.seq,
        reason: `entry #${row.seq} is duplicated or out of order: it follows ${describe(this.#last)}`,
      };
    }
    if (row.prevHash !== this.#last.hash) {
      return {
        seq: row.seq,
        reason: `its previous hash does not match ${describe(this.#last)}: an entry was removed, inserted or reordered`,
      };
    }
    let hash: string;
    try {
      hash = this.#sha256(`${this.#last.hash}\n${entryText(row)}`);
    } catch {
      return { seq: row.seq, reason: 'its content cannot be read: the entry was altered' };
    }
    if (hash !== row.hash) {
      return { seq: row.seq, reason: 'its hash does not match its content: the entry was altered' };
    }
    return null;
  }

  /**
   * Compares the end of the chain with the head, which records the last entry's seq and
   * hash: a shorter chain was truncated, a longer one has entries the head never saw.
   * Returns false when they disagree (the verdict then names the first bad entry).
   */
  checkHead(head: ChainLink): boolean {
    if (this.#broken) return false;
    const last = this.#last;
    if (head.seq > last.seq) {
      this.#broken = {
        seq: last.seq + 1,
        reason: `entry #${last.seq + 1} is missing: the log ends at ${describe(last)} but the head records #${head.seq}`,
      };
    } else if (head.seq < last.seq) {
      this.#broken = {
        seq: head.seq + 1,
        reason: `entry #${head.seq + 1} lies beyond the head, which records #${head.seq}: it was added outside the log`,
      };
    } else if (head.hash !== last.hash) {
      this.#broken = {
        seq: last.seq,
        reason: `${describe(last)} does not match the hash recorded in the head`,
      };
    }
    return this.#broken === null;
  }

  /** The verdict so far. */
  result(): ChainVerdict {
    return this.#broken ? { ok: false, ...this.#broken } : { ok: true, checked: this.#checked };
  }
}

/**
 * Verifies rows in ascending order from the genesis (or after `start`), reporting the
 * first broken link: an altered entry (hash mismatch), a removed one (seq gap or previous
 * hash mismatch), an inserted or reordered one (duplicate seq, seq out of order, previous
 * hash mismatch).
 */
export function verifyChain(
  rows: Iterable<AuditRow>,
  sha256: Sha256,
  start?: ChainLink,
): ChainVerdict {
  const verifier = new ChainVerifier(sha256, start);
  verifier.feed(rows);
  return verifier.result();
}
