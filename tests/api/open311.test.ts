import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type AppOptions } from '../../server/http/app.ts';
import { elementOf, escapeXml, renderXml } from '../../server/http/open311/xml.ts';
import { DEMO_GRID_CODES, DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { formatWithOffset, parseIsoInstant } from '../../server/services/open311-query.ts';
import { DEMO_API_KEY } from '../../server/services/seed-demo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

// The community's JSON Schemas live in shared/ beside the repository (in CI too): a run
// without them must fail, never pass by skipping.
const SCHEMA_DIR = resolve(process.cwd(), '../shared/standards/open311-georeport-v2');
if (!existsSync(join(SCHEMA_DIR, 'requests.json'))) {
  throw new Error(
    `The Open311 GeoReport v2 JSON Schemas are missing: expected them in ${SCHEMA_DIR}.`,
  );
}
const schemaOf = (name: string) =>
  JSON.parse(readFileSync(join(SCHEMA_DIR, name), 'utf8')) as Record<string, unknown>;

// The 2016 schemas put `minItems` beside `$ref` inside `items`; strict mode would refuse that.
const ajv = new Ajv.default({ allErrors: true, strict: false });
addFormats.default(ajv);
ajv.addSchema(schemaOf('request.json'), 'request.json');
ajv.addSchema(schemaOf('service.json'), 'service.json');
const VALIDATORS = {
  services: ajv.compile(schemaOf('services.json')),
  'service-definition': ajv.compile(schemaOf('service-definition.json')),
  requests: ajv.compile(schemaOf('requests.json')),
};

function expectValid(schema: keyof typeof VALIDATORS, data: unknown): void {
  const validate = VALIDATORS[schema];
  if (!validate(data)) {
    throw new Error(
      `${schema}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(data).slice(0, 600)}`,
    );
  }
}

const XML_LISTS = new Set([
  'service',
  'attribute',
  'value',
  'request',
  'request_update',
  'error',
  'endpoint',
  'format',
]);
const xmlParser = new XMLParser({
  parseTagValue: false,
  ignoreDeclaration: true,
  isArray: (name) => XML_LISTS.has(name),
});

/** The parsed document, after checking the declaration, content type and well-formedness. */
function xmlOf(response: LightMyRequestResponse): Record<string, unknown> {
  expect(response.headers['content-type']).toBe('text/xml; charset=utf-8');
  expect(response.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const valid = XMLValidator.validate(response.body);
  if (valid !== true) throw new Error(`malformed XML (${JSON.stringify(valid)}): ${response.body}`);
  return xmlParser.parse(response.body) as Record<string, unknown>;
}

/** The Open311 error answer's entries (JSON), after checking the status. */
function errorsOf(response: LightMyRequestResponse, status: number) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  const body = response.json() as { code: number; description: string }[];
  expect(Array.isArray(body)).toBe(true);
  expect(body.length).toBeGreaterThan(0);
  for (const entry of body) {
    expect(entry.code).toBe(status);
    expect(typeof entry.description).toBe('string');
  }
  return body;
}

const inCellA = DEMO_POINTS.find(
  (p) => p.expectedCode === DEMO_GRID_CODES.a,
) as (typeof DEMO_POINTS)[number];
const TRACKING = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
/** A service_request_id: the case's id, a UUIDv7. */
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

const REPORTER = {
  first_name: 'Wei',
  last_name: 'Li',
  email: 'li.wei@example.org',
  phone: '+86 138 0000 1111',
};

describe('the Open311 XML writer', () => {
  it('escapes markup and quotes, keeps line breaks and replaces characters XML cannot carry', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(escapeXml('one\ntwo\r\tthree')).toBe('one&#10;two&#13;&#9;three');
    expect(escapeXml('bell\u0007 \uFFFF lone\uD800 pair\uD83D\uDE00')).toBe(
      'bell\uFFFD \uFFFD lone\uFFFD pair\uD83D\uDE00',
    );
    const xml = renderXml(
      elementOf('services', [{ service_code: 'A&B', metadata: true, order: 2, group: null }], {
        services: 'service',
      }),
    );
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<services><service><service_code>A&amp;B</service_code>' +
        '<metadata>true</metadata><order>2</order><group/></service></services>\n',
    );
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(() => elementOf('bad name', 'x', {})).toThrow();
  });

  it('formats times with the zone offset and reads ISO dates with or without one', () => {
    expect(formatWithOffset('2026-11-29T05:05:00.000Z', 'Asia/Shanghai')).toBe(
      '2026-11-29T13:05:00+08:00',
    );
    expect(formatWithOffset('2026-07-01T12:00:00.000Z', 'America/New_York')).toBe(
      '2026-07-01T08:00:00-04:00',
    );
    const zone = 'Asia/Shanghai';
    expect(parseIsoInstant('2026-11-29T13:05:00+08:00', zone, false)).toBe(
      Date.parse('2026-11-29T05:05:00Z'),
    );
    // A `+` that reached us as a space (not URL-encoded by the client).
    expect(parseIsoInstant('2026-11-29T13:05:00 08:00', zone, false)).toBe(
      Date.parse('2026-11-29T05:05:00Z'),
    );
    expect(parseIsoInstant('2026-11-29T13:05', zone, false)).toBe(
      Date.parse('2026-11-29T05:05:00Z'),
    );
    expect(parseIsoInstant('2026-11-29', zone, false)).toBe(Date.parse('2026-11-28T16:00:00Z'));
    expect(parseIsoInstant('2026-11-29', zone, true)).toBe(Date.parse('2026-11-29T16:00:00Z') - 1);
    for (const bad of ['2026-02-30', '2026-13-01', 'yesterday', '2026-11-29T25:00Z', ''])
      expect(parseIsoInstant(bad, zone, false)).toBeNull();
  });
});

describe.each(DIALECTS)('Open311 GeoReport v2 on %s', (dialect) => {
  let t: TestApp;
  let dispatcher: string;
  let handler: string;
  let gridWorkerA: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: 'demo' });
    dispatcher = await t.signIn('dispatcher');
    handler = await t.signIn('handler');
    gridWorkerA = await t.signIn('grid_worker_a');
  });
  afterAll(() => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url: `/open311/v2/${url}` });

  /** POSTs a form-encoded service request (the api_key is the demo key unless given). */
  function post(
    fields: [string, string][] | Record<string, string>,
    format: 'json' | 'xml' = 'json',
    headers: Record<string, string> = {},
  ) {
    return t.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.${format}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(fields).toString(),
    });
  }

  const streetLight = (extra: [string, string][] = []): [string, string][] => [
    ['api_key', DEMO_API_KEY],
    ['service_code', 'C0104'],
    ['lat', String(inCellA.lat)],
    ['long', String(inCellA.lon)],
    ['address_string', 'Corner of Liu’an Road'],
    ['description', 'The street light at the corner has been off for three nights.'],
    ['attribute[lamp_state]', 'off'],
    ['attribute[pole_number]', 'LA-0042'],
    ...extra,
  ];

  /** Every tracking code handed out in this file: none may appear in a public answer. */
  const tokens = new Set<string>();

  /** The id and token of a POST's answer (the token is the case's tracking code). */
  async function created(response: LightMyRequestResponse): Promise<{ id: string; token: string }> {
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as Record<string, unknown>[];
    expect(body).toEqual([
      {
        service_request_id: expect.stringMatching(CASE_ID),
        token: expect.stringMatching(TRACKING),
        service_notice: null,
        account_id: null,
        ...(body[0]?.service_notice ? { service_notice: expect.any(String) } : {}),
        ...(body[0]?.account_id ? { account_id: expect.any(String) } : {}),
      },
    ]);
    const { service_request_id: id, token } = body[0] as {
      service_request_id: string;
      token: string;
    };
    tokens.add(token);
    return { id, token };
  }

  async function staffCaseOf(id: string) {
    const one = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${id}`,
      headers: { cookie: dispatcher },
    });
    expect(one.statusCode, one.body).toBe(200);
    return one.json() as Record<string, unknown> & {
      id: string;
      trackingCode: string;
      version: number;
      channel: string;
      reporter: Record<string, unknown>;
      attributes: Record<string, unknown>;
      description: string;
      stageDueAt: string | null;
    };
  }

  async function act(cookie: string, id: string, body: Record<string, unknown>) {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/actions`,
      headers: { cookie },
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { version: number };
  }

  describe('discovery and services', () => {
    it('describes the endpoint in JSON and XML', async () => {
      const json = await get('discovery.json');
      expect(json.statusCode).toBe(200);
      const discovery = json.json();
      expect(discovery.changeset).toMatch(WITH_OFFSET);
      expect(discovery.endpoints).toEqual([
        expect.objectContaining({
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: 'http://localhost:80/open311/v2',
          type: 'production',
          formats: ['text/xml', 'application/json'],
        }),
      ]);
      const xml = xmlOf(await get('discovery.xml'));
      expect(xml).toMatchObject({
        discovery: {
          endpoints: { endpoint: [{ formats: { format: ['text/xml', 'application/json'] } }] },
        },
      });
    });

    it('lists the leaf categories as services that validate against services.json', async () => {
      const response = await get('services.json');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      const services = response.json() as Record<string, unknown>[];
      expectValid('services', services);
      const codes = services.map((s) => s.service_code);
      expect(codes).toContain('C0104');
      expect(codes).toContain('E0101');
      // Groups are not services.
      expect(codes).not.toContain('C');
      expect(codes).not.toContain('C01');
      expect(services.find((s) => s.service_code === 'C0104')).toMatchObject({
        service_name: 'Street light',
        metadata: true,
        type: 'realtime',
        group: 'Components (public facilities)',
        keywords: expect.stringContaining('路灯'),
      });
      expect(services.find((s) => s.service_code === 'E0101')).toMatchObject({
        service_name: 'Exposed garbage',
        metadata: false,
        group: 'Events',
      });

      const zh = (await get('services.json?locale=zh-CN')).json() as Record<string, unknown>[];
      expect(zh.find((s) => s.service_code === 'C0104')).toMatchObject({
        service_name: '路灯',
        group: '部件',
      });

      const xml = xmlOf(await get('services.xml')) as {
        services: { service: Record<string, string>[] };
      };
      expect(xml.services.service.map((s) => s.service_code)).toEqual(codes);
      expect(xml.services.service.find((s) => s.service_code === 'C0104')).toMatchObject({
        metadata: 'true',
        type: 'realtime',
      });
    });

    it('answers the service definition of a service with questions', async () => {
      const response = await get('services/C0104.json');
      expect(response.statusCode).toBe(200);
      const definition = response.json();
      expectValid('service-definition', definition);
      expect(definition.service_code).toBe('C0104');
      expect(definition.attributes).toEqual([
        expect.objectContaining({
          variable: true,
          code: 'pole_number',
          datatype: 'string',
          required: false,
          order: 1,
        }),
        expect.objectContaining({
          code: 'lamp_state',
          datatype: 'singlevaluelist',
          required: true,
          order: 2,
          description: 'What is wrong with the light',
          values: [
            { key: 'off', name: 'Off at night' },
            { key: 'flickering', name: 'Flickering' },
            { key: 'on_in_daytime', name: 'On in daytime' },
          ],
        }),
      ]);
      expect(definition.attributes[0]).not.toHaveProperty('values');
      const multi = (await get('services/C0501.json')).json();
      expectValid('service-definition', multi);
      expect(multi.attributes[0]).toMatchObject({ datatype: 'multivaluelist', required: true });

      const xml = xmlOf(await get('services/C0104.xml')) as {
        service_definition: {
          service_code: string;
          attributes: { attribute: { code: string; values?: { value: unknown[] } }[] };
        };
      };
      expect(xml.service_definition.service_code).toBe('C0104');
      expect(xml.service_definition.attributes.attribute.map((a) => a.code)).toEqual([
        'pole_number',
        'lamp_state',
      ]);
      expect(xml.service_definition.attributes.attribute[1]?.values?.value).toHaveLength(3);
    });

    it('answers 404 for unknown services, groups and services without a definition', async () => {
      for (const url of ['services/NOPE.json', 'services/C01.json', 'services/E0101.json']) {
        const [error] = errorsOf(await get(url), 404);
        expect(error?.description).toMatch(/service_code/);
      }
      const xml = await get('services/NOPE.xml');
      expect(xml.statusCode).toBe(404);
      expect(xmlOf(xml)).toMatchObject({
        errors: { error: [{ code: '404', description: expect.stringContaining('NOPE') }] },
      });
    });

    it('answers unknown paths and formats with an Open311 404', async () => {
      errorsOf(await get('nothing.json'), 404);
      errorsOf(await get('services.csv'), 404);
      errorsOf(await get('services/C0104.csv'), 404);
      errorsOf(await t.app.inject({ method: 'POST', url: '/open311/v2/services.json' }), 404);
      errorsOf(await t.app.inject('/open311/v2'), 404);
      const xml = await get('nothing/here.xml');
      expect(xml.statusCode).toBe(404);
      expect(xmlOf(xml)).toHaveProperty('errors');
    });
  });

  describe('posting service requests', () => {
    it('creates a case from a form with attributes, through the same intake as the API', async () => {
      const before = await t.services.stores.cases.count();
      const response = await post(
        streetLight(Object.entries(REPORTER).concat([['account_id', 'acct-7']])),
      );
      const { id, token } = await created(response);
      expect(response.json()[0].account_id).toBe('acct-7');
      expect(await t.services.stores.cases.count()).toBe(before + 1);

      const c = await staffCaseOf(id);
      expect(c).toMatchObject({
        id,
        trackingCode: token,
        channel: 'open311',
        category: 'C0104',
        status: 'submitted',
        address: 'Corner of Liu’an Road',
        department: expect.objectContaining({ code: 'street-lighting' }),
        area: expect.objectContaining({ code: DEMO_GRID_CODES.a }),
        attributes: { lamp_state: 'off', pole_number: 'LA-0042' },
        reporter: {
          anonymous: false,
          consent: true,
          name: 'Wei Li',
          email: 'li.wei@example.org',
          phone: '+86 138 0000 1111',
        },
      });

      const one = await get(`requests/${id}.json`);
      expect(one.statusCode).toBe(200);
      const [request] = one.json() as Record<string, unknown>[];
      expect(request).toMatchObject({
        service_request_id: id,
        status: 'open',
        service_code: 'C0104',
        service_name: 'Street light',
        agency_responsible: 'Street Lighting Office',
        description: 'The street light at the corner has been off for three nights.',
        address: 'Corner of Liu’an Road',
        lat: inCellA.lat,
        long: inCellA.lon,
        media_url: null,
        status_notes: expect.stringMatching(/^Received/),
      });
      expect(request?.requested_datetime).toMatch(WITH_OFFSET);
      // Open311 times are given to the second: a deadline counted from now in working hours
      // has milliseconds (outside them it falls on a whole hour, which hid this).
      expect(Date.parse(request?.expected_datetime as string)).toBe(
        Math.floor(Date.parse(c.stageDueAt as string) / 1000) * 1000,
      );
    });

    it('answers the POST in XML and takes JSON bodies too, with lists of answers', async () => {
      const xml = await post(
        [
          ['api_key', DEMO_API_KEY],
          ['service_code', 'C0501'],
          ['lat', String(inCellA.lat)],
          ['long', String(inCellA.lon)],
          ['description', 'Cracks in the wall of the old warehouse.'],
          ['attribute[danger_signs][]', 'cracks'],
          ['attribute[danger_signs][]', 'leaning'],
        ],
        'xml',
      );
      expect(xml.statusCode, xml.body).toBe(200);
      const parsed = xmlOf(xml) as {
        service_requests: {
          request: { service_request_id: string; token: string; service_notice: string }[];
        };
      };
      const [answer] = parsed.service_requests.request;
      expect(Object.keys(answer ?? {})).toEqual([
        'service_request_id',
        'token',
        'service_notice',
        'account_id',
      ]);
      expect(answer?.service_request_id).toMatch(CASE_ID);
      expect(answer?.token).toMatch(TRACKING);
      tokens.add(answer?.token as string);
      expect(answer?.service_notice).toBe('Keep away from anything that might fall or collapse.');
      const warehouse = await staffCaseOf(answer?.service_request_id as string);
      expect(warehouse.trackingCode).toBe(answer?.token);
      expect(warehouse.attributes).toEqual({ danger_signs: ['cracks', 'leaning'] });

      const json = await t.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        payload: {
          api_key: DEMO_API_KEY,
          service_code: 'E0101',
          lat: inCellA.lat,
          long: inCellA.lon,
          description: 'Bags of rubbish left beside the bus stop.',
          media_url: 'https://photos.example.org/p/123.jpg',
        },
      });
      await created(json);
      const [reply] = json.json() as { service_request_id: string; service_notice: null }[];
      expect(reply?.service_notice).toBeNull();
      const c = await staffCaseOf(reply?.service_request_id as string);
      expect(c.reporter).toEqual({
        anonymous: false,
        consent: false,
        name: null,
        phone: null,
        email: null,
      });
      expect(c.description).toBe(
        'Bags of rubbish left beside the bus stop.\n\nPhoto: https://photos.example.org/p/123.jpg',
      );
    });

    it('refuses a missing or invalid api_key with 403 and creates nothing', async () => {
      const before = await t.services.stores.cases.count();
      const without = streetLight().filter(([k]) => k !== 'api_key');
      const [missing] = errorsOf(await post(without), 403);
      expect(missing?.description).toMatch(/api_key/);
      errorsOf(await post([...without, ['api_key', 'not-a-key']]), 403);
      const xml = await post([...without, ['api_key', '']], 'xml');
      expect(xml.statusCode).toBe(403);
      expect(xmlOf(xml)).toMatchObject({ errors: { error: [{ code: '403' }] } });
      expect(await t.services.stores.cases.count()).toBe(before);
    });

    it('refuses malformed requests with 400 and creates nothing', async () => {
      const before = await t.services.stores.cases.count();
      const replace = (key: string, value: string | null) =>
        streetLight()
          .filter(([k]) => k !== key)
          .concat(value === null ? [] : [[key, value]]);
      const cases: [[string, string][], RegExp][] = [
        [replace('lat', 'abc'), /^lat/],
        [replace('lat', '95'), /^lat/],
        [replace('long', '-181'), /^long/],
        [replace('long', null), /together/],
        [replace('service_code', 'NOPE'), /service_code "NOPE" was not found/],
        [replace('service_code', 'C01'), /service_code "C01"/],
        [replace('service_code', null), /service_code is required/],
        [replace('attribute[lamp_state]', null), /attribute\[lamp_state\]: is required/],
        [replace('attribute[lamp_state]', 'exploded'), /attribute\[lamp_state\]: must be one of/],
        [[...streetLight(), ['attribute[colour]', 'red']], /attribute\[colour\]/],
        [replace('media_url', 'javascript:alert(1)'), /media_url/],
        [[...streetLight(), ['email', 'not-an-address']], /^email/],
        [[...streetLight(), ['phone', 'call me']], /^phone/],
        [[...streetLight(), ['description', 'again']], /more than once/],
        [
          streetLight().filter(([k]) => k !== 'lat' && k !== 'long'),
          /location is required.*address alone/,
        ],
      ];
      for (const [fields, message] of cases) {
        const errors = errorsOf(await post(fields), 400);
        expect(errors.map((e) => e.description).join(' | ')).toMatch(message);
      }
      // A point outside the district cannot be routed.
      const outside = errorsOf(
        await post(
          replace('lat', '10')
            .filter(([k]) => k !== 'long')
            .concat([['long', '10']]),
        ),
        400,
      );
      expect(outside[0]?.description).toMatch(/outside every area/);
      expect(await t.services.stores.cases.count()).toBe(before);
    });

    it('replays a retried POST with the same Idempotency-Key', async () => {
      const before = await t.services.stores.cases.count();
      const headers = { 'idempotency-key': 'open311-retry-0001' };
      const first = await created(await post(streetLight(), 'json', headers));
      const again = await created(await post(streetLight(), 'json', headers));
      expect(again).toEqual(first);
      expect(await t.services.stores.cases.count()).toBe(before + 1);
    });
  });

  describe('reading service requests', () => {
    it('lists requests that validate against requests.json, without reporter data', async () => {
      await created(await post(streetLight(Object.entries(REPORTER))));
      for (const url of ['requests.json', 'requests.xml', 'servicerequestupdates.json']) {
        const body = (await get(url)).body;
        expect(body).not.toMatch(
          /Wei Li|li\.wei@example\.org|138 0000 1111|first_name|email|phone/,
        );
      }
      const response = await get('requests.json');
      expect(response.statusCode).toBe(200);
      const requests = response.json() as Record<string, unknown>[];
      expectValid('requests', requests);
      expect(requests.length).toBeGreaterThanOrEqual(4);
      for (const r of requests) {
        expect(r.service_request_id).toMatch(CASE_ID);
        expect(r.requested_datetime).toMatch(WITH_OFFSET);
        expect(['open', 'closed']).toContain(r.status);
      }
      // Newest first.
      const times = requests.map((r) => Date.parse(r.requested_datetime as string));
      expect([...times].sort((a, b) => b - a)).toEqual(times);

      const xml = xmlOf(await get('requests.xml')) as {
        service_requests: { request: Record<string, string>[] };
      };
      expect(xml.service_requests.request.map((r) => r.service_request_id)).toEqual(
        requests.map((r) => r.service_request_id),
      );
      expect(xml.service_requests.request[0]).toHaveProperty('lat');
      expect(xml.service_requests.request[0]).toHaveProperty('long');
    });

    it('filters by ids (overriding other filters), service, status and window, and pages', async () => {
      const all = (await get('requests.json')).json() as Record<string, string>[];
      const first = all[0]?.service_request_id as string;
      const second = all[1]?.service_request_id as string;
      const messy = ` ${first.toUpperCase()} , ${second}`;
      const byId = (
        await get(
          `requests.json?service_request_id=${encodeURIComponent(messy)}&service_code=E0101&status=closed&start_date=2000-01-01`,
        )
      ).json() as Record<string, string>[];
      expect(byId.map((r) => r.service_request_id).sort()).toEqual([first, second].sort());

      const lights = (await get('requests.json?service_code=C0104')).json() as Record<
        string,
        string
      >[];
      expect(lights.length).toBeGreaterThan(0);
      expect(lights.every((r) => r.service_code === 'C0104')).toBe(true);
      const two = (await get('requests.json?service_code=C0104,E0101')).json() as Record<
        string,
        string
      >[];
      expect(new Set(two.map((r) => r.service_code))).toEqual(new Set(['C0104', 'E0101']));

      const open = (await get('requests.json?status=open')).json() as Record<string, string>[];
      expect(open.length).toBe(all.filter((r) => r.status === 'open').length);
      expect((await get('requests.json?status=open,closed')).json()).toHaveLength(all.length);

      // Empty parameters behave as absent.
      expect(
        (
          await get(
            'requests.json?status=&service_code=&start_date=&end_date=&page=&page_size=&service_request_id=',
          )
        ).json(),
      ).toEqual(all);

      const page1 = (await get('requests.json?page_size=1&page=1')).json() as Record<
        string,
        string
      >[];
      const page2 = (await get('requests.json?page_size=1&page=2')).json() as Record<
        string,
        string
      >[];
      expect(page1.map((r) => r.service_request_id)).toEqual([all[0]?.service_request_id]);
      expect(page2.map((r) => r.service_request_id)).toEqual([all[1]?.service_request_id]);
      expect((await get(`requests.json?page_size=2&page=${all.length}`)).json()).toEqual([]);

      const now = Date.now();
      const since = new Date(now - 3_600_000).toISOString();
      expect(
        (await get(`requests.json?start_date=${encodeURIComponent(since)}`)).json(),
      ).toHaveLength(all.length);
      const old = (await get('requests.json?start_date=2000-01-01&end_date=2000-03-01')).json();
      expect(old).toEqual([]);
      expectValid('requests', old);
      const local = formatWithOffset(new Date(now + 60_000).toISOString(), 'Asia/Shanghai');
      expect(
        (await get(`requests.json?end_date=${encodeURIComponent(local)}`)).json(),
      ).toHaveLength(all.length);
    });

    it('refuses bad filters with 400', async () => {
      const bad: [string, RegExp][] = [
        ['start_date=2026-01-01&end_date=2026-06-01', /90 days/],
        ['start_date=2026-01-01&end_date=2026-04-01', /90 days/],
        ['start_date=2026-06-01&end_date=2026-05-01', /before start_date/],
        ['start_date=yesterday', /start_date/],
        ['status=pending', /status/],
        ['service_code=NOPE', /service_code/],
        ['service_code=C01', /service_code/],
        ['page_size=1001', /page_size/],
        ['page=0', /page/],
        ['service_request_id=not-a-code', /service_request_id/],
        // A tracking code is not an id (and is not repeated back).
        ['service_request_id=K7Q2-9XM4-HT3P', /service_request_id: value 1 is not/],
      ];
      for (const [query, message] of bad) {
        const [error] = errorsOf(await get(`requests.json?${query}`), 400);
        expect(error?.description, query).toMatch(message);
      }
      // 2026-01-01 to 2026-03-31 (whole days) is exactly 90 days.
      expect(
        (await get('requests.json?start_date=2026-01-01&end_date=2026-03-31')).statusCode,
      ).toBe(200);
      const xml = await get('requests.xml?status=pending');
      expect(xml.statusCode).toBe(400);
      expect(xmlOf(xml)).toMatchObject({ errors: { error: [{ code: '400' }] } });
    });

    it('reads one request by its id, in JSON and XML', async () => {
      const { id } = await created(await post(streetLight()));
      const one = await get(`requests/${id.toUpperCase()}.json`);
      expect(one.statusCode).toBe(200);
      expectValid('requests', one.json());
      expect(one.json()).toEqual([expect.objectContaining({ service_request_id: id })]);
      const xml = xmlOf(await get(`requests/${id}.xml`)) as {
        service_requests: { request: Record<string, string>[] };
      };
      expect(xml.service_requests.request[0]?.service_request_id).toBe(id);

      // Unknown and malformed ids are not found.
      errorsOf(await get('requests/01890a5d-ac96-774b-bcce-b302099a8057.json'), 404);
      errorsOf(await get('requests/nonsense.json'), 404);
      const xmlError = await get('requests/nonsense.xml');
      expect(xmlError.statusCode).toBe(404);
      expect(xmlOf(xmlError)).toMatchObject({ errors: { error: [{ code: '404' }] } });
    });

    it('hands the token to the reporting client only, and turns it into the id', async () => {
      // POST: the reporter's client gets the id and the token (the tracking code).
      const { id, token } = await created(await post(streetLight()));
      expect(id).not.toBe(token);

      // tokens/{token}, typed in any case or spacing: the id and the token as normalised.
      const messy = token.toLowerCase().replace(/-/g, ' ');
      const byToken = await get(`tokens/${encodeURIComponent(messy)}.json`);
      expect(byToken.statusCode, byToken.body).toBe(200);
      expect(byToken.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(byToken.json()).toEqual([{ service_request_id: id, token }]);
      expect(xmlOf(await get(`tokens/${token}.xml`))).toEqual({
        service_requests: { request: [{ service_request_id: id, token }] },
      });

      // requests/{id}: the request the token names, which shows the id and never the token.
      const one = await get(`requests/${id}.json`);
      expect(one.statusCode).toBe(200);
      expectValid('requests', one.json());
      expect(one.json()).toEqual([expect.objectContaining({ service_request_id: id })]);
      expect(one.body).not.toContain(token);

      // The token is the reporter's tracking code: it opens the tracking page.
      const tracking = await t.app.inject({ method: 'GET', url: `/api/v1/track/${token}` });
      expect(tracking.statusCode, tracking.body).toBe(200);

      // Unknown or malformed tokens are not found, and are not repeated back.
      for (const unknown of ['ZZZZ-ZZZZ-ZZZZ', 'nonsense', id]) {
        const [error] = errorsOf(await get(`tokens/${encodeURIComponent(unknown)}.json`), 404);
        expect(error?.description).not.toContain(unknown);
      }
      const xmlError = await get('tokens/ZZZZ-ZZZZ-ZZZZ.xml');
      expect(xmlError.statusCode).toBe(404);
      expect(xmlOf(xmlError)).toMatchObject({ errors: { error: [{ code: '404' }] } });

      // A token is not a service_request_id.
      errorsOf(await get(`requests/${token}.json`), 404);
      errorsOf(await get(`requests.json?service_request_id=${token}`), 400);
    });

    it('shows the status only for cases about people (disputes, services, complaints)', async () => {
      const { id } = await created(
        await post([
          ['api_key', DEMO_API_KEY],
          ['service_code', 'DP01'],
          ['lat', String(inCellA.lat)],
          ['long', String(inCellA.lon)],
          ['address_string', 'Building 3, Liu’an Lane'],
          ['description', 'Our neighbours upstairs argue loudly every night.'],
        ]),
      );
      const [request] = (await get(`requests/${id}.json`)).json() as Record<string, unknown>[];
      expect(request).toMatchObject({
        service_code: 'DP01',
        status: 'open',
        description: null,
        address: null,
        lat: null,
        long: null,
        media_url: null,
        service_notice: 'If anyone is in danger, call 110 first.',
      });
      expectValid('requests', [request]);
      expect((await get('requests.json')).body).not.toMatch(/argue loudly|Building 3/);
    });

    it('links the first photo of a case as media_url', async () => {
      const png = await sharp({
        create: { width: 8, height: 8, channels: 3, background: { r: 90, g: 120, b: 150 } },
      })
        .png()
        .toBuffer();
      const form = new FormData();
      form.append('file', new Blob([png], { type: 'image/png' }), 'light.png');
      const encoded = new Response(form);
      const upload = await t.app.inject({
        method: 'POST',
        url: '/api/v1/attachments',
        headers: { 'content-type': encoded.headers.get('content-type') ?? '' },
        payload: Buffer.from(await encoded.arrayBuffer()),
      });
      expect(upload.statusCode, upload.body).toBe(201);
      const attachmentId = upload.json().id as string;
      const report = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        payload: {
          category: 'E0101',
          description: 'Rubbish piled up by the gate, photo attached.',
          lat: inCellA.lat,
          lon: inCellA.lon,
          attachments: [attachmentId],
        },
      });
      expect(report.statusCode, report.body).toBe(201);
      const { id, trackingCode } = report.json() as { id: string; trackingCode: string };
      tokens.add(trackingCode);
      const [request] = (await get(`requests/${id}.json`)).json() as Record<string, unknown>[];
      expect(request?.service_request_id).toBe(id);
      expect(request?.media_url).toBe(`http://localhost:80/api/v1/attachments/${attachmentId}`);
      expectValid('requests', [request]);
    });
  });

  describe('following status changes', () => {
    it('shows each public step as an update and closed cases with their answer', async () => {
      const { id } = await created(await post(streetLight()));
      const c = await staffCaseOf(id);
      const start = new Date(Date.now() - 60_000).toISOString();

      let v = (
        await act(dispatcher, c.id, {
          action: 'register',
          version: c.version,
          note: 'INTERNAL: checked on the map',
        })
      ).version;
      v = (
        await act(dispatcher, c.id, {
          action: 'comment',
          version: v,
          text: 'INTERNAL: the pole belongs to the power company',
        })
      ).version;
      v = (
        await act(dispatcher, c.id, {
          action: 'comment',
          version: v,
          text: 'A crew is booked for Thursday night.',
          public: true,
        })
      ).version;

      const updates = async (query = `start_date=${encodeURIComponent(start)}`) => {
        const response = await get(`servicerequestupdates.json?${query}`);
        expect(response.statusCode, response.body).toBe(200);
        return (response.json() as Record<string, string | null>[]).filter(
          (u) => u.service_request_id === id,
        );
      };
      let mine = await updates();
      expect(mine.map((u) => [u.status, u.description])).toEqual([
        ['open', 'Reported.'],
        ['open', 'Registered; waiting to be dispatched to the responsible department.'],
        ['open', 'A crew is booked for Thursday night.'],
      ]);
      for (const u of mine) {
        expect(Object.keys(u).sort()).toEqual(
          [
            'description',
            'media_url',
            'service_request_id',
            'status',
            'update_id',
            'updated_datetime',
          ].sort(),
        );
        expect(u.updated_datetime).toMatch(WITH_OFFSET);
      }
      const ids = mine.map((u) => u.update_id as string);
      expect([...ids].sort()).toEqual(ids);

      const handlerId = (
        await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: handler } })
      ).json().user.id as string;
      v = (
        await act(dispatcher, c.id, {
          action: 'dispatch',
          version: v,
          department: 'street-lighting',
          handler: handlerId,
        })
      ).version;
      v = (await act(handler, c.id, { action: 'accept', version: v })).version;
      v = (
        await act(handler, c.id, { action: 'resolve', version: v, report: 'Replaced the lamp.' })
      ).version;
      v = (await act(gridWorkerA, c.id, { action: 'verify', version: v, ok: true })).version;
      await act(dispatcher, c.id, {
        action: 'close',
        version: v,
        answer: 'The lamp was replaced on Thursday night. Thank you for reporting it.',
      });

      mine = await updates();
      expect(mine.at(-1)).toMatchObject({
        status: 'closed',
        description: 'The lamp was replaced on Thursday night. Thank you for reporting it.',
      });
      expect(mine.map((u) => u.status)).toEqual([
        'open',
        'open',
        'open',
        'open',
        'open',
        'open',
        'open',
        'closed',
      ]);
      const all = await get(`servicerequestupdates.json?start_date=${encodeURIComponent(start)}`);
      expect(all.body).not.toMatch(/INTERNAL|Replaced the lamp/);

      const [request] = (await get(`requests/${id}.json`)).json() as Record<string, unknown>[];
      expect(request).toMatchObject({
        status: 'closed',
        status_notes: 'The lamp was replaced on Thursday night. Thank you for reporting it.',
        expected_datetime: null,
      });
      expectValid('requests', [request]);
      expect((await get('requests.json?status=closed')).json()).toEqual(
        expect.arrayContaining([expect.objectContaining({ service_request_id: id })]),
      );

      const xml = xmlOf(
        await get(`servicerequestupdates.xml?start_date=${encodeURIComponent(start)}`),
      ) as { service_request_updates: { request_update: Record<string, string>[] } };
      expect(
        xml.service_request_updates.request_update.filter((u) => u.service_request_id === id),
      ).toHaveLength(8);

      // Paging and the window apply as for requests.
      const paged = (
        await get(
          `servicerequestupdates.json?start_date=${encodeURIComponent(start)}&page_size=2&page=1`,
        )
      ).json();
      expect(paged).toHaveLength(2);
      errorsOf(
        await get('servicerequestupdates.json?start_date=2026-01-01&end_date=2026-12-01'),
        400,
      );
      expect((await get('servicerequestupdates.json?start_date=2000-01-01')).json()).toEqual([]);
    });

    it('closes a rejected request with the reason as its status notes', async () => {
      const { id } = await created(await post(streetLight()));
      const c = await staffCaseOf(id);
      await act(dispatcher, c.id, {
        action: 'reject',
        version: c.version,
        reason: 'This light is on private land; the estate office maintains it.',
      });
      const [request] = (await get(`requests/${id}.json`)).json() as Record<string, unknown>[];
      expect(request).toMatchObject({
        status: 'closed',
        status_notes: 'This light is on private land; the estate office maintains it.',
      });
      expect(request?.updated_datetime).toMatch(WITH_OFFSET);
      const updates = (await get('servicerequestupdates.json')).json() as Record<string, string>[];
      expect(updates.filter((u) => u.service_request_id === id).at(-1)).toMatchObject({
        status: 'closed',
        description: 'Not accepted. This light is on private land; the estate office maintains it.',
      });
    });
  });

  describe('keeping tracking codes private', () => {
    it('names the original of a rejected duplicate by its id', async () => {
      const original = await created(await post(streetLight()));
      const copy = await created(await post(streetLight()));
      const c = await staffCaseOf(copy.id);
      await act(dispatcher, c.id, {
        action: 'reject',
        version: c.version,
        reason: 'Already reported.',
        duplicateOf: original.id,
      });
      const response = await get(`requests/${copy.id}.json`);
      const [request] = response.json() as Record<string, unknown>[];
      expect(request).toMatchObject({
        service_request_id: copy.id,
        status: 'closed',
        status_notes: `Already reported. (duplicate of ${original.id})`,
      });
      expectValid('requests', [request]);
      const [zh] = (await get(`requests/${copy.id}.json?locale=zh-CN`)).json() as Record<
        string,
        unknown
      >[];
      expect(zh?.status_notes).toBe(`Already reported.（与 ${original.id} 重复）`);
      for (const body of [response.body, JSON.stringify(zh)]) {
        expect(body).not.toContain(original.token);
        expect(body).not.toContain(copy.token);
      }
    });

    it('shows no tracking code in any public answer, in JSON or XML', async () => {
      // Cases of every kind: open, commented, closed, rejected, about people.
      const open = await created(await post(streetLight()));
      const commented = await created(await post(streetLight()));
      const people = await created(
        await post([
          ['api_key', DEMO_API_KEY],
          ['service_code', 'DP01'],
          ['lat', String(inCellA.lat)],
          ['long', String(inCellA.lon)],
          ['description', 'A dispute over a parking space.'],
        ]),
      );
      const c = await staffCaseOf(commented.id);
      await act(dispatcher, c.id, {
        action: 'comment',
        version: c.version,
        text: 'Seen; a crew will look at it.',
        public: true,
      });
      const created311 = [open, commented, people];

      // Every tracking code there is, not only those handed out here.
      const rows = await t.services.db.kysely.selectFrom('cases').select('tracking_code').execute();
      const codes = rows.map((r) => r.tracking_code);
      for (const token of tokens) expect(codes).toContain(token);
      expect(tokens.size).toBeGreaterThanOrEqual(created311.length);
      const forms = codes.flatMap((code) => [code, code.replace(/-/g, '')]);

      const ids = created311.map((r) => r.id).join(',');
      const urls = [
        'discovery.json',
        'discovery.xml',
        'services.json',
        'services.xml',
        'services/C0104.json',
        'requests.json',
        'requests.xml',
        'requests.json?status=closed',
        'requests.xml?status=closed',
        'requests.json?locale=zh-CN',
        `requests.json?service_request_id=${ids}`,
        `requests.xml?service_request_id=${ids}`,
        ...created311.flatMap((r) => [`requests/${r.id}.json`, `requests/${r.id}.xml`]),
        'servicerequestupdates.json',
        'servicerequestupdates.xml',
        'servicerequestupdates.json?locale=zh-CN',
        // Errors, including those about a tracking code sent where an id belongs.
        `requests/${open.token}.json`,
        `requests/${open.token}.xml`,
        `requests/${open.token}`,
        `requests.json?service_request_id=${open.token}`,
        `requests.xml?service_request_id=${open.id},${open.token}`,
        'tokens/ZZZZ-ZZZZ-ZZZZ.json',
        `tokens/${open.token}`,
      ];
      let requests = 0;
      let updates = 0;
      for (const url of urls) {
        const response = await get(url);
        expect(response.statusCode, url).toBeLessThan(500);
        if (url.startsWith('requests.json') && response.statusCode === 200)
          requests += (response.json() as unknown[]).length;
        if (url === 'servicerequestupdates.json') updates = (response.json() as unknown[]).length;
        const leaked = forms.filter((form) => response.body.includes(form));
        expect(leaked, `${url}: ${response.body.slice(0, 300)}`).toEqual([]);
      }
      // The lists did hold the cases and their updates.
      expect(requests).toBeGreaterThanOrEqual(codes.length);
      expect(updates).toBeGreaterThanOrEqual(codes.length);
      const listed = (await get('requests.json')).json() as { service_request_id: string }[];
      for (const r of created311) expect(listed.map((l) => l.service_request_id)).toContain(r.id);
    });
  });

  describe('one jurisdiction', () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      const config = {
        logLevel: 'silent',
        bodyLimitBytes: 1024 * 1024,
        cookieSecure: false,
        trustProxy: false,
        uploadLimitBytes: 2 * 1024 * 1024,
        open311JurisdictionId: 'mingchuan.example.org',
      } as AppOptions['config'];
      app = await buildApp({ config, services: t.services, logger: false });
      await app.ready();
    });
    afterAll(() => app.close());

    it('checks jurisdiction_id when one is configured and ignores it otherwise', async () => {
      const ok = await app.inject(
        '/open311/v2/services.json?jurisdiction_id=mingchuan.example.org',
      );
      expect(ok.statusCode).toBe(200);
      expect((await app.inject('/open311/v2/services.json')).statusCode).toBe(200);
      const [wrong] = errorsOf(
        await app.inject('/open311/v2/services.json?jurisdiction_id=elsewhere.example'),
        404,
      );
      expect(wrong?.description).toMatch(/jurisdiction_id "elsewhere.example"/);
      errorsOf(
        await app.inject('/open311/v2/requests.json?jurisdiction_id=elsewhere.example'),
        404,
      );

      const before = await t.services.stores.cases.count();
      const refused = await app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams([
          ...streetLight(),
          ['jurisdiction_id', 'elsewhere.example'],
        ]).toString(),
      });
      errorsOf(refused, 404);
      expect(await t.services.stores.cases.count()).toBe(before);
      const accepted = await app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams([
          ...streetLight(),
          ['jurisdiction_id', 'mingchuan.example.org'],
        ]).toString(),
      });
      expect(accepted.statusCode, accepted.body).toBe(200);

      // Without configuration any jurisdiction_id is accepted and ignored.
      expect((await get('services.json?jurisdiction_id=elsewhere.example')).statusCode).toBe(200);
    });
  });
});
