import { describe, expect, it } from 'vitest';
import type { FieldProblem } from '../errors.ts';
import {
  checkAttributeDefinitions,
  MAX_ATTRIBUTES,
  type AttributeDraft,
} from './category-rules.ts';

const question = (over: Partial<AttributeDraft> = {}): AttributeDraft => ({
  code: 'state',
  datatype: 'string',
  required: false,
  descriptionZh: '状况',
  descriptionEn: 'State',
  ...over,
});

function check(drafts: AttributeDraft[]) {
  const problems: FieldProblem[] = [];
  const result = checkAttributeDefinitions(drafts, problems);
  return { result, fields: problems.map((p) => p.field) };
}

describe('extra questions of a category', () => {
  it('fills order from the position, trims texts and sorts by order', () => {
    const { result, fields } = check([
      question({ code: 'b', order: 5, descriptionEn: '  Second  ' }),
      question({ code: 'a' }),
    ]);
    expect(fields).toEqual([]);
    expect(result.map((q) => [q.code, q.order])).toEqual([
      ['a', 2],
      ['b', 5],
    ]);
    expect(result[1]?.descriptionEn).toBe('Second');
  });

  it('keeps the choices of list questions and refuses them elsewhere', () => {
    const values = [
      { key: 'off', nameZh: '不亮', nameEn: 'Off' },
      { key: 'on', nameZh: '常亮', nameEn: 'On' },
    ];
    expect(check([question({ datatype: 'multivaluelist', values })]).result[0]?.values).toEqual(
      values,
    );
    expect(check([question({ datatype: 'number', values })]).fields).toEqual([
      '/attributes/0/values',
    ]);
    expect(check([question({ datatype: 'singlevaluelist' })]).fields).toEqual([
      '/attributes/0/values',
    ]);
  });

  it('names every broken rule by its place', () => {
    const { fields } = check([
      question({ code: '1st' }),
      question({ code: 'dup' }),
      question({ code: 'dup', descriptionZh: ' ' }),
      question({
        code: 'list',
        datatype: 'singlevaluelist',
        values: [
          { key: 'a b', nameZh: '甲', nameEn: 'A' },
          { key: 'x', nameZh: '乙', nameEn: '' },
          { key: 'x', nameZh: '丙', nameEn: 'C' },
        ],
      }),
      question({ code: 'neg', order: -1 }),
    ]);
    expect(fields).toEqual([
      '/attributes/0/code',
      '/attributes/2/code',
      '/attributes/2/descriptionZh',
      '/attributes/3/values/0/key',
      '/attributes/3/values/1/nameEn',
      '/attributes/3/values/2/key',
      '/attributes/4/order',
    ]);
  });

  it('refuses more than the most questions a form can ask', () => {
    const many = Array.from({ length: MAX_ATTRIBUTES + 1 }, (_, i) => question({ code: `q${i}` }));
    expect(check(many).fields).toEqual(['/attributes']);
  });
});
