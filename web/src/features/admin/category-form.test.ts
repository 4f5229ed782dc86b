import { describe, expect, it } from 'vitest';
import type { AdminCategory } from './api.ts';
import {
  checkDraft,
  createBody,
  draftOf,
  editBody,
  emptyQuestion,
  newCategoryDraft,
  parentChoices,
  parseChoices,
} from './category-form.ts';

const lamp: AdminCategory = {
  id: 'c1',
  code: 'C0104',
  kind: 'facility',
  nameZh: '路灯',
  nameEn: 'Street light',
  noticeZh: null,
  noticeEn: 'Keep clear of fallen wires.',
  defaultPriority: 'normal',
  defaultDepartment: { id: 'd1', code: 'street-lighting' },
  duplicateRadiusM: 50,
  sortOrder: 3,
  active: true,
  version: 4,
  attributes: [
    {
      code: 'pole',
      datatype: 'string',
      required: false,
      order: 2,
      descriptionZh: '灯杆编号',
      descriptionEn: 'Pole number',
    },
    {
      code: 'state',
      datatype: 'singlevaluelist',
      required: true,
      order: 1,
      descriptionZh: '状况',
      descriptionEn: 'State',
      values: [
        { key: 'off', nameZh: '不亮', nameEn: 'Off' },
        { key: 'flicker', nameZh: '闪烁', nameEn: 'Flickering' },
      ],
    },
  ],
  children: [],
};

describe('the category form', () => {
  it('holds a stored category as text and sends it back unchanged at its version', () => {
    const draft = draftOf(lamp, 'C01');
    expect(draft.questions.map((q) => q.code)).toEqual(['state', 'pole']);
    expect(draft.questions[0]?.choices).toBe('off | 不亮 | Off\nflicker | 闪烁 | Flickering');
    expect(checkDraft(draft, false)).toEqual([]);
    const body = editBody(draft, lamp.version);
    expect(body).toMatchObject({
      version: 4,
      parent: 'C01',
      nameEn: 'Street light',
      noticeZh: null,
      noticeEn: 'Keep clear of fallen wires.',
      defaultDepartment: 'street-lighting',
      duplicateRadiusM: 50,
      sortOrder: 3,
      active: true,
    });
    expect(body.attributes).toEqual([
      { ...lamp.attributes[1], order: 1 },
      { ...lamp.attributes[0], order: 1 + 1 },
    ]);
  });

  it('leaves out what a new category inherits from its parent', () => {
    const draft = { ...newCategoryDraft(), code: ' C0199 ', nameZh: '新', nameEn: 'New' };
    expect(checkDraft(draft, true)).toEqual([]);
    expect(createBody(draft, 'C01')).toEqual({
      code: 'C0199',
      parent: 'C01',
      nameZh: '新',
      nameEn: 'New',
      noticeZh: null,
      noticeEn: null,
      active: true,
      attributes: [],
    });
  });

  it('moves a category anywhere but into itself or under it', () => {
    const tree: AdminCategory[] = [
      {
        ...lamp,
        code: 'C',
        children: [{ ...lamp, code: 'C01', children: [{ ...lamp, code: 'C0104' }] }],
      },
      { ...lamp, code: 'OT' },
    ];
    expect(parentChoices(tree, 'C01').map((c) => [c.node.code, c.depth])).toEqual([
      ['C', 0],
      ['OT', 0],
    ]);
    expect(parentChoices(tree, 'OT').map((c) => c.node.code)).toEqual(['C', 'C01', 'C0104']);
    expect(editBody({ ...draftOf(lamp), parent: '' }, 1).parent).toBeNull();
  });

  it('reads choices one per line and skips blank lines', () => {
    expect(parseChoices('a | 甲 | A\n\n  b|乙|B  \n')).toEqual([
      { key: 'a', nameZh: '甲', nameEn: 'A' },
      { key: 'b', nameZh: '乙', nameEn: 'B' },
    ]);
  });

  it('names each problem it can see before sending', () => {
    const draft = {
      ...newCategoryDraft(),
      code: 'bad code',
      nameEn: 'x',
      duplicateRadiusM: '9000',
      sortOrder: '-1',
      questions: [
        { ...emptyQuestion(), code: 'q', descriptionZh: '问', descriptionEn: 'Q' },
        {
          ...emptyQuestion(),
          code: 'q',
          datatype: 'multivaluelist' as const,
          descriptionZh: '问',
          descriptionEn: '',
          choices: 'a | 甲 | A\na | 乙 | B',
        },
      ],
    };
    expect(checkDraft(draft, true).map((p) => [p.field, p.key])).toEqual([
      ['code', 'admin.categoryForm.codeInvalid'],
      ['nameZh', 'admin.categoryForm.required'],
      ['sortOrder', 'admin.categoryForm.sortOrderInvalid'],
      ['radius', 'admin.categoryForm.radiusInvalid'],
      ['q1-code', 'admin.categoryForm.questionCodeTwice'],
      ['q1-en', 'admin.categoryForm.required'],
      ['q1-choices', 'admin.categoryForm.choicesInvalid'],
    ]);
    // An edit never sends a code, so the code is not checked.
    expect(checkDraft({ ...draft, code: '' }, false).map((p) => p.field)).not.toContain('code');
  });
});
