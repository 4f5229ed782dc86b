/**
 * The access-control matrix (issue 6): every route of the app × every principal × data in
 * and out of the principal's scope, asserting allow (2xx) / 401 / 403 / 404, and that no
 * answer — list, export, stats, error — shows anything of a case outside the caller's scope,
 * nor a reporter's contact to anyone but the roles that need it.
 *
 * The route table is read from the app itself (an `onRoute` hook on the Fastify instance
 * that `buildApp` creates), so a new route fails this test until its access is decided
 * in `MATRIX`. The expected outcomes are written here from SPEC "Roles and scope" — not
 * derived from the code; where the SPEC is silent the decision is noted beside the row.
 *
 * SQLite only: the decisions under test are taken above the storage dialect, and the
 * scope filters themselves run on both dialects in the per-resource API tests.
 */
import { randomBytes } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CaseAction } from '../../server/domain/cases/transitions.ts';
import { WEBHOOK_EVENTS } from '../../server/domain/notify/notices.ts';
import type { Role } from '../../server/domain/org/role.ts';
import { DEMO_GRID_CODES, DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { DEMO_API_KEY, DEMO_PASSWORD } from '../../server/services/seed-demo.ts';
import {
  addresses,
  matches,
  multipartFile,
  only,
  pathMatches,
  PRINCIPALS,
  PUBLIC,
  routeKey,
  row,
  searchableText,
  SIGNED_IN,
  TINY_PDF,
  type CaseSecrets,
  type Outcome,
  type Principal,
  type Row,
} from '../support/access-matrix.ts';
import { cookieOf, createTestApp, type TestApp } from '../support/app.ts';
import { routeTable } from '../support/route-table.ts';

/** Every route the app registers, as `METHOD /url` (tests/support/route-table.ts). */
vi.mock('fastify', async (importOriginal) =>
  (await import('../support/route-table.ts')).fastifyWithRouteTable(importOriginal),
);

// ---------------------------------------------------------------------------------------
// The expected tables (SPEC "Roles and scope")
// ---------------------------------------------------------------------------------------

/** The three fixture cases. */
type CaseKind = 'A' | 'B' | 'V';
const KINDS: readonly CaseKind[] = ['A', 'B', 'V'];

/**
 * A: reported anonymously in grid cell A, category E0103 (lead department urban-management).
 * B: reported anonymously in grid cell B, category C0205 (road-maintenance).
 * V: reported by the volunteer, on a resident's behalf, in cell A, category C0205.
 * All three carry a reporter's name, phone and e-mail given with consent.
 */
const CATEGORY = { A: 'E0103', B: 'C0205', V: 'C0205' } as const;
const DEPARTMENT = { A: 'urban-management', B: 'road-maintenance', V: 'road-maintenance' } as const;

/** The role each principal holds (the narrow-scope accounts hold the same role on one street). */
const ROLE_OF: Record<Principal, Role | null> = {
  anonymous: null,
  admin: 'admin',
  admin_b: 'admin',
  dispatcher: 'dispatcher',
  supervisor: 'supervisor',
  auditor: 'auditor',
  auditor_b: 'auditor',
  mediator: 'mediator',
  handler: 'handler',
  grid_worker_a: 'grid_worker',
  grid_worker_b: 'grid_worker',
  grid_leader: 'grid_leader',
  department_head: 'department_head',
  volunteer: 'volunteer',
  'open311-client': null,
};

/**
 * Which fixture cases each principal may read (GET /cases/{id} → 200). Area roles read the
 * cases of their subtree, department roles those of their department; admin configures and
 * does not work cases; the volunteer sees what it submitted; a token user without a role
 * sees nothing. The auditor reads cases in scope without personal data (SPEC: it reads the
 * logs, whose subjects are cases).
 */
const SEES: Record<Principal, readonly CaseKind[]> = {
  anonymous: [],
  admin: [],
  admin_b: [],
  dispatcher: ['A', 'B', 'V'],
  supervisor: ['A', 'B', 'V'],
  auditor: ['A', 'B', 'V'],
  auditor_b: ['B'],
  mediator: ['A', 'B', 'V'],
  handler: ['A', 'B', 'V'],
  grid_worker_a: ['A', 'V'],
  grid_worker_b: ['B'],
  grid_leader: ['A', 'V'],
  department_head: ['A'],
  volunteer: ['V'],
  'open311-client': [],
};

/**
 * Cases wholly outside each principal's scope: nothing that names them (id, tracking code,
 * title, description) may appear in any answer to that principal.
 */
const OUT_OF_SCOPE: Record<Principal, readonly CaseKind[]> = {
  anonymous: ['A', 'B', 'V'],
  admin: [],
  admin_b: ['A', 'V'],
  dispatcher: [],
  supervisor: [],
  auditor: [],
  auditor_b: ['A', 'V'],
  mediator: [],
  handler: [],
  grid_worker_a: ['B'],
  grid_worker_b: ['A', 'V'],
  grid_leader: ['B'],
  department_head: ['B', 'V'],
  volunteer: ['A', 'B'],
  'open311-client': ['A', 'B', 'V'],
};

/** Whose answers may show a reporter's contact (PERSONAL_DATA_ROLES in scope, or the reporter). */
const PERSONAL: Record<Principal, readonly CaseKind[]> = {
  anonymous: [],
  admin: [],
  admin_b: [],
  dispatcher: ['A', 'B', 'V'],
  supervisor: ['A', 'B', 'V'],
  auditor: [],
  auditor_b: [],
  mediator: [],
  handler: ['A', 'B', 'V'],
  grid_worker_a: ['A', 'V'],
  grid_worker_b: ['B'],
  grid_leader: ['A', 'V'],
  department_head: ['A'],
  volunteer: ['V'],
  'open311-client': [],
};

/**
 * SPEC "Who may take which step". `comment` is "any staff role in scope": the working
 * roles; not admin (does not work cases), not the auditor (reads the logs), not the
 * volunteer (a resident's contact, not staff).
 */
const STEP_ROLES: Record<CaseAction, readonly Role[]> = {
  register: ['dispatcher', 'grid_leader'],
  reject: ['dispatcher', 'grid_leader'],
  dispatch: ['dispatcher', 'grid_leader'],
  close: ['dispatcher', 'grid_leader'],
  accept: ['handler', 'department_head'],
  resolve: ['handler', 'department_head'],
  verify: ['grid_worker', 'grid_leader', 'dispatcher'],
  suspend: ['dispatcher', 'grid_leader', 'department_head'],
  resume: ['dispatcher', 'grid_leader', 'department_head'],
  escalate: ['dispatcher', 'grid_leader', 'department_head'],
  supervise: ['supervisor'],
  comment: [
    'grid_worker',
    'grid_leader',
    'dispatcher',
    'handler',
    'department_head',
    'mediator',
    'supervisor',
  ],
};
const ACTIONS = Object.keys(STEP_ROLES) as CaseAction[];

/** A step on a case of the kind: 401 anonymous, 404 unseen, then 200 or 403 by role. */
function expectedStep(action: CaseAction, p: Principal, kind: CaseKind): Outcome {
  if (p === 'anonymous') return 401;
  if (!SEES[p].includes(kind)) return 404;
  const role = ROLE_OF[p];
  return role && STEP_ROLES[action].includes(role) ? 'ok' : 403;
}

/** Reading one case (or its timeline): 401 anonymous, 200 in scope, 404 otherwise. */
function reads(kind: CaseKind, anonymous: Outcome = 401): Row {
  return row(404, Object.fromEntries(readersOf(kind).map((p) => [p, 'ok'])), anonymous);
}
function readersOf(kind: CaseKind): Principal[] {
  return PRINCIPALS.filter((p) => SEES[p].includes(kind));
}

/**
 * Indicators of an area subtree (SPEC is silent on who reads them; decided here): the area
 * roles, each for the areas it is granted on (404 elsewhere, like a case). Department roles
 * have no area, the volunteer and a role-less token user read none (403).
 */
const STATS = {
  cellA: row(403, {
    admin: 'ok',
    admin_b: 404,
    dispatcher: 'ok',
    supervisor: 'ok',
    auditor: 'ok',
    auditor_b: 404,
    mediator: 'ok',
    grid_worker_a: 'ok',
    grid_worker_b: 404,
    grid_leader: 'ok',
  }),
  cellB: row(403, {
    admin: 'ok',
    admin_b: 'ok',
    dispatcher: 'ok',
    supervisor: 'ok',
    auditor: 'ok',
    auditor_b: 'ok',
    mediator: 'ok',
    grid_worker_a: 404,
    grid_worker_b: 'ok',
    grid_leader: 404,
  }),
  ownScope: only(
    'admin',
    'admin_b',
    'dispatcher',
    'supervisor',
    'auditor',
    'auditor_b',
    'mediator',
    'grid_worker_a',
    'grid_worker_b',
    'grid_leader',
  ),
};

/** Administration: the admins; writes that name an area must stay inside the admin's subtree. */
const ADMINS = only('admin', 'admin_b');
const ADMIN_OUTSIDE_B = row(403, { admin: 'ok', admin_b: 403 });
/** A subscription made by the district admin: invisible (404) to the street admin. */
const DISTRICT_WEBHOOK = row(403, { admin: 'ok', admin_b: 404 });
/**
 * Reading the SLA policies and routing rules (SPEC silent; decided here): the roles that
 * coordinate cases and those that configure or audit them.
 */
const COORDINATORS = only(
  'admin',
  'admin_b',
  'dispatcher',
  'grid_leader',
  'supervisor',
  'auditor',
  'auditor_b',
  'department_head',
);

/** The duty roster (SPEC silent on who; decided here): readers and planners of cells A and B. */
const DUTY_READERS = {
  A: only('admin', 'dispatcher', 'supervisor', 'grid_leader', 'grid_worker_a'),
  B: only('admin', 'admin_b', 'dispatcher', 'supervisor', 'grid_worker_b'),
};
const DUTY_PLANNERS = { A: only('admin', 'grid_leader'), B: only('admin', 'admin_b') };

// ---------------------------------------------------------------------------------------
// The app, its principals and fixtures
// ---------------------------------------------------------------------------------------

const EXTRA_PASSWORD = 'matrix-password-1';
const inCellA = DEMO_POINTS.find((p) => p.expectedCode === DEMO_GRID_CODES.a) as {
  lat: number;
  lon: number;
};
const inCellB = DEMO_POINTS.find((p) => p.expectedCode === DEMO_GRID_CODES.b) as {
  lat: number;
  lon: number;
};
const POINT = { A: inCellA, B: inCellB, V: inCellA } as const;
const rand = () => randomBytes(5).toString('hex');
const runToken = `run${rand()}`;

let t: TestApp;
const nextAddress = addresses();
const credentials: Partial<Record<Principal, Record<string, string>>> = {};

interface Fixtures {
  cases: Record<CaseKind, CaseSecrets>;
  attachments: Record<CaseKind, string>;
  userIds: Record<string, string>;
  areaFiles: { A: unknown; B: unknown };
  webhookId: string;
  deliveryOfB: string;
  handlerNotification: string;
  dispatcherTokenId: string;
}
const fx = {} as Fixtures;

/** A request without credentials; `as` adds the principal's. */
type Call = Pick<InjectOptions, 'payload' | 'headers'> & { url: string };

async function as(p: Principal, method: string, call: Call): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: method as InjectOptions['method'],
    url: call.url,
    payload: call.payload,
    headers: { ...credentials[p], ...(call.headers as Record<string, string> | undefined) },
    remoteAddress: nextAddress(),
  });
}

async function signIn(login: string, password: string): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { login, password },
    remoteAddress: nextAddress(),
  });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${login}: ${response.body}`);
  return cookieOf(response);
}

function loginOf(p: Principal): { login: string; password: string } | null {
  if (p === 'anonymous' || p === 'open311-client') return null;
  return {
    login: p,
    password: p === 'admin_b' || p === 'auditor_b' ? EXTRA_PASSWORD : DEMO_PASSWORD,
  };
}

/** The JSON of a 2xx answer. @throws for any other status. */
function okJson(response: LightMyRequestResponse, what: string) {
  if (response.statusCode < 200 || response.statusCode > 299)
    throw new Error(`${what}: ${response.statusCode} ${response.body}`);
  return response.json();
}

async function versionOf(id: string): Promise<number> {
  const c = await t.services.stores.cases.findById(id);
  if (!c) throw new Error(`no case ${id}`);
  return c.version;
}

async function userVersionOf(id: string | undefined): Promise<number> {
  const user = await t.services.stores.users.findWithGrants(id ?? '');
  if (!user) throw new Error(`no user ${id}`);
  return user.version;
}

async function report(
  kind: CaseKind,
  by: Principal = 'anonymous',
  extra: Record<string, unknown> = {},
): Promise<{ id: string; trackingCode: string }> {
  const point = POINT[kind];
  const response = await as(by, 'POST', {
    url: '/api/v1/cases',
    payload: {
      category: CATEGORY[kind],
      description: `Workflow probe ${rand()}`,
      lat: point.lat,
      lon: point.lon,
      ...extra,
    },
  });
  return okJson(response, `report ${kind}`);
}

async function act(p: Principal, id: string, action: CaseAction, fields: object = {}) {
  return as(p, 'POST', {
    url: `/api/v1/cases/${id}/actions`,
    payload: { action, version: await versionOf(id), ...fields },
  });
}

type State =
  | 'submitted'
  | 'registered'
  | 'dispatched'
  | 'in_progress'
  | 'resolved'
  | 'verified'
  | 'suspended'
  | 'closed';

/** A step's fields, valid on a case of the kind. */
function fieldsOf(action: CaseAction, kind: CaseKind): object {
  switch (action) {
    case 'reject':
      return { reason: 'Not a problem the centre handles.' };
    case 'dispatch':
      return { department: DEPARTMENT[kind] };
    case 'resolve':
      return { report: 'Cleared on site.' };
    case 'verify':
      return { ok: true, satisfaction: 'satisfied' };
    case 'close':
      return { answer: 'The problem was fixed; thank you for reporting it.' };
    case 'suspend':
      return { reason: 'Waiting for the owner to be reachable.' };
    case 'escalate':
      return { reason: 'Beyond the authority of the grid.' };
    case 'supervise':
      return { directive: 'Finish this before Friday.' };
    case 'comment':
      return { text: 'Checked the site.' };
    default:
      return {};
  }
}

/** How the demo staff bring a case to each state. */
const PATH: Record<State, [CaseAction, Principal][]> = {
  submitted: [],
  registered: [['register', 'dispatcher']],
  dispatched: [
    ['register', 'dispatcher'],
    ['dispatch', 'dispatcher'],
  ],
  in_progress: [
    ['register', 'dispatcher'],
    ['dispatch', 'dispatcher'],
    ['accept', 'handler'],
  ],
  resolved: [
    ['register', 'dispatcher'],
    ['dispatch', 'dispatcher'],
    ['accept', 'handler'],
    ['resolve', 'handler'],
  ],
  verified: [
    ['register', 'dispatcher'],
    ['dispatch', 'dispatcher'],
    ['accept', 'handler'],
    ['resolve', 'handler'],
    ['verify', 'dispatcher'],
  ],
  closed: [
    ['register', 'dispatcher'],
    ['dispatch', 'dispatcher'],
    ['accept', 'handler'],
    ['resolve', 'handler'],
    ['verify', 'dispatcher'],
    ['close', 'dispatcher'],
  ],
  suspended: [
    ['register', 'dispatcher'],
    ['suspend', 'dispatcher'],
  ],
};

/** A new case of the kind (reported anonymously) in the state. */
async function caseIn(kind: CaseKind, state: State): Promise<{ id: string; trackingCode: string }> {
  const c = await report(kind);
  for (const [action, by] of PATH[state])
    okJson(await act(by, c.id, action, fieldsOf(action, kind)), action);
  return c;
}

/** Finds leaks in one answer: see OUT_OF_SCOPE, SEES and PERSONAL. */
function leaksIn(
  p: Principal,
  key: string,
  label: string,
  call: Call,
  response: LightMyRequestResponse,
  publicView: boolean,
): string[] {
  const text = searchableText(response);
  const sent = `${call.url} ${JSON.stringify(call.payload ?? null)}`;
  const found: string[] = [];
  for (const kind of KINDS) {
    const c = fx.cases[kind];
    const named: [string, string][] = [];
    if (OUT_OF_SCOPE[p].includes(kind) && !publicView)
      named.push(['id', c.id], ['title', c.title], ['description', c.description]);
    // The tracking code is the reporter's handle: only readers of the case see it, and the
    // public views answer only whoever already holds it.
    if (!SEES[p].includes(kind) && !sent.includes(c.trackingCode))
      named.push(['tracking code', c.trackingCode]);
    const contactAllowed = key === 'GET /api/v1/cases/:id' && PERSONAL[p].includes(kind);
    if (!contactAllowed)
      named.push(
        ['reporter name', c.contact.name],
        ['reporter phone', c.contact.phone],
        ['reporter e-mail', c.contact.email],
      );
    for (const [what, value] of named) {
      if (text.includes(value))
        found.push(
          `${p} · ${key} (${label}) → ${response.statusCode} shows the ${what} of case ${kind}`,
        );
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// The matrix: one entry per route
// ---------------------------------------------------------------------------------------

interface Probe {
  label: string;
  call: (p: Principal) => Call | Promise<Call>;
  expect: Row;
  /** The public status views (tracking page, Open311) show public case fields by design. */
  publicView?: boolean;
  /** Further checks of a 2xx answer. */
  check?: (p: Principal, response: LightMyRequestResponse) => string[] | Promise<string[]>;
}

const get = (url: string) => () => ({ url });
const probe = (expect: Row, call: Probe['call'], label = 'any data'): Probe[] => [
  { label, call, expect },
];
const caseProbes = (path: string, anonymous: Outcome = 401): Probe[] =>
  KINDS.map((kind) => ({
    label: `case ${kind}`,
    call: () => ({ url: path.replace(':id', fx.cases[kind].id) }),
    expect: reads(kind, anonymous),
  }));
const areaFile = (kind: 'A' | 'B') => () => ({
  url: '/api/v1/areas/import',
  payload: fx.areaFiles[kind] as object,
});

/** Open311's catch-all answers every method with its own 404. */
const OPEN311_CATCH_ALL = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'QUERY'];
const NOWHERE = row(404, {}, 404);

const MATRIX: Record<string, Probe[]> = {
  // --- system and documentation: public, no case data -----------------------------------
  'GET /healthz': probe(PUBLIC, get('/healthz')),
  'GET /readyz': probe(PUBLIC, get('/readyz')),
  'GET /metrics': probe(PUBLIC, get('/metrics')),
  'GET /problems/:code': probe(PUBLIC, get('/problems/not-found')),
  'GET /*': probe(row('any-but-denied', {}, 'any-but-denied'), get('/map')),
  'GET /api/v1/openapi.json': probe(PUBLIC, get('/api/v1/openapi.json')),
  'GET /api/v1/docs': probe(PUBLIC, get('/api/v1/docs')),
  'GET /api/v1/docs/json': probe(PUBLIC, get('/api/v1/docs/json')),
  'GET /api/v1/docs/yaml': probe(PUBLIC, get('/api/v1/docs/yaml')),
  'GET /api/v1/docs/static/index.html': probe(
    row('any-but-denied', {}, 'any-but-denied'),
    get('/api/v1/docs/static/index.html'),
  ),
  'GET /api/v1/docs/static/swagger-initializer.js': probe(
    PUBLIC,
    get('/api/v1/docs/static/swagger-initializer.js'),
  ),
  'GET /api/v1/docs/static/*': probe(PUBLIC, get('/api/v1/docs/static/swagger-ui.css')),
  'GET /api/v1/config/public': probe(PUBLIC, get('/api/v1/config/public')),

  // --- session ---------------------------------------------------------------------------
  'POST /api/v1/session': probe(PUBLIC, () => ({
    url: '/api/v1/session',
    payload: { login: 'matrix_probe', password: EXTRA_PASSWORD },
  })),
  'GET /api/v1/session': probe(SIGNED_IN, get('/api/v1/session')),
  // Signing out needs no sign-in; each principal signs out a session of its own made for it.
  'DELETE /api/v1/session': probe(PUBLIC, async (p) => {
    const account = loginOf(p);
    if (!account) return { url: '/api/v1/session' };
    return {
      url: '/api/v1/session',
      headers: { cookie: await signIn(account.login, account.password) },
    };
  }),

  // --- areas and reference data: public (a reporter needs them) -------------------------
  'GET /api/v1/areas': probe(PUBLIC, get('/api/v1/areas?level=grid')),
  'GET /api/v1/areas/locate': probe(
    PUBLIC,
    get(`/api/v1/areas/locate?lat=${inCellA.lat}&lon=${inCellA.lon}`),
  ),
  'GET /api/v1/areas/boundaries': probe(
    PUBLIC,
    get(`/api/v1/areas/boundaries?within=${DEMO_GRID_CODES.b}`),
  ),
  'GET /api/v1/areas/:id': [
    { label: 'cell A', call: get(`/api/v1/areas/${DEMO_GRID_CODES.a}`), expect: PUBLIC },
    { label: 'cell B', call: get(`/api/v1/areas/${DEMO_GRID_CODES.b}`), expect: PUBLIC },
  ],
  'POST /api/v1/areas/import': [
    { label: 'cell B', call: areaFile('B'), expect: ADMINS },
    // admin_b holds Wanghu Street only: the area tree elsewhere is not its to change.
    { label: 'cell A', call: areaFile('A'), expect: ADMIN_OUTSIDE_B },
  ],
  'GET /api/v1/categories': probe(PUBLIC, get('/api/v1/categories')),
  'GET /api/v1/departments': probe(PUBLIC, get('/api/v1/departments')),

  // --- staff accounts and tokens (admin, within its subtree) ----------------------------
  'GET /api/v1/users': probe(ADMINS, get('/api/v1/users?limit=200')),
  'POST /api/v1/users': [
    { label: 'grant in cell B', call: () => newUser(DEMO_GRID_CODES.b), expect: ADMINS },
    { label: 'grant in cell A', call: () => newUser(DEMO_GRID_CODES.a), expect: ADMIN_OUTSIDE_B },
  ],
  // The handler picker of a dispatch: those who dispatch (dispatcher, grid leader), oversee
  // them (supervisor) or run accounts (admin). Departments serve the whole city, so every
  // such scope sees the same names; no login or e-mail (checked in assignable-staff.test.ts).
  'GET /api/v1/users/assignable': probe(
    only('admin', 'admin_b', 'dispatcher', 'supervisor', 'grid_leader'),
    get('/api/v1/users/assignable?department=road-maintenance'),
  ),
  'GET /api/v1/users/:id': [
    {
      label: 'grid_worker_b',
      call: () => ({ url: `/api/v1/users/${fx.userIds.grid_worker_b}` }),
      expect: ADMINS,
    },
    {
      // admin_b sees only accounts holding a role inside its street: the district dispatcher is not.
      label: 'the district dispatcher',
      call: () => ({ url: `/api/v1/users/${fx.userIds.dispatcher}` }),
      expect: row(403, { admin: 'ok', admin_b: 404 }),
    },
  ],
  'PATCH /api/v1/users/:id': [
    {
      label: 'grid_worker_b',
      call: async () => ({
        url: `/api/v1/users/${fx.userIds.grid_worker_b}`,
        payload: { email: null, version: await userVersionOf(fx.userIds.grid_worker_b) },
      }),
      expect: ADMINS,
    },
    {
      // Like a token, a change to an account holding district-wide roles is not admin_b's.
      label: 'the district dispatcher',
      call: async () => ({
        url: `/api/v1/users/${fx.userIds.dispatcher}`,
        payload: { email: null, version: await userVersionOf(fx.userIds.dispatcher) },
      }),
      expect: ADMIN_OUTSIDE_B,
    },
  ],
  'POST /api/v1/tokens': [
    {
      label: 'for grid_worker_b',
      call: () => ({
        url: '/api/v1/tokens',
        payload: { name: `m-${rand()}`, user: fx.userIds.grid_worker_b },
      }),
      expect: ADMINS,
    },
    {
      // A token acts as its user: one for the district's dispatcher would give admin_b the
      // district's cases and their reporters' contacts.
      label: 'for the district dispatcher',
      call: () => ({
        url: '/api/v1/tokens',
        payload: { name: `m-${rand()}`, user: fx.userIds.dispatcher },
      }),
      expect: ADMIN_OUTSIDE_B,
    },
  ],
  'GET /api/v1/tokens': [
    {
      label: 'list',
      call: get('/api/v1/tokens'),
      expect: ADMINS,
      check: (p, response) =>
        p === 'admin_b' && response.body.includes(fx.dispatcherTokenId)
          ? ['admin_b · GET /api/v1/tokens lists the token of the district dispatcher']
          : [],
    },
  ],
  'DELETE /api/v1/tokens/:id': [
    {
      label: "grid_worker_b's token",
      call: async () => ({ url: `/api/v1/tokens/${await tokenOf('grid_worker_b')}` }),
      expect: ADMINS,
    },
    {
      label: "the dispatcher's token",
      call: async () => ({ url: `/api/v1/tokens/${await tokenOf('dispatcher')}` }),
      expect: row(403, { admin: 'ok', admin_b: 404 }),
    },
  ],

  // --- cases -----------------------------------------------------------------------------
  // Anyone reports, anywhere; the answer must not name other people's cases (checked for
  // every answer below: this one reports next to case A, with its category).
  'POST /api/v1/cases': [
    {
      label: 'next to case A',
      call: () => ({
        url: '/api/v1/cases',
        payload: {
          category: CATEGORY.A,
          description: `Another pile of rubbish ${rand()}`,
          lat: inCellA.lat,
          lon: inCellA.lon,
        },
      }),
      expect: PUBLIC,
      // Rejected at once, so that the next principal's report still finds case A nearby.
      check: async (_p, response) => {
        const { id } = response.json() as { id: string };
        okJson(await act('dispatcher', id, 'reject', { reason: 'A probe.' }), 'reject');
        return [];
      },
    },
  ],
  'GET /api/v1/cases': [
    {
      label: 'the fixture cases',
      call: get(`/api/v1/cases?q=${runToken}&limit=200`),
      expect: SIGNED_IN,
      check: (p, response) => {
        const ids = (response.json() as { items: { id: string }[] }).items.map((c) => c.id);
        const listed = KINDS.filter((k) => ids.includes(fx.cases[k].id));
        return listed.join() === SEES[p].join()
          ? []
          : [`${p} · GET /api/v1/cases lists [${listed.join()}], expected [${SEES[p].join()}]`];
      },
    },
  ],
  'GET /api/v1/cases/:id': caseProbes('/api/v1/cases/:id').map((p, i) => ({
    ...p,
    check: (who: Principal, response: LightMyRequestResponse) => {
      const kind = KINDS[i] as CaseKind;
      const shown = response.body.includes(fx.cases[kind].contact.phone);
      const allowed = PERSONAL[who].includes(kind);
      return shown === allowed
        ? []
        : [`${who} · GET case ${kind}: reporter contact ${shown ? 'shown' : 'missing'}`];
    },
  })),
  'GET /api/v1/cases/:id/events': caseProbes('/api/v1/cases/:id/events'),
  'POST /api/v1/cases/:id/actions': KINDS.map((kind) => ({
    label: `comment on case ${kind}`,
    call: async () => ({
      url: `/api/v1/cases/${fx.cases[kind].id}/actions`,
      payload: {
        action: 'comment',
        version: await versionOf(fx.cases[kind].id),
        text: 'Seen.',
      },
    }),
    expect: Object.fromEntries(PRINCIPALS.map((p) => [p, expectedStep('comment', p, kind)])) as Row,
  })),
  // Whoever holds a tracking code follows that case; no personal data.
  'GET /api/v1/track/:code': (['A', 'B'] as const).map((kind) => ({
    label: `case ${kind}`,
    call: () => ({ url: `/api/v1/track/${fx.cases[kind].trackingCode}` }),
    expect: PUBLIC,
    publicView: true,
  })),
  'POST /api/v1/track/:code/rating': probe(
    PUBLIC,
    async () => ({
      url: `/api/v1/track/${(await caseIn('A', 'closed')).trackingCode}/rating`,
      payload: { satisfaction: 'satisfied' },
    }),
    'a closed case',
  ).map((p) => ({ ...p, publicView: true })),

  // --- indicators --------------------------------------------------------------------------
  'GET /api/v1/stats/summary': [
    {
      label: 'cell A',
      call: get(`/api/v1/stats/summary?area=${DEMO_GRID_CODES.a}`),
      expect: STATS.cellA,
    },
    {
      label: 'cell B',
      call: get(`/api/v1/stats/summary?area=${DEMO_GRID_CODES.b}`),
      expect: STATS.cellB,
    },
    { label: 'own scope', call: get('/api/v1/stats/summary'), expect: STATS.ownScope },
  ],
  // The children of an area (a leaf cell has none): same roles and scope as the summary.
  'GET /api/v1/stats/cells': [
    {
      label: 'cell A',
      call: get(`/api/v1/stats/cells?parent=${DEMO_GRID_CODES.a}`),
      expect: STATS.cellA,
    },
    {
      label: 'cell B',
      call: get(`/api/v1/stats/cells?parent=${DEMO_GRID_CODES.b}`),
      expect: STATS.cellB,
    },
  ],
  'GET /api/v1/stats/trend': [
    {
      label: 'cell A',
      call: get(`/api/v1/stats/trend?area=${DEMO_GRID_CODES.a}`),
      expect: STATS.cellA,
    },
    {
      label: 'cell B',
      call: get(`/api/v1/stats/trend?area=${DEMO_GRID_CODES.b}`),
      expect: STATS.cellB,
    },
    { label: 'own scope', call: get('/api/v1/stats/trend'), expect: STATS.ownScope },
  ],
  // Department figures within an area subtree: same roles and scope as the summary.
  'GET /api/v1/stats/departments': [
    {
      label: 'cell A',
      call: get(`/api/v1/stats/departments?area=${DEMO_GRID_CODES.a}`),
      expect: STATS.cellA,
    },
    {
      label: 'cell B',
      call: get(`/api/v1/stats/departments?area=${DEMO_GRID_CODES.b}`),
      expect: STATS.cellB,
    },
    { label: 'own scope', call: get('/api/v1/stats/departments'), expect: STATS.ownScope },
  ],

  // --- notifications: one's own ----------------------------------------------------------
  'GET /api/v1/notifications': probe(SIGNED_IN, get('/api/v1/notifications?limit=200')),
  'GET /api/v1/notifications/unread-count': probe(
    SIGNED_IN,
    get('/api/v1/notifications/unread-count'),
  ),
  // Marks only the caller's own (an empty body: all of them; none of another's change).
  'POST /api/v1/notifications/read-all': probe(SIGNED_IN, () => ({
    url: '/api/v1/notifications/read-all',
    payload: { upTo: '00000000-0000-0000-0000-000000000000' },
  })),
  'POST /api/v1/notifications/:id/read': probe(
    row(404, { handler: 'ok' }),
    () => ({ url: `/api/v1/notifications/${fx.handlerNotification}/read` }),
    "the handler's notification",
  ),

  // --- configuration ----------------------------------------------------------------------
  'GET /api/v1/sla-policies': probe(COORDINATORS, get('/api/v1/sla-policies')),
  'PUT /api/v1/sla-policies': probe(ADMINS, () => ({
    url: '/api/v1/sla-policies',
    payload: {
      category: 'C0303',
      priority: 'low',
      minutes: { register: 480, dispatch: 480, handle: 4800, verify: 960, answer: 480 },
      escalateAfterOverdueMinutes: null,
    },
  })),
  // Categories and departments serve the whole city: any admin configures them, as SLA policies.
  'POST /api/v1/categories': probe(ADMINS, () => ({
    url: '/api/v1/categories',
    payload: {
      code: `X${rand()}`,
      parent: 'C03',
      kind: 'facility',
      nameZh: '测试',
      nameEn: 'Probe',
    },
  })),
  'PATCH /api/v1/categories/:category': probe(ADMINS, async () => {
    const created = okJson(
      await as('admin', 'POST', {
        url: '/api/v1/categories',
        payload: { code: `X${rand()}`, kind: 'other', nameZh: '测试', nameEn: 'Probe' },
      }),
      'category',
    );
    return {
      url: `/api/v1/categories/${created.code}`,
      payload: { version: created.version, nameEn: 'Probe, renamed' },
    };
  }),
  'POST /api/v1/departments': probe(ADMINS, () => ({
    url: '/api/v1/departments',
    payload: { code: `d-${rand()}`, nameZh: '测试部门', nameEn: 'Probe department' },
  })),
  'PATCH /api/v1/departments/:department': probe(ADMINS, async () => {
    const created = okJson(
      await as('admin', 'POST', {
        url: '/api/v1/departments',
        payload: { code: `d-${rand()}`, nameZh: '测试部门', nameEn: 'Probe department' },
      }),
      'department',
    );
    return {
      url: `/api/v1/departments/${created.code}`,
      payload: { version: created.version, nameEn: 'Probe department, renamed' },
    };
  }),
  // --- the duty roster (SPEC "Staff"; who reads and plans it decided here): read by the
  // staff who work or coordinate cases of the area, planned by its grid leader and admins.
  'GET /api/v1/duty-shifts': [
    { label: 'cell A', call: get(rosterUrl('A')), expect: DUTY_READERS.A },
    { label: 'cell B', call: get(rosterUrl('B')), expect: DUTY_READERS.B },
  ],
  'GET /api/v1/duty-shifts/now': [
    {
      label: 'cell A',
      call: get(`/api/v1/duty-shifts/now?area=${DEMO_GRID_CODES.a}`),
      expect: DUTY_READERS.A,
    },
    {
      label: 'cell B',
      call: get(`/api/v1/duty-shifts/now?area=${DEMO_GRID_CODES.b}`),
      expect: DUTY_READERS.B,
    },
  ],
  'GET /api/v1/duty-shifts/candidates': [
    {
      label: 'cell A',
      call: get(`/api/v1/duty-shifts/candidates?area=${DEMO_GRID_CODES.a}`),
      expect: DUTY_PLANNERS.A,
    },
    {
      label: 'cell B',
      call: get(`/api/v1/duty-shifts/candidates?area=${DEMO_GRID_CODES.b}`),
      expect: DUTY_PLANNERS.B,
    },
  ],
  'POST /api/v1/duty-shifts': [
    { label: 'cell A', call: () => newShift('A'), expect: DUTY_PLANNERS.A },
    { label: 'cell B', call: () => newShift('B'), expect: DUTY_PLANNERS.B },
  ],
  // A planner of another area meets a shift it cannot read: 404, as for other records.
  'PATCH /api/v1/duty-shifts/:id': [
    {
      label: 'cell A',
      call: () => shiftToChange('A', 'PATCH'),
      expect: row(403, { admin: 'ok', grid_leader: 'ok', admin_b: 404 }),
    },
    {
      label: 'cell B',
      call: () => shiftToChange('B', 'PATCH'),
      expect: row(403, { admin: 'ok', admin_b: 'ok', grid_leader: 404 }),
    },
  ],
  'DELETE /api/v1/duty-shifts/:id': [
    {
      label: 'cell A',
      call: () => shiftToChange('A', 'DELETE'),
      expect: row(403, { admin: 'ok', grid_leader: 'ok', admin_b: 404 }),
    },
    {
      label: 'cell B',
      call: () => shiftToChange('B', 'DELETE'),
      expect: row(403, { admin: 'ok', admin_b: 'ok', grid_leader: 404 }),
    },
  ],
  'GET /api/v1/calendar': probe(SIGNED_IN, get('/api/v1/calendar')),
  'PUT /api/v1/calendar/days': probe(ADMINS, () => ({
    url: '/api/v1/calendar/days',
    payload: { from: '2031-03-03', to: '2031-03-04', days: [] },
  })),
  'GET /api/v1/routing-rules': probe(COORDINATORS, get('/api/v1/routing-rules')),
  'PUT /api/v1/routing-rules': [
    {
      label: 'in cell B',
      call: () => ({
        url: '/api/v1/routing-rules',
        payload: { area: DEMO_GRID_CODES.b, category: CATEGORY.B, department: DEPARTMENT.B },
      }),
      expect: ADMINS,
    },
    {
      label: 'in cell A',
      call: () => ({
        url: '/api/v1/routing-rules',
        payload: { area: DEMO_GRID_CODES.a, category: CATEGORY.A, department: DEPARTMENT.A },
      }),
      expect: ADMIN_OUTSIDE_B,
    },
  ],
  // Each call first puts the override back, so every principal meets one to remove.
  'DELETE /api/v1/routing-rules': [
    { label: 'in cell B', call: () => routingRuleToRemove('B'), expect: ADMINS },
    { label: 'in cell A', call: () => routingRuleToRemove('A'), expect: ADMIN_OUTSIDE_B },
  ],
  // Webhook administration is open to every admin, for subscriptions made inside its own
  // subtree: a subscription hears only of cases there, and other admins do not see it.
  'GET /api/v1/webhooks': probe(ADMINS, get('/api/v1/webhooks')),
  'POST /api/v1/webhooks': probe(ADMINS, () => ({
    url: '/api/v1/webhooks',
    payload: { url: `https://hooks.example.org/${rand()}`, events: ['case.closed'] },
  })),
  'DELETE /api/v1/webhooks/:id': probe(DISTRICT_WEBHOOK, async () => {
    const created = okJson(
      await as('admin', 'POST', {
        url: '/api/v1/webhooks',
        payload: { url: `https://hooks.example.org/${rand()}`, events: ['case.closed'] },
      }),
      'webhook',
    );
    return { url: `/api/v1/webhooks/${created.id}` };
  }),
  'GET /api/v1/webhooks/:id/deliveries': probe(DISTRICT_WEBHOOK, () => ({
    url: `/api/v1/webhooks/${fx.webhookId}/deliveries?limit=200`,
  })),
  'POST /api/v1/webhooks/deliveries/:id/replay': probe(
    DISTRICT_WEBHOOK,
    () => ({ url: `/api/v1/webhooks/deliveries/${fx.deliveryOfB}/replay` }),
    'a delivery of case B',
  ),

  // --- audit (the auditor, within its subtree) -------------------------------------------
  // Both logs name cases (id; the report entry also its tracking code): an auditor granted
  // on one street reads the entries of that street's cases only, as the data-access log does.
  'GET /api/v1/audit/log': probe(only('auditor', 'auditor_b'), get('/api/v1/audit/log?limit=500')),
  'GET /api/v1/audit/data-access': [
    {
      label: 'every entry',
      call: get('/api/v1/audit/data-access?limit=500'),
      expect: only('auditor', 'auditor_b'),
      check: (p, response) => {
        const ids = (response.json() as { items: { caseId: string }[] }).items.map((e) => e.caseId);
        const want: CaseKind[] = p === 'auditor' ? ['A', 'B', 'V'] : ['B'];
        const listed = KINDS.filter((k) => ids.includes(fx.cases[k].id));
        return listed.join() === want.join()
          ? []
          : [`${p} · data-access log lists [${listed.join()}], expected [${want.join()}]`];
      },
    },
  ],

  // --- attachments: anyone uploads; reading follows the case (404 otherwise) -------------
  'POST /api/v1/attachments': probe(PUBLIC, async () => ({
    url: '/api/v1/attachments',
    ...(await multipartFile(TINY_PDF, 'probe.pdf')),
  })),
  'GET /api/v1/attachments/:id': KINDS.map((kind) => ({
    label: `attachment of case ${kind}`,
    call: () => ({ url: `/api/v1/attachments/${fx.attachments[kind]}` }),
    expect: reads(kind, 404),
  })),

  // --- Open311 GeoReport v2: public by its standard; no tracking code, no contact --------
  'GET /open311/v2/discovery.json': probe(PUBLIC, get('/open311/v2/discovery.json')),
  'GET /open311/v2/discovery.xml': probe(PUBLIC, get('/open311/v2/discovery.xml')),
  'GET /open311/v2/services.json': probe(PUBLIC, get('/open311/v2/services.json')),
  'GET /open311/v2/services.xml': probe(PUBLIC, get('/open311/v2/services.xml')),
  'GET /open311/v2/services/:file': probe(PUBLIC, get('/open311/v2/services/C0104.json')),
  'GET /open311/v2/requests.json': openPublic(get('/open311/v2/requests.json')),
  'GET /open311/v2/requests.xml': openPublic(get('/open311/v2/requests.xml')),
  'GET /open311/v2/requests/:file': openPublic(() => ({
    url: `/open311/v2/requests/${fx.cases.A.id}.json`,
  })),
  'GET /open311/v2/servicerequestupdates.json': openPublic(
    get('/open311/v2/servicerequestupdates.json'),
  ),
  'GET /open311/v2/servicerequestupdates.xml': openPublic(
    get('/open311/v2/servicerequestupdates.xml'),
  ),
  'GET /open311/v2/tokens/:file': openPublic(() => ({
    url: `/open311/v2/tokens/${fx.cases.A.trackingCode}.json`,
  })),
  // Posting needs an api_key in the request itself, whoever is signed in.
  'POST /open311/v2/requests.json': open311Post('json'),
  'POST /open311/v2/requests.xml': open311Post('xml'),
  ...Object.fromEntries(
    OPEN311_CATCH_ALL.flatMap((method) => [
      [`${method} /open311/v2`, probe(NOWHERE, nowhere('/open311/v2', method))],
      [`${method} /open311/v2/*`, probe(NOWHERE, nowhere('/open311/v2/nothing.json', method))],
    ]),
  ),
};

/** A request to nowhere; methods that carry a body carry an empty JSON one. */
function nowhere(url: string, method: string): () => Call {
  return () =>
    ['POST', 'PUT', 'PATCH', 'QUERY'].includes(method) ? { url, payload: {} } : { url };
}

function openPublic(call: Probe['call']): Probe[] {
  return [{ label: 'public', call, expect: PUBLIC, publicView: true }];
}

function open311Post(format: 'json' | 'xml'): Probe[] {
  const body = (withKey: boolean) => ({
    url: `/open311/v2/requests.${format}`,
    payload: {
      ...(withKey ? { api_key: DEMO_API_KEY } : {}),
      service_code: CATEGORY.B,
      lat: String(inCellB.lat),
      long: String(inCellB.lon),
      description: `Loose slabs ${rand()}`,
    },
  });
  return [
    { label: 'with api_key', call: () => body(true), expect: PUBLIC, publicView: true },
    { label: 'without api_key', call: () => body(false), expect: row(403, {}, 403) },
  ];
}

function newUser(area: string): Call {
  return {
    url: '/api/v1/users',
    payload: {
      login: `m_${rand()}`,
      password: EXTRA_PASSWORD,
      roles: [{ role: 'grid_worker', area }],
    },
  };
}

/** Stores a routing override in cell A or B and names it for removal. */
function rosterUrl(kind: 'A' | 'B'): string {
  const area = kind === 'A' ? DEMO_GRID_CODES.a : DEMO_GRID_CODES.b;
  return `/api/v1/duty-shifts?area=${area}&from=2031-01-01T00:00:00Z&to=2031-01-08T00:00:00Z`;
}

/** Each planned probe shift takes its own future day, so none overlaps another. */
let dutyDay = 0;
function newShift(kind: 'A' | 'B'): Call {
  const start = Date.UTC(2031, 0, 1) + dutyDay++ * 86_400_000;
  return {
    url: '/api/v1/duty-shifts',
    payload: {
      area: kind === 'A' ? DEMO_GRID_CODES.a : DEMO_GRID_CODES.b,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 8 * 3_600_000).toISOString(),
      // The district dispatcher may stand duty in either cell.
      primaryUserId: fx.userIds.dispatcher,
    },
  };
}

/** A fresh shift planned by the district admin, for one principal to change or delete. */
async function shiftToChange(kind: 'A' | 'B', method: 'PATCH' | 'DELETE'): Promise<Call> {
  const [shift] = okJson(await as('admin', 'POST', newShift(kind)), 'duty shift').items as {
    id: string;
    version: number;
  }[];
  if (!shift) throw new Error('no shift planned');
  return method === 'PATCH'
    ? { url: `/api/v1/duty-shifts/${shift.id}`, payload: { version: shift.version, note: 'probe' } }
    : { url: `/api/v1/duty-shifts/${shift.id}?version=${shift.version}` };
}

async function routingRuleToRemove(kind: 'A' | 'B'): Promise<Call> {
  const code = kind === 'A' ? DEMO_GRID_CODES.a : DEMO_GRID_CODES.b;
  const area = await t.services.stores.areas.findByCode(code);
  const ref = await t.services.reference.current();
  await t.services.stores.policies.putRoutingRule({
    areaId: area?.id as string,
    categoryId: ref.categoryByCode.get(CATEGORY[kind])?.id as string,
    departmentId: ref.departmentByCode.get(DEPARTMENT[kind])?.id as string,
  });
  return { url: `/api/v1/routing-rules?area=${code}&category=${CATEGORY[kind]}` };
}

async function tokenOf(login: string): Promise<string> {
  const created = await t.services.tokens.createToken({
    name: `fixture ${rand()}`,
    userId: fx.userIds[login] as string,
  });
  return created.id;
}

// ---------------------------------------------------------------------------------------
// Set-up
// ---------------------------------------------------------------------------------------

beforeAll(async () => {
  t = await createTestApp('sqlite', { seed: 'demo' });
  credentials.anonymous = {};
  credentials['open311-client'] = { authorization: `Bearer ${DEMO_API_KEY}` };
  for (const p of PRINCIPALS) {
    const account = loginOf(p);
    if (account && account.password === DEMO_PASSWORD)
      credentials[p] = { cookie: await signIn(account.login, account.password) };
  }

  // Wanghu Street, which holds cell B: the narrow-scope admin and auditor are granted on it.
  const located = okJson(
    await as('anonymous', 'GET', {
      url: `/api/v1/areas/locate?lat=${inCellB.lat}&lon=${inCellB.lon}`,
    }),
    'locate',
  ) as { ancestors: { code: string; level: string }[] };
  const streetB = located.ancestors.find((a) => a.level === 'street')?.code as string;
  for (const [login, roles] of [
    ['admin_b', [{ role: 'admin', area: streetB }]],
    ['auditor_b', [{ role: 'auditor', area: streetB }]],
    ['matrix_probe', []],
    [
      'worker_handler',
      [
        { role: 'grid_worker', area: DEMO_GRID_CODES.a },
        { role: 'handler', department: DEPARTMENT.A },
      ],
    ],
  ] as const) {
    okJson(
      await as('admin', 'POST', {
        url: '/api/v1/users',
        payload: { login, password: EXTRA_PASSWORD, roles },
      }),
      `create ${login}`,
    );
  }
  credentials.admin_b = { cookie: await signIn('admin_b', EXTRA_PASSWORD) };
  credentials.auditor_b = { cookie: await signIn('auditor_b', EXTRA_PASSWORD) };

  const users = okJson(await as('admin', 'GET', { url: '/api/v1/users?limit=200' }), 'users');
  fx.userIds = Object.fromEntries(
    (users.items as { id: string; login: string }[]).map((u) => [u.login, u.id]),
  );

  fx.webhookId = okJson(
    await as('admin', 'POST', {
      url: '/api/v1/webhooks',
      payload: { url: 'https://hooks.example.org/civicgrid', events: [...WEBHOOK_EVENTS] },
    }),
    'webhook',
  ).id;

  const reporters: Record<CaseKind, Principal> = { A: 'anonymous', B: 'anonymous', V: 'volunteer' };
  fx.cases = {} as Fixtures['cases'];
  fx.attachments = {} as Fixtures['attachments'];
  for (const kind of KINDS) {
    const by = reporters[kind];
    const upload = okJson(
      await as(by, 'POST', {
        url: '/api/v1/attachments',
        ...(await multipartFile(TINY_PDF, `photo-${kind}.pdf`)),
      }),
      'upload',
    );
    const tag = rand();
    const contact = {
      name: `Reporter ${kind} ${tag}`,
      phone: `+86 139 ${String(parseInt(tag.slice(0, 6), 16) % 10_000_000).padStart(7, '0')}`,
      email: `reporter-${kind.toLowerCase()}-${tag}@example.org`,
    };
    const title = `Fixture ${kind} ${rand()}`;
    const description = `Rubbish left behind the gate, ${runToken} ${rand()}`;
    const created = okJson(
      await as(by, 'POST', {
        url: '/api/v1/cases',
        payload: {
          category: CATEGORY[kind],
          title,
          description,
          lat: POINT[kind].lat,
          lon: POINT[kind].lon,
          reporter: { ...contact, consent: true },
          attachments: [upload.id],
        },
      }),
      `case ${kind}`,
    );
    fx.cases[kind] = {
      id: created.id,
      trackingCode: created.trackingCode,
      title,
      description,
      contact,
    };
    fx.attachments[kind] = upload.id;
  }

  // Reads of personal data for the data-access log.
  for (const kind of KINDS)
    okJson(await as('dispatcher', 'GET', { url: `/api/v1/cases/${fx.cases[kind].id}` }), 'read');

  // A notification of the handler: a case dispatched to it by name.
  const assigned = await caseIn('A', 'registered');
  okJson(
    await act('dispatcher', assigned.id, 'dispatch', {
      department: DEPARTMENT.A,
      handler: fx.userIds.handler,
    }),
    'dispatch to the handler',
  );
  const notes = okJson(await as('handler', 'GET', { url: '/api/v1/notifications' }), 'notes');
  fx.handlerNotification = (notes.items as { id: string; caseId: string }[]).find(
    (n) => n.caseId === assigned.id,
  )?.id as string;

  const deliveries = okJson(
    await as('admin', 'GET', { url: `/api/v1/webhooks/${fx.webhookId}/deliveries?limit=200` }),
    'deliveries',
  );
  fx.deliveryOfB = (deliveries.items as { id: string; caseId: string | null }[]).find(
    (d) => d.caseId === fx.cases.B.id,
  )?.id as string;

  fx.areaFiles = {
    A: okJson(
      await as('admin', 'GET', { url: `/api/v1/areas/boundaries?within=${DEMO_GRID_CODES.a}` }),
      'area file A',
    ),
    B: okJson(
      await as('admin', 'GET', { url: `/api/v1/areas/boundaries?within=${DEMO_GRID_CODES.b}` }),
      'area file B',
    ),
  };
  fx.dispatcherTokenId = await tokenOf('dispatcher');

  if (!fx.handlerNotification || !fx.deliveryOfB) throw new Error('fixtures incomplete');
}, 60_000);

afterAll(() => t?.close());

// ---------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------

describe('the access-control matrix (SQLite)', () => {
  it('describes every route the app has, and no route it does not have', () => {
    const described = new Set(Object.keys(MATRIX));
    expect(routeTable.size).toBeGreaterThan(50);
    expect([...routeTable].filter((r) => !described.has(r)).sort()).toEqual([]);
    expect([...described].filter((r) => !routeTable.has(r)).sort()).toEqual([]);
    // The OpenAPI document lists a subset: every documented operation is in the table.
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => routeKey(m, path.replace(/\{(\w+)\}/g, ':$1'))),
    );
    expect(documented.filter((r) => !routeTable.has(r))).toEqual([]);
  });

  for (const [key, probes] of Object.entries(MATRIX)) {
    it(key, async () => {
      const [method, pattern] = key.split(' ') as [string, string];
      const wrong: string[] = [];
      for (const pr of probes) {
        for (const p of PRINCIPALS) {
          const call = await pr.call(p);
          if (!pathMatches(pattern, call.url))
            throw new Error(`${key}: the probe "${pr.label}" calls ${call.url}`);
          const response = await as(p, method, call);
          const want = pr.expect[p];
          if (!matches(response.statusCode, want)) {
            wrong.push(
              `${p} · ${key} (${pr.label}): expected ${want}, got ${response.statusCode} ${response.body.slice(0, 160)}`,
            );
          } else if (pr.check && response.statusCode < 300) {
            wrong.push(...(await pr.check(p, response)));
          }
          wrong.push(...leaksIn(p, key, pr.label, call, response, pr.publicView ?? false));
        }
      }
      expect(wrong.join('\n')).toBe('');
    });
  }
});

describe('who may take which step (SPEC "Roles and scope")', () => {
  const STATE_FOR: Record<CaseAction, State> = {
    register: 'submitted',
    reject: 'submitted',
    dispatch: 'registered',
    accept: 'dispatched',
    resolve: 'in_progress',
    verify: 'resolved',
    close: 'verified',
    suspend: 'registered',
    resume: 'suspended',
    escalate: 'registered',
    supervise: 'registered',
    comment: 'registered',
  };
  /** Shared cases for refused steps (a refusal changes nothing), one per state and kind. */
  const probes = new Map<string, Promise<{ id: string }>>();
  const probeCase = (kind: CaseKind, state: State) => {
    const k = `${kind}:${state}`;
    if (!probes.has(k)) probes.set(k, caseIn(kind, state));
    return probes.get(k) as Promise<{ id: string }>;
  };
  const own = new Map<Principal, Promise<{ id: string }>>();

  it.each(ACTIONS)('%s', async (action) => {
    const wrong: string[] = [];
    const key = 'POST /api/v1/cases/:id/actions';
    for (const p of PRINCIPALS) {
      const targets: [string, CaseKind, Outcome, () => Promise<{ id: string }>][] = (
        ['A', 'B'] as const
      ).map((kind) => {
        const want = expectedStep(action, p, kind);
        // A step that is to succeed gets a case of its own in the state the step needs.
        const make = () =>
          want === 'ok' ? caseIn(kind, STATE_FOR[action]) : probeCase(kind, STATE_FOR[action]);
        return [`case in ${kind === 'A' ? 'cell A' : 'cell B'}`, kind, want, make];
      });
      if (p === 'volunteer' || p === 'open311-client') {
        // Their own report: they see it, and may take no step on it.
        if (!own.has(p)) own.set(p, report('A', p));
        targets.push(['own report', 'A', 403, () => own.get(p) as Promise<{ id: string }>]);
      }
      for (const [label, kind, want, make] of targets) {
        const { id } = await make();
        const before = await versionOf(id);
        const call = {
          url: `/api/v1/cases/${id}/actions`,
          payload: { action, version: before, ...fieldsOf(action, kind) },
        };
        const response = await as(p, 'POST', call);
        if (!matches(response.statusCode, want))
          wrong.push(
            `${p} · ${action} on ${label}: expected ${want}, got ${response.statusCode} ${response.body.slice(0, 160)}`,
          );
        if (want !== 'ok' && (await versionOf(id)) !== before)
          wrong.push(`${p} · ${action} on ${label}: refused, yet the case changed`);
        wrong.push(...leaksIn(p, key, `${action} on ${label}`, call, response, false));
      }
    }
    expect(wrong.join('\n')).toBe('');
  });

  it('never lets the handler of a case verify it, even holding a verifying role', async () => {
    const both = await signIn('worker_handler', EXTRA_PASSWORD);
    const c = await caseIn('A', 'registered');
    okJson(
      await act('dispatcher', c.id, 'dispatch', {
        department: DEPARTMENT.A,
        handler: fx.userIds.worker_handler,
      }),
      'dispatch',
    );
    const step = async (action: CaseAction, fields: object = {}) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${c.id}/actions`,
        headers: { cookie: both },
        payload: { action, version: await versionOf(c.id), ...fields },
      });
    expect((await step('accept')).statusCode).toBe(200);
    expect((await step('resolve', { report: 'Done.' })).statusCode).toBe(200);
    expect((await step('verify', { ok: true })).statusCode).toBe(403);
    expect((await act('grid_worker_a', c.id, 'verify', { ok: true })).statusCode).toBe(200);
  });
});
