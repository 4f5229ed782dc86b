/**
 * Open311 GeoReport v2 under `/open311/v2`: discovery, services, service definitions,
 * service requests (POST and GET), tokens, and the service-request-updates extension used
 * by FixMyStreet-style clients — each as `.json` and `.xml`. An adapter over the same
 * services as `/api/v1`: a POSTed request goes through `reportCase` with channel
 * `open311`, so routing, deadlines, duplicates and audit are the same.
 *
 * The standard has no consent flag: a client that posts `first_name`, `last_name`,
 * `email` or `phone` does so to let the service centre answer its user, so posting them
 * is taken as consent to keep them (they are never shown publicly). `device_id` is never
 * stored, and `account_id` is only echoed back.
 *
 * A `service_request_id` is the case's id. The tracking code is the reporter's secret
 * handle (it opens the tracking page and the case's one rating), so only the client that
 * made the report gets it, as the POST answer's `token`; `tokens/{token}` turns it into
 * the id, and no public answer (requests, updates, errors) ever shows one.
 *
 * Errors are Open311's own `[{code, description}]`, never problem+json; the routes are
 * left out of the OpenAPI document, since Open311 is described by its own standard.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/container.ts';
import {
  createOpen311Query,
  listParam,
  scalarParam,
  type QueryValue,
} from '../../services/open311-query.ts';
import type { ReportInput } from '../../services/report-case.ts';
import { createOpen311Store } from '../../storage/stores/open311-store.ts';
import {
  handleOpen311Error,
  handleOpen311NotFound,
  Open311Error,
  type Open311Format,
} from './open311.errors.ts';
import {
  localeOf,
  presentDiscovery,
  presentRequest,
  presentService,
  presentServiceDefinition,
  presentUpdate,
  renderOpen311Xml,
  serviceCategories,
  serviceNotice,
  type Open311Context,
} from './open311.presenter.ts';
import type { XmlSource } from './xml.ts';

/** What the plugin is built from. */
export interface Open311Options {
  services: Services;
  /** The one `jurisdiction_id` accepted; null accepts (and ignores) any. */
  jurisdictionId: string | null;
}

const FORMATS: readonly Open311Format[] = ['json', 'xml'];
/** Route options: Open311 has its own standard, so the OpenAPI document leaves it out. */
const hidden = () => ({ schema: { hide: true } });

/** Fields of a POST, from a form or a JSON body: every value as the list of its strings. */
interface PostFields {
  values: Map<string, string[]>;
  /** Attribute code → values; `list` when sent as `attribute[code][]` or an array. */
  attributes: Map<string, { values: string[]; list: boolean }>;
}

const ATTRIBUTE_KEY = /^attribute\[([^\][]{1,64})\](\[\])?$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const MAX_ATTRIBUTES = 50;

/** An `application/x-www-form-urlencoded` body as keys and their values, in order. */
export function parseFormBody(text: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(text)) {
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  return values;
}

function textOf(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Open311Error(400, `${name}: must be text, a number or a list of them.`);
}

/** The fields of a POST body (form, JSON object or nothing), then of its query string. */
function postFieldsOf(body: unknown, query: Record<string, QueryValue>): PostFields {
  const values = new Map<string, string[]>();
  const attributes: PostFields['attributes'] = new Map();
  const add = (key: string, list: string[], isList: boolean) => {
    const match = ATTRIBUTE_KEY.exec(key);
    if (match) {
      const code = match[1] as string;
      const before = attributes.get(code);
      const all = [...(before?.values ?? []), ...list];
      attributes.set(code, {
        values: all,
        list: isList || match[2] !== undefined || all.length > 1 || (before?.list ?? false),
      });
    } else values.set(key, [...(values.get(key) ?? []), ...list]);
  };

  if (body instanceof Map) {
    for (const [key, list] of body as Map<string, string[]>) add(key, list, false);
  } else if (typeof body === 'string') {
    for (const [key, list] of parseFormBody(body)) add(key, list, false);
  } else if (body !== undefined && body !== null) {
    if (typeof body !== 'object' || Array.isArray(body))
      throw new Open311Error(400, 'The body must be a form or a JSON object.');
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (value === null || value === undefined) continue;
      if (key === 'attribute' && typeof value === 'object' && !Array.isArray(value)) {
        for (const [code, answer] of Object.entries(value as Record<string, unknown>)) {
          if (answer === null || answer === undefined) continue;
          const list = Array.isArray(answer);
          add(
            `attribute[${code}]`,
            (list ? answer : [answer]).map((v) => textOf(`attribute[${code}]`, v)),
            list,
          );
        }
        continue;
      }
      const list = Array.isArray(value);
      add(
        key,
        (list ? value : [value]).map((v) => textOf(key, v)),
        list,
      );
    }
  }
  // Some clients put api_key (or other fields) in the URL; the body wins when both have it.
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || values.has(key) || ATTRIBUTE_KEY.test(key)) continue;
    values.set(key, Array.isArray(value) ? value : [value]);
  }
  return { values, attributes };
}

/** One field's text, trimmed; blank is absent. @throws Open311Error when given twice or too long. */
function field(fields: PostFields, name: string, maxLength: number): string | undefined {
  const given = (fields.values.get(name) ?? []).map((v) => v.trim()).filter((v) => v !== '');
  if (given.length > 1) throw new Open311Error(400, `${name}: is given more than once.`);
  const value = given[0];
  if (value !== undefined && [...value].length > maxLength)
    throw new Open311Error(400, `${name}: is longer than ${maxLength} characters.`);
  return value;
}

function coordinate(name: 'lat' | 'long', raw: string, limit: number): number {
  const value = Number(raw);
  if (!NUMBER.test(raw) || !Number.isFinite(value) || Math.abs(value) > limit)
    throw new Open311Error(
      400,
      `${name}: must be a WGS 84 ${name === 'lat' ? 'latitude from -90 to 90' : 'longitude from -180 to 180'}.`,
    );
  return value;
}

function httpUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** The file part of `services/{code}.{format}`: the id and the format. */
function splitFile(file: string): { id: string; format: Open311Format } {
  const match = /^(.+)\.(json|xml)$/i.exec(file);
  // The name is not repeated: under tokens/ it would be a tracking code.
  if (!match) throw new Open311Error(404, 'No such Open311 resource: add .json or .xml.');
  return { id: match[1] as string, format: (match[2] as string).toLowerCase() as Open311Format };
}

/** Sends an answer in the asked format; `root` names the XML root element. */
function answer(reply: FastifyReply, format: Open311Format, root: string, data: XmlSource) {
  if (format === 'xml')
    return reply.type('text/xml; charset=utf-8').send(renderOpen311Xml(root, data));
  return reply.type('application/json; charset=utf-8').send(data);
}

export const open311Routes: FastifyPluginAsync<Open311Options> = async (
  app,
  { services, jurisdictionId },
) => {
  const query311 = createOpen311Query({
    store: createOpen311Store(services.db),
    reference: services.reference,
    clock: services.clock,
  });

  app.setErrorHandler(handleOpen311Error);
  app.setNotFoundHandler(handleOpen311NotFound);
  // The web app's catch-all route would answer unknown paths here with problem+json.
  app.all('/', hidden(), handleOpen311NotFound);
  app.all('/*', hidden(), handleOpen311NotFound);
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, parseFormBody(body as string));
    },
  );

  // One jurisdiction is served: a configured id is checked wherever a client sends one.
  app.addHook('preHandler', async (request) => {
    if (jurisdictionId === null) return;
    const query = request.query as Record<string, QueryValue>;
    const body = request.body;
    const given = [
      ...(listParam(query.jurisdiction_id) ?? []),
      ...(body instanceof Map
        ? ((body as Map<string, string[]>).get('jurisdiction_id') ?? [])
        : []),
      ...(body && typeof body === 'object' && !(body instanceof Map)
        ? [(body as Record<string, unknown>).jurisdiction_id]
        : []),
    ].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    const wrong = given.find((v) => v.trim() !== jurisdictionId);
    if (wrong !== undefined)
      throw new Open311Error(
        404,
        `jurisdiction_id "${wrong.trim()}" was not found: this endpoint serves "${jurisdictionId}".`,
      );
  });

  async function contextOf(request: FastifyRequest): Promise<Open311Context> {
    const ref = await services.reference.current();
    const query = request.query as Record<string, QueryValue>;
    return {
      ref,
      locale: localeOf(scalarParam('locale', query.locale)),
      timeZone: ref.calendar.timeZone,
      baseUrl: `${request.protocol}://${request.host}`,
    };
  }

  for (const format of FORMATS) {
    app.get(`/discovery.${format}`, hidden(), async (request, reply) => {
      const ctx = await contextOf(request);
      return answer(reply, format, 'discovery', presentDiscovery(ctx.baseUrl, ctx.timeZone));
    });

    app.get(`/services.${format}`, hidden(), async (request, reply) => {
      const ctx = await contextOf(request);
      return answer(
        reply,
        format,
        'services',
        serviceCategories(ctx.ref).map((c) => presentService(c, ctx)),
      );
    });

    app.post(
      `/requests.${format}`,
      { ...hidden(), config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
      async (request, reply) => {
        const fields = postFieldsOf(request.body, request.query as Record<string, QueryValue>);
        const apiKey = field(fields, 'api_key', 200);
        if (!apiKey) throw new Open311Error(403, 'api_key is required to post a service request.');
        const actor = await services.authenticate({ bearerToken: apiKey });
        if (!actor) throw new Open311Error(403, 'api_key is unknown, revoked or expired.');

        const ctx = await contextOf(request);
        const input = reportInputOf(fields, ctx);
        // Checked before the report is written: a refusal must leave nothing behind.
        const accountId = field(fields, 'account_id', 200) ?? null;
        const key = request.headers['idempotency-key'];
        if (key !== undefined && (typeof key !== 'string' || key.length < 8 || key.length > 100))
          throw new Open311Error(400, 'Idempotency-Key: must be 8 to 100 characters.');
        const result = await services.reportCase(input, actor, {
          channel: 'open311',
          idempotencyKey: key,
          // A retry with the same key is answered from the case this names.
          present: (c) => ({ id: c.id, trackingCode: c.trackingCode }),
        });
        const c = result.case;
        return answer(reply, format, 'service_requests', [
          {
            service_request_id: c.id,
            // Only the reporter's client gets the code, to show it to its user.
            token: c.trackingCode,
            service_notice: serviceNotice(ctx.ref.categoryById.get(c.categoryId), ctx.locale),
            account_id: accountId,
          },
        ]);
      },
    );

    app.get(`/requests.${format}`, hidden(), async (request, reply) => {
      const ctx = await contextOf(request);
      const { cases, extras } = await query311.listRequests(
        request.query as Record<string, QueryValue>,
      );
      return answer(
        reply,
        format,
        'service_requests',
        cases.map((c) => presentRequest(c, extras, ctx)),
      );
    });

    app.get(`/servicerequestupdates.${format}`, hidden(), async (request, reply) => {
      const ctx = await contextOf(request);
      const { updates, eventAttachmentIds } = await query311.listUpdates(
        request.query as Record<string, QueryValue>,
      );
      return answer(
        reply,
        format,
        'service_request_updates',
        updates.map((u) => presentUpdate(u, eventAttachmentIds.get(u.event.id), ctx)),
      );
    });
  }

  app.get<{ Params: { file: string } }>('/services/:file', hidden(), async (request, reply) => {
    const { id, format } = splitFile(request.params.file);
    const ctx = await contextOf(request);
    const category = ctx.ref.categoryByCode.get(id);
    if (!category || !ctx.ref.reportableCategoryIds.has(category.id))
      throw new Open311Error(404, `service_code "${id}" was not found.`);
    if (category.attributes.length === 0)
      throw new Open311Error(
        404,
        `service_code "${id}" has no service definition (its metadata is false): post it without attributes.`,
      );
    return answer(
      reply,
      format,
      'service_definition',
      presentServiceDefinition(category, ctx.locale),
    );
  });

  app.get<{ Params: { file: string } }>('/requests/:file', hidden(), async (request, reply) => {
    const { id, format } = splitFile(request.params.file);
    const ctx = await contextOf(request);
    const { cases, extras } = await query311.getRequest(id);
    return answer(
      reply,
      format,
      'service_requests',
      cases.map((c) => presentRequest(c, extras, ctx)),
    );
  });

  app.get<{ Params: { file: string } }>('/tokens/:file', hidden(), async (request, reply) => {
    const { id: token, format } = splitFile(request.params.file);
    const found = await query311.findToken(token);
    return answer(reply, format, 'service_requests', [
      { service_request_id: found.id, token: found.token },
    ]);
  });
};

/**
 * The report a POST describes, checked for what Open311 clients get wrong; the reporting
 * service checks the rest (category, location inside the district, attributes, contact).
 * @throws Open311Error (400) for a missing or malformed field.
 */
function reportInputOf(fields: PostFields, ctx: Open311Context): ReportInput {
  const code = field(fields, 'service_code', 64);
  if (!code) throw new Open311Error(400, 'service_code is required (see services.json).');
  const category = ctx.ref.categoryByCode.get(code);
  if (!category || !ctx.ref.reportableCategoryIds.has(category.id))
    throw new Open311Error(400, `service_code "${code}" was not found (see services.json).`);

  const rawLat = field(fields, 'lat', 40);
  const rawLong = field(fields, 'long', 40);
  const address = field(fields, 'address_string', 300);
  if (rawLat === undefined || rawLong === undefined) {
    if (rawLat !== undefined || rawLong !== undefined)
      throw new Open311Error(400, 'lat and long must be given together.');
    throw new Open311Error(
      400,
      address !== undefined || field(fields, 'address_id', 200) !== undefined
        ? 'A location is required: send lat and long (WGS 84). Reports are routed to their grid cell by their point, and an address alone cannot be located here.'
        : 'A location is required: send lat and long (WGS 84).',
    );
  }
  const lat = coordinate('lat', rawLat, 90);
  const lon = coordinate('long', rawLong, 180);

  let description =
    field(fields, 'description', 4000) ?? (ctx.locale === 'zh' ? category.nameZh : category.nameEn);
  const media = field(fields, 'media_url', 1000);
  if (media !== undefined) {
    const url = httpUrl(media);
    if (!url) throw new Open311Error(400, 'media_url: must be an http or https URL.');
    // Nothing is fetched or stored from elsewhere: the link stays with the description.
    description = `${description}\n\nPhoto: ${url}`;
  }

  if (fields.attributes.size > MAX_ATTRIBUTES)
    throw new Open311Error(400, `At most ${MAX_ATTRIBUTES} attributes may be given.`);
  const attributes: Record<string, unknown> = {};
  for (const [attribute, given] of fields.attributes) {
    const values = given.values.map((v) => v.trim()).filter((v) => v !== '');
    if (values.length === 0) continue;
    attributes[attribute] = given.list ? values : values[0];
  }

  const name = [field(fields, 'first_name', 50), field(fields, 'last_name', 50)]
    .filter((v): v is string => v !== undefined)
    .join(' ');
  const email = field(fields, 'email', 200);
  const phone = field(fields, 'phone', 30);
  const hasContact = name !== '' || email !== undefined || phone !== undefined;

  return {
    category: category.code,
    description,
    lat,
    lon,
    ...(address !== undefined ? { address } : {}),
    ...(hasContact
      ? {
          reporter: {
            ...(name !== '' ? { name } : {}),
            ...(email !== undefined ? { email } : {}),
            ...(phone !== undefined ? { phone } : {}),
            consent: true,
          },
        }
      : {}),
    attributes,
  };
}
