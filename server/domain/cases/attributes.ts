/** Answers to a category's extra questions, checked against their definitions. */
import { ValidationError, type FieldProblem } from '../errors.ts';
import type { CategoryAttribute } from '../org/category.ts';

const MAX_STRING = 500;
const MAX_TEXT = 5000;

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant from ISO 8601 text with an offset; null when malformed or not a real date. */
function parseInstant(text: string): Date | null {
  const m = INSTANT.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m
    .slice(1, 7)
    .map((v) => Number(v ?? 0)) as number[];
  const probe = new Date(
    Date.UTC(year as number, (month as number) - 1, day, hour, minute, second),
  );
  const real =
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === (month as number) - 1 &&
    probe.getUTCDate() === day &&
    (hour as number) < 24 &&
    (minute as number) < 60 &&
    (second as number) < 60;
  if (!real) return null;
  const instant = new Date(text.trim());
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/**
 * The answers, cleaned (trimmed strings, numbers as numbers, lists deduplicated).
 * @throws ValidationError naming each unknown, missing or malformed answer.
 */
export function checkAttributes(
  definitions: readonly CategoryAttribute[],
  input: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const answers = input ?? {};
  const problems: FieldProblem[] = [];
  const result: Record<string, unknown> = {};
  const byCode = new Map(definitions.map((d) => [d.code, d]));
  for (const code of Object.keys(answers)) {
    if (!byCode.has(code))
      problems.push({
        field: `/attributes/${code}`,
        message: 'is not a question of this category',
      });
  }
  for (const def of definitions) {
    const field = `/attributes/${def.code}`;
    const value = answers[def.code];
    const empty =
      value === undefined ||
      value === null ||
      (typeof value === 'string' && value.trim() === '') ||
      (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (def.required) problems.push({ field, message: 'is required' });
      continue;
    }
    const keys = new Set((def.values ?? []).map((v) => v.key));
    switch (def.datatype) {
      case 'string':
      case 'text': {
        const limit = def.datatype === 'string' ? MAX_STRING : MAX_TEXT;
        if (typeof value !== 'string' || value.trim().length > limit) {
          problems.push({ field, message: `must be text of at most ${limit} characters` });
        } else result[def.code] = value.trim();
        break;
      }
      case 'number': {
        const n =
          typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
        if (typeof n !== 'number' || !Number.isFinite(n))
          problems.push({ field, message: 'must be a number' });
        else result[def.code] = n;
        break;
      }
      case 'datetime': {
        const when = typeof value === 'string' ? parseInstant(value) : null;
        if (!when) {
          problems.push({
            field,
            message:
              'must be an ISO 8601 date and time with an offset, e.g. 2026-11-29T21:30:00+08:00',
          });
        } else result[def.code] = when.toISOString();
        break;
      }
      case 'singlevaluelist': {
        if (typeof value !== 'string' || !keys.has(value)) {
          problems.push({ field, message: `must be one of ${[...keys].join(', ')}` });
        } else result[def.code] = value;
        break;
      }
      case 'multivaluelist': {
        const list = Array.isArray(value) ? value : [value];
        if (!list.every((v) => typeof v === 'string' && keys.has(v))) {
          problems.push({ field, message: `must be a list of ${[...keys].join(', ')}` });
        } else result[def.code] = [...new Set(list as string[])];
        break;
      }
    }
  }
  if (problems.length > 0)
    throw new ValidationError('Some answers to the category’s questions are not valid.', problems);
  return result;
}
