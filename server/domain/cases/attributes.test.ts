import { describe, expect, it } from 'vitest';
import { ValidationError, type FieldProblem } from '../errors.ts';
import type { AttributeDatatype, CategoryAttribute } from '../org/category.ts';
import { checkAttributes } from './attributes.ts';

function question(
  code: string,
  datatype: AttributeDatatype,
  required = false,
  values?: string[],
): CategoryAttribute {
  return {
    code,
    datatype,
    required,
    order: 0,
    descriptionZh: code,
    descriptionEn: code,
    ...(values ? { values: values.map((key) => ({ key, nameZh: key, nameEn: key })) } : {}),
  };
}

/** The problems `checkAttributes` reports, or fails the test when it accepts the input. */
function problemsOf(defs: CategoryAttribute[], input: Record<string, unknown> | undefined) {
  try {
    checkAttributes(defs, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fields;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

const fieldsOf = (problems: FieldProblem[]) => problems.map((p) => p.field);

describe('checkAttributes: datatypes', () => {
  it('string: trimmed text of at most 500 characters', () => {
    const defs = [question('plate', 'string')];
    expect(checkAttributes(defs, { plate: '  京A 12345 ' })).toEqual({ plate: '京A 12345' });
    expect(checkAttributes(defs, { plate: 'x'.repeat(500) })).toEqual({ plate: 'x'.repeat(500) });
    expect(checkAttributes(defs, { plate: ` ${'x'.repeat(500)} ` }).plate).toHaveLength(500);
    for (const bad of ['x'.repeat(501), 12, true, ['a'], { a: 1 }]) {
      expect(fieldsOf(problemsOf(defs, { plate: bad }))).toEqual(['/attributes/plate']);
    }
  });

  it('text: trimmed text of at most 5000 characters', () => {
    const defs = [question('details', 'text')];
    expect(checkAttributes(defs, { details: 'y'.repeat(5000) })).toEqual({
      details: 'y'.repeat(5000),
    });
    for (const bad of ['y'.repeat(5001), 3.5, false]) {
      expect(fieldsOf(problemsOf(defs, { details: bad }))).toEqual(['/attributes/details']);
    }
  });

  it('number: finite numbers, also from strings', () => {
    const defs = [question('depth', 'number')];
    expect(checkAttributes(defs, { depth: 12.5 })).toEqual({ depth: 12.5 });
    expect(checkAttributes(defs, { depth: 0 })).toEqual({ depth: 0 });
    expect(checkAttributes(defs, { depth: -3 })).toEqual({ depth: -3 });
    expect(checkAttributes(defs, { depth: '12.5' })).toEqual({ depth: 12.5 });
    expect(checkAttributes(defs, { depth: ' 7 ' })).toEqual({ depth: 7 });
    expect(checkAttributes(defs, { depth: '-0.25' })).toEqual({ depth: -0.25 });
    for (const bad of ['deep', '12cm', NaN, Infinity, -Infinity, 'Infinity', true, [1], {}]) {
      expect(fieldsOf(problemsOf(defs, { depth: bad })), String(bad)).toEqual([
        '/attributes/depth',
      ]);
    }
  });

  it('datetime: ISO 8601 date and time, stored in UTC', () => {
    const defs = [question('seen', 'datetime')];
    expect(checkAttributes(defs, { seen: '2026-03-02T10:00:00+08:00' })).toEqual({
      seen: '2026-03-02T02:00:00.000Z',
    });
    expect(checkAttributes(defs, { seen: '2026-03-02T02:00Z' })).toEqual({
      seen: '2026-03-02T02:00:00.000Z',
    });
    for (const bad of [
      '2026-03-02',
      '02/03/2026 10:00',
      'yesterday',
      '2026-13-01T10:00Z',
      1772416800000,
    ]) {
      expect(fieldsOf(problemsOf(defs, { seen: bad })), String(bad)).toEqual(['/attributes/seen']);
    }
  });

  it('datetime: refuses a date that does not exist instead of moving it', () => {
    const defs = [question('seen', 'datetime')];
    for (const bad of ['2026-02-30T10:00:00Z', '2026-04-31T10:00:00+08:00', '2026-03-02T25:00Z']) {
      expect(fieldsOf(problemsOf(defs, { seen: bad })), bad).toEqual(['/attributes/seen']);
    }
  });

  it('singlevaluelist: one of the keys', () => {
    const defs = [question('side', 'singlevaluelist', false, ['north', 'south'])];
    expect(checkAttributes(defs, { side: 'north' })).toEqual({ side: 'north' });
    for (const bad of ['east', 'North', ['north'], 1]) {
      expect(fieldsOf(problemsOf(defs, { side: bad }))).toEqual(['/attributes/side']);
    }
    // A list question without values accepts nothing.
    expect(fieldsOf(problemsOf([question('x', 'singlevaluelist')], { x: 'a' }))).toEqual([
      '/attributes/x',
    ]);
  });

  it('multivaluelist: keys, deduplicated in order, a single key taken as a list', () => {
    const defs = [question('kinds', 'multivaluelist', false, ['glass', 'paper', 'metal'])];
    expect(checkAttributes(defs, { kinds: ['paper', 'glass', 'paper'] })).toEqual({
      kinds: ['paper', 'glass'],
    });
    expect(checkAttributes(defs, { kinds: 'metal' })).toEqual({ kinds: ['metal'] });
    for (const bad of [['glass', 'wood'], 'wood', [1], [null]]) {
      expect(fieldsOf(problemsOf(defs, { kinds: bad }))).toEqual(['/attributes/kinds']);
    }
  });
});

describe('checkAttributes: presence', () => {
  const defs = [
    question('depth', 'number', true),
    question('note', 'string'),
    question('kinds', 'multivaluelist', true, ['glass']),
  ];

  it('demands every required answer and omits missing optional ones', () => {
    expect(checkAttributes(defs, { depth: 3, kinds: ['glass'] })).toEqual({
      depth: 3,
      kinds: ['glass'],
    });
    expect(checkAttributes(defs, { depth: 3, kinds: ['glass'], note: '' })).toEqual({
      depth: 3,
      kinds: ['glass'],
    });
    expect(checkAttributes(defs, { depth: 3, kinds: ['glass'], note: null })).toEqual({
      depth: 3,
      kinds: ['glass'],
    });
  });

  it('names each missing required answer: absent, null, empty text or empty list', () => {
    for (const input of [
      undefined,
      {},
      { depth: null, kinds: [] },
      { depth: '', kinds: undefined },
    ]) {
      expect(problemsOf(defs, input)).toEqual([
        { field: '/attributes/depth', message: 'is required' },
        { field: '/attributes/kinds', message: 'is required' },
      ]);
    }
  });

  it('does not take blank text as an answer to a required question', () => {
    const required = [question('plate', 'string', true)];
    expect(problemsOf(required, { plate: '   ' })).toEqual([
      { field: '/attributes/plate', message: 'is required' },
    ]);
  });

  it('accepts no answers at all when nothing is asked or required', () => {
    expect(checkAttributes([], undefined)).toEqual({});
    expect(checkAttributes([question('note', 'text')], {})).toEqual({});
  });

  it('names each unknown code, alongside other problems', () => {
    const problems = problemsOf(defs, { depth: 'deep', kinds: ['glass'], colour: 'red', size: 2 });
    expect(fieldsOf(problems).sort()).toEqual([
      '/attributes/colour',
      '/attributes/depth',
      '/attributes/size',
    ]);
    expect(problems.find((p) => p.field === '/attributes/colour')?.message).toBe(
      'is not a question of this category',
    );
    expect(fieldsOf(problemsOf([], { anything: 1 }))).toEqual(['/attributes/anything']);
  });
});
