/** Recognises a broken uniqueness rule in the errors of both dialects. */

/** True when the database refused a write because a unique key is already taken. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint/.test(e.message ?? '')
  );
}
