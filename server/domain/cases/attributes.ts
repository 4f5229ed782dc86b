/** Answers to a category's extra questions, checked against their definitions. */
import { ValidationError, type FieldProblem } from '../errors.ts';
import type { CategoryAttribute } from '../org/category.ts';

const MAX_STRING = 500;
const MAX_TEXT = 5000;

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
      value === '' ||
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
        const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
        if (typeof n !== 'number' || !Number.isFinite(n))
          problems.push({ field, message: 'must be a number' });
        else result[def.code] = n;
        break;
      }
      case 'datetime': {
        if (
          typeof value !== 'string' ||
          !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ||
          Number.isNaN(Date.parse(value))
        ) {
          problems.push({ field, message: 'must be an ISO 8601 date and time' });
        } else result[def.code] = new Date(value).toISOString();
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
