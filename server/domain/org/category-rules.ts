/**
 * Rules for a category's extra questions (its Open311 service definition) as an admin
 * writes them: each question has a unique code, a datatype, descriptions in both
 * languages and, for list datatypes only, a non-empty list of choices with unique keys.
 */
import type { FieldProblem } from '../errors.ts';
import type { AttributeDatatype, CategoryAttribute } from './category.ts';

export const MAX_ATTRIBUTES = 30;
export const MAX_ATTRIBUTE_VALUES = 100;
const CODE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const KEY = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_DESCRIPTION = 300;
const MAX_VALUE_NAME = 100;
const LISTS: readonly AttributeDatatype[] = ['singlevaluelist', 'multivaluelist'];

/** A question as written, before checking (`order` defaults to its 1-based position). */
export interface AttributeDraft {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  order?: number;
  descriptionZh: string;
  descriptionEn: string;
  values?: { key: string; nameZh: string; nameEn: string }[];
}

/**
 * The questions cleaned (texts trimmed, `order` filled, ordered by it); a problem is
 * added for each broken rule, each named by its place (`/attributes/2/values/0/key`).
 */
export function checkAttributeDefinitions(
  drafts: readonly AttributeDraft[],
  problems: FieldProblem[],
): CategoryAttribute[] {
  if (drafts.length > MAX_ATTRIBUTES)
    problems.push({ field: '/attributes', message: `at most ${MAX_ATTRIBUTES} questions` });
  const codes = new Set<string>();
  const text = (value: string, max: number, field: string) => {
    const out = value.trim();
    if (out.length === 0 || out.length > max)
      problems.push({ field, message: `1 to ${max} characters` });
    return out;
  };
  const out = drafts.map((draft, i): CategoryAttribute => {
    const at = `/attributes/${i}`;
    if (!CODE.test(draft.code))
      problems.push({
        field: `${at}/code`,
        message: 'a letter, then letters, digits or "_"; at most 64',
      });
    else if (codes.has(draft.code))
      problems.push({ field: `${at}/code`, message: `"${draft.code}" is asked twice` });
    codes.add(draft.code);
    const order = draft.order ?? i + 1;
    if (!Number.isInteger(order) || order < 0)
      problems.push({ field: `${at}/order`, message: 'a whole number from 0' });
    const attribute: CategoryAttribute = {
      code: draft.code,
      datatype: draft.datatype,
      required: draft.required,
      order,
      descriptionZh: text(draft.descriptionZh, MAX_DESCRIPTION, `${at}/descriptionZh`),
      descriptionEn: text(draft.descriptionEn, MAX_DESCRIPTION, `${at}/descriptionEn`),
    };
    if (LISTS.includes(draft.datatype)) {
      const values = draft.values ?? [];
      if (values.length === 0 || values.length > MAX_ATTRIBUTE_VALUES)
        problems.push({
          field: `${at}/values`,
          message: `a list question needs 1 to ${MAX_ATTRIBUTE_VALUES} choices`,
        });
      const keys = new Set<string>();
      attribute.values = values.map((v, j) => {
        const vat = `${at}/values/${j}`;
        if (!KEY.test(v.key))
          problems.push({
            field: `${vat}/key`,
            message: 'letters, digits, "-", "_" or "."; at most 64',
          });
        else if (keys.has(v.key))
          problems.push({ field: `${vat}/key`, message: `"${v.key}" is listed twice` });
        keys.add(v.key);
        return {
          key: v.key,
          nameZh: text(v.nameZh, MAX_VALUE_NAME, `${vat}/nameZh`),
          nameEn: text(v.nameEn, MAX_VALUE_NAME, `${vat}/nameEn`),
        };
      });
    } else if (draft.values !== undefined && draft.values.length > 0) {
      problems.push({
        field: `${at}/values`,
        message: `only list questions have choices, not "${draft.datatype}"`,
      });
    }
    return attribute;
  });
  return out.sort((a, b) => a.order - b.order);
}
