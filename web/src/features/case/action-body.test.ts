import { describe, expect, it } from 'vitest';
import { bodyOf } from './ActionForm.tsx';

describe('the body of a dispatch', () => {
  it('sends the chosen handler id, the co-handling departments and the responsible lead', () => {
    expect(
      bodyOf('dispatch', {
        department: 'street-lighting',
        handler: 'user-7',
        coDepartments: 'power-supply,road-maintenance',
        responsibleLead: '  Deputy head Zhou ',
        note: '',
      }),
    ).toEqual({
      action: 'dispatch',
      department: 'street-lighting',
      handler: 'user-7',
      coDepartments: ['power-supply', 'road-maintenance'],
      responsibleLead: 'Deputy head Zhou',
    });
  });

  it('leaves out what was not chosen ("the department assigns it", no co-handlers)', () => {
    expect(
      bodyOf('dispatch', { department: 'street-lighting', handler: '', coDepartments: '' }),
    ).toEqual({ action: 'dispatch', department: 'street-lighting' });
  });
});
