/**
 * How civicgrid looks through Open311 GeoReport v2: leaf categories as services, their
 * questions as service definitions, cases as service requests and their public timeline
 * as service request updates — with the standard's field names, times with the offset of
 * the configured zone, and only public fields. Reporter name, e-mail and phone never
 * appear, and neither does the tracking code: it is the reporter's secret handle, so a
 * request is known by its case id (`service_request_id`). Cases of the person-related
 * kinds (disputes, service requests for people, complaints) show their status only:
 * their description, place, photo and written answers are about people, so only the
 * holder of the tracking code sees them.
 */
import type { Case, CaseStatus } from '../../domain/cases/case.ts';
import type { Category, CategoryAttribute, CategoryKind } from '../../domain/org/category.ts';
import { formatWithOffset, type RequestExtras } from '../../services/open311-query.ts';
import type { ReferenceData } from '../../services/reference-data.ts';
import type { PublicUpdate } from '../../storage/stores/open311-store.ts';
import { elementOf, renderXml, type XmlSource } from './xml.ts';

/** Languages of names and words (English unless `locale=zh-CN`). */
export type Open311Locale = 'en' | 'zh';

/** What every presenter needs beside its subject. */
export interface Open311Context {
  ref: ReferenceData;
  locale: Open311Locale;
  timeZone: string;
  /** `scheme://host` of the request, for absolute URLs. */
  baseUrl: string;
}

/** The locale a `locale` parameter asks for. */
export function localeOf(value: unknown): Open311Locale {
  return typeof value === 'string' && /^zh\b/i.test(value.trim()) ? 'zh' : 'en';
}

/** Kinds whose cases are about people: public output shows their status only. */
export const PERSON_RELATED_KINDS: readonly CategoryKind[] = ['dispute', 'service', 'complaint'];

/** The Open311 description field's limit in the community schema. */
const DESCRIPTION_LIMIT = 4000;

/** Element names of list items in Open311 XML, by the list's name. */
export const XML_ITEM_NAMES: Readonly<Record<string, string>> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  service_request_updates: 'request_update',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

/** The XML document of an Open311 answer under the root element `root`. */
export function renderOpen311Xml(root: string, data: XmlSource): string {
  return renderXml(elementOf(root, data, XML_ITEM_NAMES));
}

const nameIn = (n: { nameZh: string; nameEn: string }, locale: Open311Locale) =>
  locale === 'zh' ? n.nameZh : n.nameEn;

function lineage(category: Category, ref: ReferenceData): Category[] {
  const path: Category[] = [];
  for (
    let cur: Category | undefined = category;
    cur;
    cur = cur.parentId ? ref.categoryById.get(cur.parentId) : undefined
  )
    path.unshift(cur);
  return path;
}

/** The leaf categories a report may take (not retired), in tree order: the services. */
export function serviceCategories(ref: ReferenceData): Category[] {
  return ref.categories.filter((c) => ref.reportableCategoryIds.has(c.id));
}

/** One entry of `services`. */
export function presentService(category: Category, ctx: Pick<Open311Context, 'ref' | 'locale'>) {
  const path = lineage(category, ctx.ref);
  const top = path[0] ?? category;
  const other = ctx.locale === 'zh' ? category.nameEn : category.nameZh;
  return {
    service_code: category.code,
    service_name: nameIn(category, ctx.locale),
    description: path.map((c) => nameIn(c, ctx.locale)).join(' / '),
    metadata: category.attributes.length > 0,
    type: 'realtime' as const,
    keywords: [category.kind, other, ...path.slice(0, -1).map((c) => nameIn(c, ctx.locale))].join(
      ', ',
    ),
    group: nameIn(top, ctx.locale),
  };
}

const DATATYPE_WORDS: Record<CategoryAttribute['datatype'], { en: string; zh: string }> = {
  string: { en: 'Short text (up to 500 characters)', zh: '简短文字（不超过500字）' },
  text: { en: 'Text (up to 5,000 characters)', zh: '文字（不超过5000字）' },
  number: { en: 'A number', zh: '数字' },
  datetime: {
    en: 'Date and time in ISO 8601 with offset, e.g. 2026-11-29T13:05:00+08:00',
    zh: 'ISO 8601 日期时间（含时区），如 2026-11-29T13:05:00+08:00',
  },
  singlevaluelist: { en: 'Choose one of the values', zh: '从选项中选择一项' },
  multivaluelist: { en: 'Choose one or more of the values', zh: '从选项中选择一项或多项' },
};

/** `services/{code}`: the service definition of a service with questions. */
export function presentServiceDefinition(category: Category, locale: Open311Locale) {
  return {
    service_code: category.code,
    attributes: [...category.attributes]
      .sort((a, b) => a.order - b.order)
      .map((a) => ({
        variable: true,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        datatype_description: DATATYPE_WORDS[a.datatype][locale],
        order: a.order,
        description: locale === 'zh' ? a.descriptionZh : a.descriptionEn,
        ...(a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist'
          ? {
              values: (a.values ?? []).map((v) => ({
                key: v.key,
                name: locale === 'zh' ? v.nameZh : v.nameEn,
              })),
            }
          : {}),
      })),
  };
}

/** The category notice shown when a request of this service is made. */
export function serviceNotice(category: Category | undefined, locale: Open311Locale) {
  if (!category) return null;
  return (locale === 'zh' ? category.noticeZh : category.noticeEn) ?? null;
}

/** Open311 knows two states: closed and rejected cases are closed, the rest open. */
export function open311Status(status: CaseStatus | string | null): 'open' | 'closed' {
  return status === 'closed' || status === 'rejected' ? 'closed' : 'open';
}

const STATUS_WORDS: Record<CaseStatus, { en: string; zh: string }> = {
  submitted: {
    en: 'Received; waiting to be registered by the service centre.',
    zh: '已收到，等待服务中心立案。',
  },
  registered: {
    en: 'Registered; waiting to be dispatched to the responsible department.',
    zh: '已立案，等待派遣至责任部门。',
  },
  dispatched: { en: 'Dispatched to the responsible department.', zh: '已派遣至责任部门。' },
  in_progress: { en: 'The responsible department is handling it.', zh: '责任部门正在处置。' },
  resolved: { en: 'Handled; waiting for a check on site.', zh: '已处置，等待核查。' },
  verified: {
    en: 'Checked; the written answer is being prepared.',
    zh: '已核查，正在准备书面答复。',
  },
  closed: { en: 'Closed.', zh: '已结案。' },
  rejected: { en: 'Not accepted.', zh: '未予受理。' },
  suspended: { en: 'On hold.', zh: '暂停办理。' },
};

const STEP_WORDS = {
  report: { en: 'Reported.', zh: '已上报。' },
  rework: {
    en: 'Checked on site: not fixed yet, sent back for more work.',
    zh: '经核查尚未解决，已退回重新处置。',
  },
  resume: { en: 'Work resumed.', zh: '恢复办理。' },
  comment: { en: 'A comment was added.', zh: '新增一条说明。' },
} satisfies Record<string, { en: string; zh: string }>;

function statusWords(status: string | null, locale: Open311Locale): string {
  const words = STATUS_WORDS[status as CaseStatus];
  return words ? words[locale] : '';
}

function isPersonRelated(category: Category | undefined): boolean {
  return category !== undefined && PERSON_RELATED_KINDS.includes(category.kind);
}

function limitDescription(text: string): string {
  const chars = [...text];
  return chars.length <= DESCRIPTION_LIMIT ? text : chars.slice(0, DESCRIPTION_LIMIT).join('');
}

function attachmentUrl(baseUrl: string, id: string | undefined): string | null {
  return id ? `${baseUrl}/api/v1/attachments/${encodeURIComponent(id)}` : null;
}

/** The public explanation of where a case stands. */
function statusNotes(c: Case, extras: RequestExtras, ctx: Open311Context): string {
  const words = statusWords(c.status, ctx.locale);
  if (isPersonRelated(ctx.ref.categoryById.get(c.categoryId))) return words;
  if (c.status === 'closed') return c.answer ?? words;
  if (c.status === 'rejected') {
    const reason = extras.rejectReasons.get(c.id);
    // The original is named by its id: its tracking code belongs to its own reporter.
    const original = c.duplicateOf;
    const duplicate = original
      ? ctx.locale === 'zh'
        ? `（与 ${original} 重复）`
        : ` (duplicate of ${original})`
      : '';
    return reason ? `${reason}${duplicate}` : `${words}${duplicate}`;
  }
  return words;
}

/** One service request, public fields only. */
export function presentRequest(c: Case, extras: RequestExtras, ctx: Open311Context) {
  const category = ctx.ref.categoryById.get(c.categoryId);
  const department = c.departmentId ? ctx.ref.departmentById.get(c.departmentId) : undefined;
  const hidden = isPersonRelated(category);
  const time = (iso: string | null) => (iso ? formatWithOffset(iso, ctx.timeZone) : null);
  const final = c.status === 'closed' || c.status === 'rejected';
  return {
    service_request_id: c.id,
    status: open311Status(c.status),
    status_notes: statusNotes(c, extras, ctx),
    service_name: category ? nameIn(category, ctx.locale) : null,
    service_code: category?.code ?? c.categoryId,
    description: hidden ? null : limitDescription(c.description),
    agency_responsible: department ? nameIn(department, ctx.locale) : null,
    service_notice: serviceNotice(category, ctx.locale),
    requested_datetime: time(c.createdAt) as string,
    updated_datetime: time(final ? (c.closedAt ?? c.updatedAt) : c.updatedAt),
    expected_datetime: time(c.stageDueAt),
    address: hidden ? null : c.address,
    address_id: null,
    zipcode: null,
    lat: hidden ? null : c.lat,
    long: hidden ? null : c.lon,
    media_url: hidden ? null : attachmentUrl(ctx.baseUrl, extras.firstAttachmentIds.get(c.id)),
  };
}

/** One service request update: a status change or a public comment. */
export function presentUpdate(
  update: PublicUpdate,
  attachmentId: string | undefined,
  ctx: Open311Context,
) {
  const { event } = update;
  const hidden = isPersonRelated(ctx.ref.categoryById.get(update.categoryId));
  const note = hidden ? null : event.note;
  let description: string;
  if (event.kind === 'comment') description = note ?? STEP_WORDS.comment[ctx.locale];
  else if (event.action === 'report') description = STEP_WORDS.report[ctx.locale];
  else if (event.action === 'verify' && event.toStatus !== 'verified')
    description = STEP_WORDS.rework[ctx.locale];
  else if (event.action === 'resume')
    description = `${STEP_WORDS.resume[ctx.locale]} ${statusWords(event.toStatus, ctx.locale)}`;
  else if (event.action === 'close') description = note ?? statusWords('closed', ctx.locale);
  else if (event.action === 'reject')
    description = note
      ? `${statusWords('rejected', ctx.locale)} ${note}`
      : statusWords('rejected', ctx.locale);
  else description = statusWords(event.toStatus, ctx.locale);
  return {
    update_id: event.id,
    service_request_id: event.caseId,
    status: open311Status(event.toStatus),
    updated_datetime: formatWithOffset(event.createdAt, ctx.timeZone),
    description: limitDescription(description),
    media_url: hidden ? null : attachmentUrl(ctx.baseUrl, attachmentId),
  };
}

/** When this Open311 interface last changed (the discovery document's changeset). */
export const OPEN311_CHANGESET = '2026-11-29T00:00:00Z';

/** The discovery document of this endpoint. */
export function presentDiscovery(baseUrl: string, timeZone: string) {
  const changeset = formatWithOffset(OPEN311_CHANGESET, timeZone);
  return {
    changeset,
    contact: 'Ask the administrators of this civicgrid service centre.',
    key_service:
      'API keys are API tokens issued by an administrator (POST /api/v1/tokens); ask the service centre for one.',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${baseUrl}/open311/v2`,
        changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}
