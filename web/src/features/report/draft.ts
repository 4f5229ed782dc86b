/**
 * A resident's report before it is sent: its checks (the same rules the server applies,
 * so most mistakes are caught before sending), the request body, and where the server's
 * field errors belong in the form. Pure: no React, no DOM.
 */
import type { CategoryAttribute, CategoryNode, ReportInput } from '../../api/types.ts';
import type { LatLon } from '../map/api.ts';

export interface ReportDraft {
  point: LatLon | null;
  address: string;
  category: string | null;
  /** Answers to the category's questions as typed: text, or keys of a multiple choice. */
  answers: Record<string, string | string[]>;
  description: string;
  contactMode: 'anonymous' | 'contact';
  name: string;
  phone: string;
  email: string;
  consent: boolean;
}

export const EMPTY_DRAFT: ReportDraft = {
  point: null,
  address: '',
  category: null,
  answers: {},
  description: '',
  contactMode: 'anonymous',
  name: '',
  phone: '',
  email: '',
  consent: false,
};

/** Where an error is shown: a form field, or the form as a whole. */
export type FieldKey =
  | 'location'
  | 'address'
  | 'category'
  | `attributes.${string}`
  | 'description'
  | 'photos'
  | 'contact'
  | 'name'
  | 'phone'
  | 'email'
  | 'consent'
  | 'form';

/** The message of an error, as an i18n key under `report.errors`. */
export type ErrorKey =
  | 'locationMissing'
  | 'locationOutside'
  | 'locationPending'
  | 'addressInvalid'
  | 'categoryMissing'
  | 'categoryInvalid'
  | 'answerRequired'
  | 'answerNumber'
  | 'answerInvalid'
  | 'descriptionShort'
  | 'photosBusy'
  | 'photosFailed'
  | 'photoRejected'
  | 'contactMissing'
  | 'nameInvalid'
  | 'phone'
  | 'email'
  | 'consent'
  | 'rejected';

export type DraftErrors = Partial<Record<FieldKey, ErrorKey>>;

const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What the checks need beside the draft. */
export interface DraftContext {
  /** The chosen category's node (undefined while the tree loads or none is chosen). */
  category: CategoryNode | undefined;
  /** Whether the point lies in an area we serve, as far as the page knows. */
  location: 'inside' | 'outside' | 'pending' | 'none';
  photos: { uploading: number; failed: number };
}

function isEmptyAnswer(value: string | string[] | undefined): boolean {
  return value === undefined || (Array.isArray(value) ? value.length === 0 : value.trim() === '');
}

function checkAnswer(
  def: CategoryAttribute,
  value: string | string[] | undefined,
): ErrorKey | null {
  if (isEmptyAnswer(value)) return def.required ? 'answerRequired' : null;
  if (def.datatype === 'number' && !Number.isFinite(Number(value))) return 'answerNumber';
  if (def.datatype === 'datetime' && Number.isNaN(Date.parse(String(value))))
    return 'answerInvalid';
  return null;
}

/** Every problem of the draft, by field; empty when it can be sent. */
export function validateDraft(draft: ReportDraft, ctx: DraftContext): DraftErrors {
  const errors: DraftErrors = {};
  if (ctx.location === 'none' || !draft.point) errors.location = 'locationMissing';
  else if (ctx.location === 'outside') errors.location = 'locationOutside';
  else if (ctx.location === 'pending') errors.location = 'locationPending';

  if (!draft.category) errors.category = 'categoryMissing';
  else if (ctx.category && ctx.category.children.length > 0) errors.category = 'categoryInvalid';
  for (const def of ctx.category?.attributes ?? []) {
    const problem = checkAnswer(def, draft.answers[def.code]);
    if (problem) errors[`attributes.${def.code}`] = problem;
  }

  if (draft.description.trim().length < 3) errors.description = 'descriptionShort';
  if (ctx.photos.uploading > 0) errors.photos = 'photosBusy';
  else if (ctx.photos.failed > 0) errors.photos = 'photosFailed';

  if (draft.contactMode === 'contact') {
    const name = draft.name.trim();
    const phone = draft.phone.trim();
    const email = draft.email.trim();
    if (!phone && !email) errors.contact = 'contactMissing';
    if (phone && !PHONE.test(phone)) errors.phone = 'phone';
    if (email && !EMAIL.test(email)) errors.email = 'email';
    if ((name || phone || email) && !draft.consent) errors.consent = 'consent';
  }
  return errors;
}

/** The answer in the type its question expects. */
function answerValue(def: CategoryAttribute, value: string | string[]): unknown {
  if (Array.isArray(value)) return value;
  const text = value.trim();
  if (def.datatype === 'number') return Number(text);
  // `datetime-local` gives local wall time without an offset: send it as an instant.
  if (def.datatype === 'datetime') return new Date(text).toISOString();
  return text;
}

/** The body of `POST /api/v1/cases` for a valid draft. */
export function toReportInput(
  draft: ReportDraft,
  category: CategoryNode | undefined,
  attachmentIds: string[],
): ReportInput {
  const point = draft.point as LatLon;
  const attributes: Record<string, unknown> = {};
  for (const def of category?.attributes ?? []) {
    const value = draft.answers[def.code];
    if (value !== undefined && !isEmptyAnswer(value))
      attributes[def.code] = answerValue(def, value);
  }
  const input: ReportInput = {
    category: draft.category as string,
    description: draft.description.trim(),
    lat: Number(point.lat.toFixed(7)),
    lon: Number(point.lon.toFixed(7)),
  };
  if (draft.address.trim()) input.address = draft.address.trim();
  if (Object.keys(attributes).length > 0) input.attributes = attributes;
  if (attachmentIds.length > 0) input.attachments = attachmentIds;
  if (draft.contactMode === 'contact') {
    const reporter: NonNullable<ReportInput['reporter']> = { consent: draft.consent };
    if (draft.name.trim()) reporter.name = draft.name.trim();
    if (draft.phone.trim()) reporter.phone = draft.phone.trim();
    if (draft.email.trim()) reporter.email = draft.email.trim();
    if (reporter.name || reporter.phone || reporter.email) input.reporter = reporter;
  }
  return input;
}

/** Where a field error of the server belongs (its `field` is a JSON pointer into the body). */
export function fieldOfServerError(pointer: string, message: string): [FieldKey, ErrorKey] {
  const [, head, tail] = pointer.split('/');
  switch (head) {
    case 'lat':
    case 'lon':
      return ['location', 'locationOutside'];
    case 'address':
      return ['address', 'addressInvalid'];
    case 'category':
      return ['category', 'categoryInvalid'];
    case 'description':
      return ['description', 'descriptionShort'];
    case 'attachments':
      return ['photos', 'photoRejected'];
    case 'attributes':
      return tail
        ? [`attributes.${tail}`, /required/.test(message) ? 'answerRequired' : 'answerInvalid']
        : ['form', 'rejected'];
    case 'reporter':
      if (tail === 'phone') return ['phone', 'phone'];
      if (tail === 'email') return ['email', 'email'];
      if (tail === 'consent') return ['consent', 'consent'];
      if (tail === 'name') return ['name', 'nameInvalid'];
      return ['contact', 'contactMissing'];
    default:
      return ['form', 'rejected'];
  }
}

/** The form's fields in reading order, for the error summary. */
export function orderedErrors(errors: DraftErrors, category: CategoryNode | undefined) {
  const order: FieldKey[] = [
    'location',
    'address',
    'category',
    ...(category?.attributes ?? []).map((a) => `attributes.${a.code}` as FieldKey),
    'description',
    'photos',
    'contact',
    'name',
    'phone',
    'email',
    'consent',
    'form',
  ];
  const known = order.filter((key) => errors[key]);
  const rest = (Object.keys(errors) as FieldKey[]).filter((key) => !order.includes(key));
  return [...known, ...rest].map((key) => [key, errors[key] as ErrorKey] as const);
}

/** The DOM id of a field's control, for labels and the error summary's links. */
export function fieldId(key: FieldKey): string {
  if (key.startsWith('attributes.')) return `report-attr-${key.slice('attributes.'.length)}`;
  return `report-${key}`;
}
