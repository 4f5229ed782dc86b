import { describe, expect, it } from 'vitest';
import type { CategoryNode } from '../../api/types.ts';
import {
  EMPTY_DRAFT,
  fieldOfServerError,
  orderedErrors,
  toReportInput,
  validateDraft,
  type DraftContext,
  type ReportDraft,
} from './draft.ts';

const light: CategoryNode = {
  id: 'c1',
  code: 'C0104',
  kind: 'facility',
  nameZh: '路灯',
  nameEn: 'Street light',
  noticeZh: null,
  noticeEn: null,
  defaultPriority: 'normal',
  active: true,
  version: 1,
  duplicateRadiusM: 50,
  sortOrder: 0,
  children: [],
  attributes: [
    {
      code: 'pole_number',
      datatype: 'string',
      required: false,
      order: 1,
      descriptionZh: '',
      descriptionEn: '',
    },
    {
      code: 'lamp_state',
      datatype: 'singlevaluelist',
      required: true,
      order: 2,
      descriptionZh: '',
      descriptionEn: '',
      values: [{ key: 'off', nameZh: '不亮', nameEn: 'Off' }],
    },
    {
      code: 'size',
      datatype: 'number',
      required: false,
      order: 3,
      descriptionZh: '',
      descriptionEn: '',
    },
    {
      code: 'since',
      datatype: 'datetime',
      required: false,
      order: 4,
      descriptionZh: '',
      descriptionEn: '',
    },
  ],
};

const ready: ReportDraft = {
  ...EMPTY_DRAFT,
  point: { lat: 39.95, lon: 116.35 },
  category: 'C0104',
  answers: { lamp_state: 'off' },
  description: 'Dark since Monday',
};
const ok: DraftContext = {
  category: light,
  location: 'inside',
  photos: { uploading: 0, failed: 0 },
};

describe('checking a draft', () => {
  it('accepts a complete anonymous report', () => {
    expect(validateDraft(ready, ok)).toEqual({});
  });

  it('names every missing part of an empty draft', () => {
    expect(validateDraft(EMPTY_DRAFT, { ...ok, category: undefined, location: 'none' })).toEqual({
      location: 'locationMissing',
      category: 'categoryMissing',
      description: 'descriptionShort',
    });
  });

  it('refuses a point outside every area, or while it is being located', () => {
    expect(validateDraft(ready, { ...ok, location: 'outside' }).location).toBe('locationOutside');
    expect(validateDraft(ready, { ...ok, location: 'pending' }).location).toBe('locationPending');
  });

  it('checks the category’s answers by datatype', () => {
    const draft = { ...ready, answers: { size: 'big', since: 'yesterday' } };
    expect(validateDraft(draft, ok)).toEqual({
      'attributes.lamp_state': 'answerRequired',
      'attributes.size': 'answerNumber',
      'attributes.since': 'answerInvalid',
    });
  });

  it('waits for photos and refuses failed ones', () => {
    expect(validateDraft(ready, { ...ok, photos: { uploading: 1, failed: 1 } }).photos).toBe(
      'photosBusy',
    );
    expect(validateDraft(ready, { ...ok, photos: { uploading: 0, failed: 1 } }).photos).toBe(
      'photosFailed',
    );
  });

  it('asks for a way to reach the reporter, valid values and consent', () => {
    const contact = { ...ready, contactMode: 'contact' as const };
    expect(validateDraft(contact, ok)).toEqual({ contact: 'contactMissing' });
    expect(validateDraft({ ...contact, phone: 'call me', email: 'nope' }, ok)).toEqual({
      phone: 'phone',
      email: 'email',
      consent: 'consent',
    });
    expect(validateDraft({ ...contact, phone: '138 0013 8000', consent: true }, ok)).toEqual({});
  });
});

describe('the request body', () => {
  it('sends answers in their types, trimmed, and leaves empty ones out', () => {
    const input = toReportInput(
      {
        ...ready,
        address: '  East gate ',
        answers: { lamp_state: 'off', pole_number: ' ', size: '2.5', since: '2026-03-02T09:30' },
      },
      light,
      ['att-1'],
    );
    expect(input).toEqual({
      category: 'C0104',
      description: 'Dark since Monday',
      lat: 39.95,
      lon: 116.35,
      address: 'East gate',
      attributes: {
        lamp_state: 'off',
        size: 2.5,
        since: new Date('2026-03-02T09:30').toISOString(),
      },
      attachments: ['att-1'],
    });
  });

  it('sends contact only when given, with the consent', () => {
    expect(
      toReportInput({ ...ready, contactMode: 'anonymous', name: 'Wang' }, light, []).reporter,
    ).toBeUndefined();
    expect(
      toReportInput(
        { ...ready, contactMode: 'contact', phone: ' 13800138000 ', consent: true },
        light,
        [],
      ).reporter,
    ).toEqual({ phone: '13800138000', consent: true });
  });
});

describe('the server’s field errors', () => {
  it('land on the fields of the form', () => {
    expect(fieldOfServerError('/lat', 'outside')).toEqual(['location', 'locationOutside']);
    expect(fieldOfServerError('/attributes/lamp_state', 'is required')).toEqual([
      'attributes.lamp_state',
      'answerRequired',
    ]);
    expect(fieldOfServerError('/reporter/consent', 'x')).toEqual(['consent', 'consent']);
    expect(fieldOfServerError('/attachments/0', 'x')).toEqual(['photos', 'photoRejected']);
    expect(fieldOfServerError('/unknown', 'x')).toEqual(['form', 'rejected']);
  });

  it('are listed in the order of the form', () => {
    const listed = orderedErrors(
      {
        consent: 'consent',
        location: 'locationMissing',
        'attributes.lamp_state': 'answerRequired',
      },
      light,
    );
    expect(listed.map(([key]) => key)).toEqual(['location', 'attributes.lamp_state', 'consent']);
  });
});
