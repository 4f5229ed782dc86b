/**
 * Opaque keyset cursors: the sort key of a page's last row (one or more strings) as
 * base64url JSON, so clients pass `nextCursor` back unchanged and never build one.
 */
import { ValidationError } from '../../domain/errors.ts';

/** The cursor after a row whose sort key is `keys`. */
export function encodeCursor(keys: readonly string[]): string {
  return Buffer.from(JSON.stringify(keys), 'utf8').toString('base64url');
}

/**
 * The sort key a cursor from `encodeCursor` holds, checked to be `size` strings.
 * @throws ValidationError (400, field `/cursor`) for anything `encodeCursor` did not make.
 */
export function decodeCursor(cursor: string, size: number): string[] {
  const refuse = () =>
    new ValidationError('The cursor is not one this list gave out.', [
      { field: '/cursor', message: 'is not a cursor from nextCursor', in: 'querystring' },
    ]);
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw refuse();
  let keys: unknown;
  try {
    keys = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (
    !Array.isArray(keys) ||
    keys.length !== size ||
    !keys.every((k) => typeof k === 'string' && k.length > 0 && !k.includes('\u0000'))
  )
    throw refuse();
  return keys as string[];
}
