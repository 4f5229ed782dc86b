/**
 * The category form's values as text (what the inputs hold), from a category and back to
 * the body of `POST /api/v1/categories` or `PATCH /api/v1/categories/{code}`, with the
 * checks the browser can make before sending. The server checks everything again.
 */
import type { AttributeDatatype, CategoryAttribute, Priority } from '../../api/types.ts';
import type { AdminCategory } from './api.ts';

export const CATEGORY_KINDS = [
  'facility',
  'environment',
  'safety',
  'dispute',
  'service',
  'complaint',
  'other',
] as const;
export const DATATYPES: readonly AttributeDatatype[] = [
  'string',
  'text',
  'number',
  'datetime',
  'singlevaluelist',
  'multivaluelist',
];
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const QUESTION_CODE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/** One extra question as the form holds it; choices one per line: `key | 中文 | English`. */
export interface QuestionDraft {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  descriptionZh: string;
  descriptionEn: string;
  choices: string;
}

export interface CategoryDraft {
  code: string;
  /** The parent's code; '' for the top level. */
  parent: string;
  /** '' inherits the parent's kind (new categories only). */
  kind: string;
  nameZh: string;
  nameEn: string;
  noticeZh: string;
  noticeEn: string;
  /** '' inherits the parent's (new categories only). */
  defaultPriority: '' | Priority;
  /** A department code; '' for none. */
  defaultDepartment: string;
  duplicateRadiusM: string;
  /** Place among its siblings (lower first); '' puts a new category last. */
  sortOrder: string;
  active: boolean;
  questions: QuestionDraft[];
}

type DraftMessage =
  | 'codeInvalid'
  | 'required'
  | 'radiusInvalid'
  | 'sortOrderInvalid'
  | 'questionCodeInvalid'
  | 'questionCodeTwice'
  | 'choicesInvalid';

/** A problem the browser found: the field's id suffix and the message key. */
export interface DraftProblem {
  field: string;
  key: `admin.categoryForm.${DraftMessage}`;
}

export const isList = (datatype: AttributeDatatype) =>
  datatype === 'singlevaluelist' || datatype === 'multivaluelist';

export const emptyQuestion = (): QuestionDraft => ({
  code: '',
  datatype: 'string',
  required: false,
  descriptionZh: '',
  descriptionEn: '',
  choices: '',
});

/** The form of a new category (kind, priority and department inherited unless set). */
export function newCategoryDraft(): CategoryDraft {
  return {
    code: '',
    parent: '',
    kind: '',
    nameZh: '',
    nameEn: '',
    noticeZh: '',
    noticeEn: '',
    defaultPriority: '',
    defaultDepartment: '',
    duplicateRadiusM: '',
    sortOrder: '',
    active: true,
    questions: [],
  };
}

/** The form holding a stored category under `parent` (a code; '' for the top level). */
export function draftOf(category: AdminCategory, parent = ''): CategoryDraft {
  return {
    code: category.code,
    parent,
    kind: category.kind,
    nameZh: category.nameZh,
    nameEn: category.nameEn,
    noticeZh: category.noticeZh ?? '',
    noticeEn: category.noticeEn ?? '',
    defaultPriority: category.defaultPriority,
    defaultDepartment: category.defaultDepartment?.code ?? '',
    duplicateRadiusM: String(category.duplicateRadiusM),
    sortOrder: String(category.sortOrder),
    active: category.active,
    questions: [...category.attributes]
      .sort((a, b) => a.order - b.order)
      .map((a) => ({
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        descriptionZh: a.descriptionZh,
        descriptionEn: a.descriptionEn,
        choices: (a.values ?? []).map((v) => `${v.key} | ${v.nameZh} | ${v.nameEn}`).join('\n'),
      })),
  };
}

/** The choices typed one per line, each `key | 中文 | English` (blank lines skipped). */
export function parseChoices(text: string): { key: string; nameZh: string; nameEn: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [key = '', nameZh = '', nameEn = ''] = line.split('|').map((part) => part.trim());
      return { key, nameZh, nameEn };
    });
}

/** The questions as the API takes them, in the form's order. */
function attributesOf(questions: readonly QuestionDraft[]): CategoryAttribute[] {
  return questions.map((q, i) => ({
    code: q.code.trim(),
    datatype: q.datatype,
    required: q.required,
    order: i + 1,
    descriptionZh: q.descriptionZh.trim(),
    descriptionEn: q.descriptionEn.trim(),
    ...(isList(q.datatype) ? { values: parseChoices(q.choices) } : {}),
  }));
}

/** What the browser can tell is wrong before sending. */
export function checkDraft(draft: CategoryDraft, isNew: boolean): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (isNew && !CODE.test(draft.code.trim()))
    problems.push({ field: 'code', key: 'admin.categoryForm.codeInvalid' });
  if (!draft.nameZh.trim()) problems.push({ field: 'nameZh', key: 'admin.categoryForm.required' });
  if (!draft.nameEn.trim()) problems.push({ field: 'nameEn', key: 'admin.categoryForm.required' });
  const order = draft.sortOrder.trim();
  if (order !== '' && !(/^\d+$/.test(order) && Number(order) <= 1_000_000))
    problems.push({ field: 'sortOrder', key: 'admin.categoryForm.sortOrderInvalid' });
  const radius = draft.duplicateRadiusM.trim();
  if (radius !== '' && !(/^\d+$/.test(radius) && Number(radius) <= 5000))
    problems.push({ field: 'radius', key: 'admin.categoryForm.radiusInvalid' });
  const codes = new Set<string>();
  draft.questions.forEach((q, i) => {
    const code = q.code.trim();
    if (!QUESTION_CODE.test(code))
      problems.push({ field: `q${i}-code`, key: 'admin.categoryForm.questionCodeInvalid' });
    else if (codes.has(code))
      problems.push({ field: `q${i}-code`, key: 'admin.categoryForm.questionCodeTwice' });
    codes.add(code);
    if (!q.descriptionZh.trim())
      problems.push({ field: `q${i}-zh`, key: 'admin.categoryForm.required' });
    if (!q.descriptionEn.trim())
      problems.push({ field: `q${i}-en`, key: 'admin.categoryForm.required' });
    if (isList(q.datatype)) {
      const choices = parseChoices(q.choices);
      const keys = choices.map((c) => c.key);
      if (
        choices.length === 0 ||
        choices.some((c) => !KEY.test(c.key) || !c.nameZh || !c.nameEn) ||
        new Set(keys).size !== keys.length
      )
        problems.push({ field: `q${i}-choices`, key: 'admin.categoryForm.choicesInvalid' });
    }
  });
  return problems;
}

/** The body of a new category under `parent` (a code; null for a root). */
export function createBody(draft: CategoryDraft, parent: string | null) {
  return {
    code: draft.code.trim(),
    parent,
    nameZh: draft.nameZh.trim(),
    nameEn: draft.nameEn.trim(),
    noticeZh: draft.noticeZh.trim() || null,
    noticeEn: draft.noticeEn.trim() || null,
    ...(draft.kind ? { kind: draft.kind } : {}),
    ...(draft.defaultPriority ? { defaultPriority: draft.defaultPriority } : {}),
    ...(draft.defaultDepartment ? { defaultDepartment: draft.defaultDepartment } : {}),
    ...(draft.duplicateRadiusM.trim()
      ? { duplicateRadiusM: Number(draft.duplicateRadiusM.trim()) }
      : {}),
    ...(draft.sortOrder.trim() ? { sortOrder: Number(draft.sortOrder.trim()) } : {}),
    active: draft.active,
    attributes: attributesOf(draft.questions),
  };
}

/** The body of an edit made at `version`. */
export function editBody(draft: CategoryDraft, version: number) {
  return {
    version,
    parent: draft.parent || null,
    nameZh: draft.nameZh.trim(),
    nameEn: draft.nameEn.trim(),
    noticeZh: draft.noticeZh.trim() || null,
    noticeEn: draft.noticeEn.trim() || null,
    ...(draft.kind ? { kind: draft.kind } : {}),
    ...(draft.defaultPriority ? { defaultPriority: draft.defaultPriority } : {}),
    defaultDepartment: draft.defaultDepartment || null,
    ...(draft.duplicateRadiusM.trim()
      ? { duplicateRadiusM: Number(draft.duplicateRadiusM.trim()) }
      : {}),
    ...(draft.sortOrder.trim() ? { sortOrder: Number(draft.sortOrder.trim()) } : {}),
    active: draft.active,
    attributes: attributesOf(draft.questions),
  };
}

/**
 * Where a category may move: every category in tree order with its depth, but neither
 * `code` itself nor anything under it.
 */
export function parentChoices(
  roots: readonly AdminCategory[],
  code: string,
): { node: AdminCategory; depth: number }[] {
  const out: { node: AdminCategory; depth: number }[] = [];
  const walk = (node: AdminCategory, depth: number) => {
    if (node.code === code) return;
    out.push({ node, depth });
    for (const child of node.children) walk(child, depth + 1);
  };
  for (const root of roots) walk(root, 0);
  return out;
}
