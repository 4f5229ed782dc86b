/**
 * The API fuzzer's parts (tests/api/fuzz.test.ts): requests generated from JSON schemas
 * (valid-ish, so they reach the handlers), mutations that make them malformed, how a
 * request is sent, what every answer must look like, and a fingerprint of the whole
 * stored state (SQLite or PostgreSQL tables and attachment files) to prove a refusal
 * changed nothing.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';

// ---------------------------------------------------------------------------------------
// Route descriptions
// ---------------------------------------------------------------------------------------

/** The subset of JSON Schema (as TypeBox writes it into the OpenAPI document) used here. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  maxProperties?: number;
  nullable?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
}

/** One parameter of a route, as OpenAPI describes it. */
export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

/** A body a route takes: JSON by schema, or a generator of its own (multipart, forms). */
export type BodySpec =
  { kind: 'json'; schema: JsonSchema } | { kind: 'custom'; arbitrary: fc.Arbitrary<Body> };

/** One route to fuzz. `path` is Fastify's pattern (`/cases/:id`). */
export interface RouteSpec {
  method: string;
  path: string;
  params: Param[];
  body?: BodySpec;
  /** Errors are Open311's `[{code, description}]` (or XML), not problem+json. */
  open311?: boolean;
  /** Share of the run's requests this route gets (catch-alls need fewer); default 1. */
  share?: number;
}

/** The OpenAPI operations of a document as route specs (Fastify-style paths). */
export function routesOfOpenApi(document: {
  paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: unknown }>>;
}): RouteSpec[] {
  const routes: RouteSpec[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const content = (
        operation.requestBody as { content?: Record<string, { schema: JsonSchema }> }
      )?.content;
      const json = content?.['application/json'];
      routes.push({
        method: method.toUpperCase(),
        path: path.replace(/\{([^}]+)\}/g, ':$1'),
        params: (operation.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required,
          schema: p.schema,
        })),
        ...(json ? { body: { kind: 'json' as const, schema: json.schema } } : {}),
      });
    }
  }
  return routes;
}

// ---------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------

/** A request body as generated, before it is encoded. */
export type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; payload: string | Buffer; contentType: string | null };

/** A generated request; `fresh` asks the sender to fill in the current case version. */
export interface Draft {
  method: string;
  pathParams: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  body: Body;
  fresh: boolean;
}

/** Values the generators draw from; the arrays grow as the run creates things. */
export type Pools = Record<string, string[]>;

/** Picks from a pool by index at generation time, so values added later are drawn too. */
export function fromPool(pools: Pools, name: string): fc.Arbitrary<string> {
  return fc.nat().map((i) => {
    const pool = pools[name] ?? [];
    return pool.length === 0 ? `no-${name}` : (pool[i % pool.length] as string);
  });
}

/**
 * Real values for a parameter or field, by its name and place (and, for objects and
 * arrays, its JSON type); undefined leaves the value to its schema.
 */
export type Hint = (
  name: string,
  where: Param['in'] | 'body',
  type?: 'object' | 'array',
) => fc.Arbitrary<unknown> | undefined;

function typeOf(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

const PRINTABLE = fc.string({ unit: 'grapheme-ascii', maxLength: 20 });

function stringArb(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
  if (schema.format === 'date-time')
    return fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (schema.pattern) {
    const limit = schema.maxLength ?? 200;
    return fc.stringMatching(new RegExp(schema.pattern)).map((s) => s.slice(0, limit));
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength, maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }) },
  );
}

/**
 * Valid-ish values of a schema: the right types and ranges, with names the `hint` knows
 * (ids, codes, points) usually drawn from real data so that handlers are reached.
 */
export function valueOf(
  schema: JsonSchema,
  name: string,
  hint: Hint,
  where: Param['in'] | 'body',
  resolve: (ref: string) => JsonSchema,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (schema.$ref) return valueOf(resolve(schema.$ref), name, hint, where, resolve, depth);
  let arb: fc.Arbitrary<unknown>;
  const variants = schema.anyOf ?? schema.oneOf;
  const type = typeOf(schema);
  const structured = type === 'object' || type === 'array' ? hint(name, where, type) : undefined;
  const hinted = type === 'object' || type === 'array' ? undefined : hint(name, where);
  if (structured) {
    arb = fc.oneof(
      { weight: 3, arbitrary: structured },
      { weight: 1, arbitrary: valueOf({ ...schema }, `${name} `, hint, where, resolve, depth) },
    );
  } else if (variants) {
    arb = fc.oneof(...variants.map((s) => valueOf(s, name, hint, where, resolve, depth + 1)));
  } else if (schema.enum) {
    arb = fc.constantFrom(...schema.enum);
  } else if (schema.const !== undefined) {
    arb = fc.constant(schema.const);
  } else if (type === 'string') {
    arb = hinted
      ? fc.oneof({ weight: 5, arbitrary: hinted }, { weight: 1, arbitrary: stringArb(schema) })
      : stringArb(schema);
  } else if (type === 'integer') {
    const min = schema.minimum ?? -1000;
    arb = hinted ?? fc.integer({ min, max: schema.maximum ?? min + 1000 });
  } else if (type === 'number') {
    const min = schema.minimum ?? -1e6;
    arb =
      hinted ??
      fc.double({ min, max: schema.maximum ?? min + 2e6, noNaN: true, noDefaultInfinity: true });
  } else if (type === 'boolean') {
    arb = fc.boolean();
  } else if (type === 'array') {
    const item = valueOf(schema.items ?? {}, name, hint, where, resolve, depth + 1);
    const constraints = {
      minLength: schema.minItems ?? 0,
      maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)),
    };
    arb = schema.uniqueItems
      ? fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) })
      : fc.array(item, constraints);
  } else if (type === 'object' && schema.properties && depth < 6) {
    const model = Object.fromEntries(
      Object.entries(schema.properties).map(([key, s]) => [
        key,
        valueOf(s, key, hint, where, resolve, depth + 1),
      ]),
    );
    // Each optional field is present one time in three: a valid-ish request with all of
    // them would nearly always trip over one.
    const required = new Set(schema.required ?? []);
    const entries = Object.entries(model).map(([key, value]) =>
      required.has(key)
        ? value.map((v) => [key, v] as const)
        : fc.oneof(
            { weight: 2, arbitrary: fc.constant(null) },
            { weight: 1, arbitrary: value.map((v) => [key, v] as const) },
          ),
    );
    arb = fc
      .tuple(...entries)
      .map((pairs) =>
        Object.fromEntries(pairs.filter((p): p is readonly [string, unknown] => p !== null)),
      );
  } else if (type === 'object') {
    arb = fc.dictionary(PRINTABLE, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
  } else {
    arb = hinted ?? fc.jsonValue({ maxDepth: 2 });
  }
  return schema.nullable ? fc.option(arb, { nil: null, freq: 6 }) : arb;
}

function queryText(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(queryText);
  if (value === null || value === undefined) return [];
  return [typeof value === 'string' ? value : JSON.stringify(value)];
}

/** Valid-ish requests of a route: parameters and body from their schemas. */
export function validishOf(
  route: RouteSpec,
  hint: Hint,
  resolve: (ref: string) => JsonSchema,
): fc.Arbitrary<Draft> {
  const param = (p: Param) => valueOf(p.schema, p.name, hint, p.in, resolve);
  const pathParams = route.params.filter((p) => p.in === 'path');
  const optional = (p: Param) =>
    p.required ? param(p) : fc.option(param(p), { nil: undefined, freq: 2 });
  const body: fc.Arbitrary<Body> =
    route.body?.kind === 'custom'
      ? route.body.arbitrary
      : route.body?.kind === 'json'
        ? valueOf(route.body.schema, '', hint, 'body', resolve).map((value) => ({
            kind: 'json' as const,
            value,
          }))
        : fc.constant({ kind: 'none' as const });
  return fc
    .record({
      path: fc.tuple(...pathParams.map(param)),
      query: fc.tuple(...route.params.filter((p) => p.in === 'query').map(optional)),
      headers: fc.tuple(...route.params.filter((p) => p.in === 'header').map(optional)),
      body,
      fresh: fc.oneof(
        { weight: 4, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
    })
    .map(({ path, query, headers, body: b, fresh }) => {
      const queryParams = route.params.filter((p) => p.in === 'query');
      const headerParams = route.params.filter((p) => p.in === 'header');
      return {
        method: route.method,
        pathParams: Object.fromEntries(
          pathParams.map((p, i) => [p.name, encodeURIComponent(String(path[i]))]),
        ),
        query: queryParams.flatMap((p, i) =>
          queryText(query[i]).map((v) => [p.name, v] as [string, string]),
        ),
        headers: Object.fromEntries(
          headerParams.flatMap((p, i) =>
            headers[i] === undefined ? [] : [[p.name, String(headers[i])]],
          ),
        ),
        body: b,
        fresh,
      };
    });
}

// ---------------------------------------------------------------------------------------
// Malformed requests
// ---------------------------------------------------------------------------------------

/** One way of breaking a request, as data (so fast-check can shrink and print it). */
export type Mutation =
  | { kind: 'body-value'; at: number; value: unknown }
  | { kind: 'body-drop'; at: number }
  | { kind: 'body-extra'; at: number; key: string; value: unknown }
  | { kind: 'body-whole'; value: unknown }
  | { kind: 'body-raw'; payload: string; contentType: string | null }
  | { kind: 'body-truncate'; at: number }
  | { kind: 'content-type'; value: string | null }
  | { kind: 'path-param'; at: number; raw: string }
  | { kind: 'query-value'; at: number; value: string }
  | { kind: 'query-extra'; key: string; value: string }
  | { kind: 'query-repeat'; at: number; value: string }
  | { kind: 'header'; name: string; value: string }
  | { kind: 'method'; value: string };

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'nul\u0000inside',
  '\ud800',
  'lone \udfff surrogate',
  '\u202etxt.exe',
  '\ufeffbom',
  'zero\u200bwidth',
  '𝕏🏳️‍🌈👨‍👩‍👧',
  '零件😀',
  "' OR 1=1 --",
  '"; drop table cases; --',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '${jndi:ldap://x}',
  '%s%n%x',
  'null',
  '__proto__',
  'constructor',
  'NaN',
  '-1',
  '1e999',
  '9'.repeat(400),
  '\r\n\r\nX-Injected: 1',
];

const NASTY_NUMBERS = [
  -1,
  0,
  -0,
  0.5,
  -0.000001,
  1e308,
  -1e308,
  2 ** 53 + 1,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_VALUE,
  2 ** 31,
  -(2 ** 31) - 1,
];

/** Wrong-typed and hostile JSON values. */
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.constantFrom(...NASTY_NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [null], { '': '' }, [[[[[]]]]], { $gt: '' }),
  fc.constantFrom(100_000, 1_100_000).map((n) => 'x'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const RAW_BODIES = [
  '',
  '{',
  '}',
  '[',
  'null',
  '[]',
  '"text"',
  '0',
  '-',
  '{"a":}',
  '{"a":1,}',
  "{'single':'quotes'}",
  '{"lat":1e999,"lon":-1e999}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '\u0000',
  '\ufeff{}',
  '['.repeat(5000) + ']'.repeat(5000),
  '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
  'login=admin&password=x',
  '<?xml version="1.0"?><a/>',
  '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc\r\n--x--',
];

const CONTENT_TYPES = [
  null,
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary=nothing-here',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/JSON',
  'application/json, text/plain',
  'application/vnd.api+json',
  'application/octet-stream',
  ';;;',
  'x'.repeat(300),
];

const RAW_PATH_PARAMS = [
  '',
  '.',
  '..',
  '%2e%2e',
  '%00',
  '%',
  '%ZZ',
  '%E0%A4%A',
  '%ED%A0%80',
  '%FF%FE',
  '%F0%9F%98%80',
  '%2F',
  'a%2Fb',
  '%20',
  'x'.repeat(3000),
  '-1',
  '0',
  '1e999',
  'null',
  'undefined',
  '__proto__',
  "'%20OR%201=1--",
  '00000000-0000-0000-0000-000000000000',
  '0196ffff-ffff-7fff-bfff-ffffffffffff',
  '%E9%9B%B6',
  'a.json',
  'a.xml',
  '.json',
];

const RAW_QUERY_VALUES = [
  '',
  '-1',
  '0',
  '1e999',
  '-1e999',
  'NaN',
  'Infinity',
  '9'.repeat(30),
  '1.5',
  'true',
  'maybe',
  '[]',
  '{}',
  '%',
  '\u0000',
  '\ud800',
  '零',
  '!!',
  'eyJ0IjoiYSJ9',
  Buffer.from('{"createdAt":"9999-99-99","id":"\u0000"}').toString('base64url'),
  Buffer.from('["x",1,null]').toString('base64url'),
  Buffer.from('{"t":"2026-01-01T00:00:00.000Z","id":"\'"}').toString('base64'),
  '2026-02-30',
  '0000-00-00',
  '2026-13-01T25:61:00Z',
  '99999-01-01',
  '-000001-01-01',
  '2026-11-29T08:00:00+25:00',
  'x'.repeat(5000),
];

const HEADER_VALUES: Record<string, string[]> = {
  authorization: [
    'Bearer',
    'Bearer ',
    'Bearer a b',
    'Basic YWRtaW46ZGVtby1wYXNzd29yZA==',
    'Token abc',
    '',
    `Bearer ${'x'.repeat(5000)}`,
    'Bearer \u00ff\u00fe',
    'Bearer demo-open311-key ',
    'bearer DEMO-OPEN311-KEY',
  ],
  cookie: [
    'civicgrid_session=',
    'civicgrid_session=garbage',
    'civicgrid_session=%ZZ',
    'civicgrid_session="quoted"',
    'civicgrid_session=a; civicgrid_session=b',
    ';;;',
    '=',
    `civicgrid_session=${'y'.repeat(8000)}`,
    'civicgrid_session=\u00e9\u00e8',
  ],
  'idempotency-key': [
    '',
    'short',
    'k'.repeat(101),
    'k'.repeat(5000),
    '        ',
    '\u00e9'.repeat(10),
  ],
  'if-match': ['*', 'W/"1"', '"999999"', 'garbage', '""', '"1", "2"'],
  'if-none-match': ['*', '"x"', 'W/', ''],
  'accept-language': ['zz', '*', 'zh-CN;q=abc', 'en-US,zh;q=0.5', 'x'.repeat(2000), ';;;,,,'],
  accept: ['application/xml', 'text/html', '*/*;q=abc', '', 'application/problem+json'],
  'x-forwarded-for': ['garbage', '::1', '1.2.3.4, 5.6.7.8'],
  'content-encoding': ['gzip', 'br', 'identity', 'x'],
};

const HEADER_TEXT = fc.string({ unit: 'grapheme-ascii', maxLength: 120 });

/** Malformed mutations of any request. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('body-value' as const), at: fc.nat(), value: nastyValue }),
  fc.record({ kind: fc.constant('body-drop' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('body-extra' as const),
    at: fc.nat(),
    key: fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'version'),
      PRINTABLE,
    ),
    value: nastyValue,
  }),
  fc.record({ kind: fc.constant('body-whole' as const), value: nastyValue }),
  fc.record({
    kind: fc.constant('body-raw' as const),
    payload: fc.oneof(fc.constantFrom(...RAW_BODIES), fc.string({ unit: 'binary', maxLength: 50 })),
    contentType: fc.constantFrom('application/json', ...CONTENT_TYPES),
  }),
  fc.record({ kind: fc.constant('body-truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('content-type' as const),
    value: fc.constantFrom(...CONTENT_TYPES),
  }),
  fc.record({
    kind: fc.constant('path-param' as const),
    at: fc.nat(),
    raw: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...RAW_PATH_PARAMS) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme' }).map(encodeURIComponent) },
    ),
  }),
  fc.record({
    kind: fc.constant('query-value' as const),
    at: fc.nat(),
    value: fc.oneof(fc.constantFrom(...RAW_QUERY_VALUES), fc.string({ unit: 'grapheme' })),
  }),
  fc.record({
    kind: fc.constant('query-extra' as const),
    key: fc.oneof(
      fc.constantFrom(
        '__proto__',
        'constructor',
        'limit[]',
        'a[b][c]',
        'cursor',
        'page',
        'api_key',
      ),
      PRINTABLE,
    ),
    value: fc.constantFrom(...RAW_QUERY_VALUES),
  }),
  fc.record({
    kind: fc.constant('query-repeat' as const),
    at: fc.nat(),
    value: fc.constantFrom(...RAW_QUERY_VALUES),
  }),
  fc.constantFrom(...Object.keys(HEADER_VALUES)).chain((name) =>
    fc.record({
      kind: fc.constant('header' as const),
      name: fc.constant(name),
      value: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...(HEADER_VALUES[name] as string[])) },
        { weight: 1, arbitrary: HEADER_TEXT },
      ),
    }),
  ),
  fc.record({
    kind: fc.constant('method' as const),
    value: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
  }),
);

type Path = (string | number)[];

/** Paths to every value inside a JSON value (the root first), at most `depth` deep. */
function pathsOf(value: unknown, depth = 3, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (depth === 0 || value === null || typeof value !== 'object') return paths;
  for (const [key, child] of Object.entries(value))
    paths.push(...pathsOf(child, depth - 1, [...prefix, Array.isArray(value) ? Number(key) : key]));
  return paths;
}

function cloneJson(value: unknown): unknown {
  return value === undefined ? undefined : structuredClone(value);
}

/** The container and key of a path inside `root` (null for the root itself). */
function parentOf(
  root: unknown,
  path: Path,
): { parent: Record<string | number, unknown>; key: string | number } | null {
  if (path.length === 0) return null;
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return { parent: node, key: path[path.length - 1] as string | number };
}

/** Applies a mutation to a draft, returning a new draft. */
export function mutate(draft: Draft, mutation: Mutation): Draft {
  const next: Draft = {
    ...draft,
    pathParams: { ...draft.pathParams },
    query: draft.query.map(([k, v]) => [k, v] as [string, string]),
    headers: { ...draft.headers },
    body:
      draft.body.kind === 'json'
        ? { kind: 'json', value: cloneJson(draft.body.value) }
        : draft.body,
  };
  const json = next.body.kind === 'json' ? next.body : null;
  switch (mutation.kind) {
    case 'body-value':
    case 'body-drop':
    case 'body-extra': {
      if (!json) {
        next.body = { kind: 'json', value: mutation.kind === 'body-drop' ? {} : { x: 'y' } };
        break;
      }
      const paths = pathsOf(json.value);
      const path = paths[mutation.at % paths.length] as Path;
      const place = parentOf(json.value, path);
      if (mutation.kind === 'body-value') {
        if (place) place.parent[place.key] = mutation.value;
        else json.value = mutation.value;
      } else if (mutation.kind === 'body-drop') {
        if (!place) json.value = undefined;
        else if (Array.isArray(place.parent)) place.parent.splice(Number(place.key), 1);
        else delete place.parent[place.key];
      } else {
        const target = place ? place.parent[place.key] : json.value;
        if (target && typeof target === 'object' && !Array.isArray(target))
          Object.defineProperty(target, mutation.key, {
            value: mutation.value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else if (Array.isArray(target)) target.push(mutation.value);
        else if (place) place.parent[place.key] = { [mutation.key]: mutation.value };
      }
      break;
    }
    case 'body-whole':
      next.body = { kind: 'json', value: mutation.value };
      break;
    case 'body-raw':
      next.body = { kind: 'raw', payload: mutation.payload, contentType: mutation.contentType };
      break;
    case 'body-truncate': {
      const text = encodeBody(draft.body).payload;
      const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text ?? '');
      next.body = {
        kind: 'raw',
        payload: bytes.subarray(0, bytes.length === 0 ? 0 : mutation.at % bytes.length),
        contentType: encodeBody(draft.body).contentType ?? 'application/json',
      };
      break;
    }
    case 'content-type': {
      const encoded = encodeBody(draft.body);
      next.body = { kind: 'raw', payload: encoded.payload ?? '{}', contentType: mutation.value };
      break;
    }
    case 'path-param': {
      const names = Object.keys(next.pathParams);
      const name = names[mutation.at % Math.max(names.length, 1)];
      if (name !== undefined) next.pathParams[name] = mutation.raw;
      else next.query.push(['id', mutation.raw]);
      break;
    }
    case 'query-value': {
      const entry = next.query[mutation.at % Math.max(next.query.length, 1)];
      if (entry) entry[1] = mutation.value;
      else next.query.push(['limit', mutation.value]);
      break;
    }
    case 'query-extra':
      next.query.push([mutation.key, mutation.value]);
      break;
    case 'query-repeat': {
      const entry = next.query[mutation.at % Math.max(next.query.length, 1)];
      next.query.push([entry?.[0] ?? 'limit', mutation.value]);
      break;
    }
    case 'header':
      next.headers[mutation.name] = mutation.value;
      break;
    case 'method':
      next.method = mutation.value;
      break;
  }
  return next;
}

/** Valid-ish or, more often, malformed requests of a route. */
export function requestsOf(
  route: RouteSpec,
  hint: Hint,
  resolve: (ref: string) => JsonSchema,
): fc.Arbitrary<{ draft: Draft; mutations: Mutation[] }> {
  const base = validishOf(route, hint, resolve);
  return fc.oneof(
    { weight: 1, arbitrary: base.map((draft) => ({ draft, mutations: [] as Mutation[] })) },
    {
      weight: 1,
      arbitrary: fc.record({
        draft: base,
        mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
      }),
    },
  );
}

// ---------------------------------------------------------------------------------------
// Sending and checking
// ---------------------------------------------------------------------------------------

function encodeBody(body: Body): {
  payload: string | Buffer | undefined;
  contentType: string | null;
} {
  if (body.kind === 'none') return { payload: undefined, contentType: null };
  if (body.kind === 'raw') return { payload: body.payload, contentType: body.contentType };
  const text = body.value === undefined ? '' : JSON.stringify(body.value);
  return { payload: text, contentType: 'application/json' };
}

/** The URL of a draft on a route pattern, with its raw (possibly broken) path segments. */
export function urlOf(route: RouteSpec, draft: Draft): string {
  let path = route.path.replace(
    /:([A-Za-z_]+)/g,
    (_m, name: string) => draft.pathParams[name] ?? '',
  );
  if (path.endsWith('/*')) path = `${path.slice(0, -1)}${draft.pathParams['*'] ?? ''}`;
  if (draft.query.length === 0) return path;
  return `${path}?${new URLSearchParams(draft.query).toString()}`;
}

/** The inject options of a draft, with a principal's credentials under the draft's headers. */
export function injectOf(
  route: RouteSpec,
  draft: Draft,
  credentials: Record<string, string>,
  remoteAddress: string,
): InjectOptions {
  const { payload, contentType } = encodeBody(draft.body);
  const headers: Record<string, string> = { ...credentials, ...draft.headers };
  if (contentType !== null) headers['content-type'] = contentType;
  return {
    method: draft.method as InjectOptions['method'],
    url: urlOf(route, draft),
    headers,
    ...(payload !== undefined ? { payload } : {}),
    remoteAddress,
  };
}

/** A short description of a request for failure reports. */
export function describeRequest(options: InjectOptions): string {
  const payload = options.payload;
  const text = Buffer.isBuffer(payload)
    ? payload.toString('latin1')
    : typeof payload === 'object'
      ? JSON.stringify(payload)
      : String(payload ?? '');
  const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s);
  return `${String(options.method)} ${clip(String(options.url))} headers=${clip(JSON.stringify(options.headers ?? {}))} body=${JSON.stringify(clip(text))}`;
}

/**
 * What is wrong with an answer's shape: a 5xx, or a 4xx that is not problem+json (Open311:
 * not its `[{code, description}]` list or `<errors>` XML). Empty when fine.
 */
export function shapeProblems(
  route: RouteSpec,
  method: string,
  url: string,
  response: LightMyRequestResponse,
): string[] {
  const status = response.statusCode;
  if (status >= 500) return [`${status}: ${response.body.slice(0, 300)}`];
  if (status < 400) return [];
  const type = String(response.headers['content-type'] ?? '');
  if (method === 'HEAD') return [];
  // The path as the server saw it: `/open311/v2/..` is `/open311/`, not Open311's.
  let path: string;
  try {
    path = new URL(url, 'http://fuzz').pathname;
  } catch {
    path = url.split('?')[0] ?? '';
  }
  if (route.open311 && path.startsWith('/open311/v2')) {
    if (path.toLowerCase().endsWith('.xml'))
      return type.startsWith('text/xml') && response.body.includes('<errors>')
        ? []
        : [`${status} is not an Open311 XML error: ${type} ${response.body.slice(0, 200)}`];
    try {
      const entries = JSON.parse(response.body) as { code: unknown; description: unknown }[];
      const ok =
        type.startsWith('application/json') &&
        Array.isArray(entries) &&
        entries.length > 0 &&
        entries.every((e) => e.code === status && typeof e.description === 'string');
      return ok
        ? []
        : [`${status} is not an Open311 error list: ${type} ${response.body.slice(0, 200)}`];
    } catch {
      return [`${status} is not JSON: ${type} ${response.body.slice(0, 200)}`];
    }
  }
  if (!type.startsWith('application/problem+json'))
    return [`${status} is not problem+json: ${type} ${response.body.slice(0, 200)}`];
  try {
    const problem = JSON.parse(response.body) as Record<string, unknown>;
    const ok =
      problem.status === status &&
      typeof problem.type === 'string' &&
      typeof problem.title === 'string' &&
      typeof problem.code === 'string';
    return ok
      ? []
      : [`${status} problem lacks type/title/status/code: ${response.body.slice(0, 200)}`];
  } catch {
    return [`${status} problem+json does not parse: ${response.body.slice(0, 200)}`];
  }
}

// ---------------------------------------------------------------------------------------
// Stored state
// ---------------------------------------------------------------------------------------

/** What a stored-state watcher offers; the SQLite one answers at once, PostgreSQL's later. */
export interface StateWatcher {
  /** Pins the state before a request. */
  before(): void | Promise<void>;
  /** The tables (or files) that differ from the pinned state: `table: before → after`. */
  changes(): string[] | Promise<string[]>;
  close(): void | Promise<void>;
  /** How many `changes()` were asked, and how many of them had to hash every table. */
  readonly counts: { checked: number; hashed: number };
}

/** The files of the data folder; attachment files are named by their SHA-256, so their names are their content. */
function filesOf(dataDir: string): string {
  return (readdirSync(dataDir, { recursive: true }) as string[]).sort().join('\n');
}

/** Each table whose fingerprint differs between two states, as `table: before → after`. */
function differences(old: Map<string, string>, now: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [name, value] of now) {
    const was = old.get(name);
    if (was !== value) changed.push(`${name}: ${was ?? 'absent'} → ${value}`);
  }
  for (const name of old.keys()) if (!now.has(name)) changed.push(`${name}: dropped`);
  return changed;
}

/**
 * Watches a SQLite file and a data folder through read-only connections of its own.
 * Before each request `before()` pins a snapshot of the database (a WAL read transaction)
 * and notes `PRAGMA data_version`, which moves whenever another connection commits. After a
 * 4xx, `changes()` compares: no commit and the same files means nothing changed; after a
 * commit the fingerprints of the pinned snapshot and of the current state are compared,
 * so the cost of hashing every table is paid only when something was written.
 */
export function watchState(file: string, dataDir: string) {
  const open = () => new Database(file, { readonly: true, fileMustExist: true });
  const pinned = open();
  const current = open();
  const dataVersion = current.prepare('pragma data_version').pluck();
  const pin = pinned.prepare('select count(*) from sqlite_master').pluck();

  let before = { version: 0, files: '' };
  const counts = { checked: 0, hashed: 0 };
  return {
    counts,
    before(): void {
      if (pinned.inTransaction) pinned.exec('commit');
      before = { version: dataVersion.get() as number, files: filesOf(dataDir) };
      pinned.exec('begin');
      pin.get();
    },
    changes(): string[] {
      counts.checked += 1;
      try {
        const committed = dataVersion.get() !== before.version;
        const after = filesOf(dataDir);
        if (!committed && after === before.files) return [];
        const changed: string[] = after === before.files ? [] : ['attachment files'];
        if (!committed) return changed;
        counts.hashed += 1;
        return [...changed, ...differences(fingerprintOf(pinned), fingerprintOf(current))];
      } finally {
        if (pinned.inTransaction) pinned.exec('commit');
      }
    },
    close(): void {
      if (pinned.inTransaction) pinned.exec('commit');
      pinned.close();
      current.close();
    },
  } satisfies StateWatcher;
}

/** Row count and a hash of the rows of every table, as one connection sees them. */
function fingerprintOf(db: Database.Database): Map<string, string> {
  const print = new Map<string, string>();
  const names = db
    .prepare("select name from sqlite_master where type = 'table' order by name")
    .pluck()
    .all() as string[];
  for (const table of names.filter((name) => !name.startsWith('sqlite_'))) {
    const hash = createHash('sha256');
    let rows = 0;
    for (const row of db.prepare(`select * from "${table}"`).raw().iterate() as Iterable<
      unknown[]
    >) {
      rows += 1;
      hash.update(
        JSON.stringify(row, (_k, v: unknown) =>
          typeof v === 'bigint' ? `${v}n` : Buffer.isBuffer(v) ? v.toString('base64') : v,
        ),
      );
      hash.update('\n');
    }
    print.set(table, `${rows} rows ${hash.digest('hex').slice(0, 16)}`);
  }
  return print;
}

/**
 * Watches a PostgreSQL database and a data folder through two connections of its own.
 * Before each request `before()` notes the cluster's WAL insert position, then pins a
 * snapshot: a repeatable-read transaction whose first statement fixes what it sees. Every
 * commit that wrote something moves the WAL, so after a 4xx an unmoved position and the
 * same files mean nothing changed. Otherwise (a write, a rolled-back write, a page pruned
 * by a read, another database of the cluster, autovacuum) the fingerprints of every table
 * of the `public` schema are compared through the pinned snapshot and a fresh read.
 */
export async function watchPostgresState(url: string, dataDir: string): Promise<StateWatcher> {
  const pinned = new pg.Client({ connectionString: url });
  const current = new pg.Client({ connectionString: url });
  await pinned.connect();
  await current.connect();
  const walPosition = async (client: pg.Client) =>
    (await client.query<{ lsn: string }>('select pg_current_wal_insert_lsn()::text as lsn')).rows[0]
      ?.lsn;
  let pinnedOpen = false;
  const unpin = async () => {
    if (!pinnedOpen) return;
    pinnedOpen = false;
    await pinned.query('commit');
  };

  let before: { lsn: string | undefined; files: string } = { lsn: undefined, files: '' };
  const counts = { checked: 0, hashed: 0 };
  return {
    counts,
    async before() {
      await unpin();
      // The position is noted before the snapshot is taken: a commit in between shows as a move.
      before = { lsn: await walPosition(current), files: filesOf(dataDir) };
      await pinned.query('begin isolation level repeatable read read only');
      pinnedOpen = true;
      await pinned.query('select 1');
    },
    async changes() {
      counts.checked += 1;
      try {
        const moved = (await walPosition(current)) !== before.lsn;
        const after = filesOf(dataDir);
        if (!moved && after === before.files) return [];
        const changed: string[] = after === before.files ? [] : ['attachment files'];
        if (!moved) return changed;
        counts.hashed += 1;
        const old = await pgFingerprintOf(pinned);
        const now = await pgFingerprintOf(current);
        return [...changed, ...differences(old, now)];
      } finally {
        await unpin();
      }
    },
    async close() {
      await unpin();
      await pinned.end();
      await current.end();
    },
  };
}

/**
 * Row count and a hash of the rows of every table of the `public` schema, as one
 * connection sees them, computed by the server: each row's text form (every column, as
 * PostgreSQL prints it) is hashed and the hashes are joined in their own order, so no
 * ordering key and no conversion of bigint, timestamp, bytea or JSON values is needed.
 */
async function pgFingerprintOf(client: pg.Client): Promise<Map<string, string>> {
  const names = (
    await client.query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = 'public' order by tablename",
    )
  ).rows.map((r) => r.name);
  const print = new Map<string, string>();
  if (names.length === 0) return print;
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const { rows } = await client.query<{ name: string; rows: number; hash: string }>(
    names
      .map(
        (name, i) =>
          `select $${i + 1}::text as name, count(*)::int as rows, ` +
          `md5(coalesce(string_agg(h, '' order by h), '')) as hash ` +
          `from (select md5(t::text) as h from public.${quote(name)} t) s`,
      )
      .join(' union all '),
    names,
  );
  for (const row of rows) print.set(row.name, `${row.rows} rows ${row.hash.slice(0, 16)}`);
  return print;
}

/** A stable 32-bit seed for one route and principal from the run's seed. */
export function seedFor(seed: number, ...parts: string[]): number {
  const digest = createHash('sha256')
    .update(`${seed}|${parts.join('|')}`)
    .digest();
  return digest.readInt32LE(0);
}
