/**
 * Seeds the fictional demo district (SPEC "Demo data") into an empty database: areas,
 * departments, the category tree, one user per role and the `demo-open311-key` token.
 * Demo secrets exist only here; the start-up banner says so.
 */
import { ConflictError } from '../domain/errors.ts';
import type { DutyShift } from '../domain/duty/duty-shift.ts';
import type { Role } from '../domain/org/role.ts';
import type { Db } from '../storage/database.ts';
import type { DutyStore } from '../storage/stores/duty-store.ts';
import type { Clock, IdGenerator } from '../domain/ports.ts';
import type { AreaStore } from '../storage/stores/area-store.ts';
import type { OrgStore } from '../storage/stores/org-store.ts';
import type { PolicyStore } from '../storage/stores/policy-store.ts';
import type { UserStore } from '../storage/stores/user-store.ts';
import type { createCreateUser } from './create-user.ts';
import {
  buildDemoAreaFile,
  DEMO_CATEGORIES,
  DEMO_DEPARTMENTS,
  DEMO_GRID_CODES,
} from './demo/demo-city.ts';
import type { createImportAreas } from './import-areas.ts';
import type { createManageTokens } from './manage-tokens.ts';

/** The password of every demo account. */
export const DEMO_PASSWORD = 'demo-password';
/** The demo API token, usable as an Open311 `api_key`. */
export const DEMO_API_KEY = 'demo-open311-key';

/**
 * A demo holiday schedule for 2026 in the shape of China's public holidays with make-up
 * working days (调休). Illustrative only: an admin sets the official list each year.
 */
export const DEMO_CALENDAR_DAYS: { date: string; kind: 'holiday' | 'workday'; name: string }[] = [
  ...['2026-01-01', '2026-01-02'].map((date) => ({
    date,
    kind: 'holiday' as const,
    name: 'New Year (demo)',
  })),
  ...['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map((date) => ({
    date,
    kind: 'holiday' as const,
    name: 'Spring Festival (demo)',
  })),
  { date: '2026-02-14', kind: 'workday', name: 'Spring Festival make-up day (demo)' },
  { date: '2026-02-28', kind: 'workday', name: 'Spring Festival make-up day (demo)' },
  { date: '2026-04-06', kind: 'holiday', name: 'Qingming (demo)' },
  ...['2026-05-01', '2026-05-04', '2026-05-05'].map((date) => ({
    date,
    kind: 'holiday' as const,
    name: 'Labour Day (demo)',
  })),
  { date: '2026-04-26', kind: 'workday', name: 'Labour Day make-up day (demo)' },
  { date: '2026-06-19', kind: 'holiday', name: 'Dragon Boat Festival (demo)' },
  { date: '2026-09-25', kind: 'holiday', name: 'Mid-Autumn Festival (demo)' },
  ...['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'].map((date) => ({
    date,
    kind: 'holiday' as const,
    name: 'National Day (demo)',
  })),
  { date: '2026-09-27', kind: 'workday', name: 'National Day make-up day (demo)' },
  { date: '2026-10-10', kind: 'workday', name: 'National Day make-up day (demo)' },
];

/** One demo account as the banner and README list it. */
export interface DemoAccount {
  login: string;
  roles: string;
}

/** Builds the seed use case. */
export function createSeedDemo(deps: {
  areas: Pick<AreaStore, 'count' | 'findByCode'>;
  users: Pick<UserStore, 'count'>;
  org: Pick<OrgStore, 'insertDepartments' | 'insertCategories' | 'listDepartments'>;
  policies: Pick<PolicyStore, 'replaceCalendarDays'>;
  importAreas: ReturnType<typeof createImportAreas>;
  createUser: ReturnType<typeof createCreateUser>;
  tokens: ReturnType<typeof createManageTokens>;
  duty: Pick<DutyStore, 'insertMany'>;
  db: Db;
  clock: Clock;
  ids: IdGenerator;
}) {
  /**
   * Seeds everything; returns the accounts created.
   * @throws ConflictError when the database already holds areas or users.
   */
  return async function seedDemo(
    options: {
      /** Also plan a fortnight of duty shifts from today (for `npm start`; tests plan their own). */
      dutyRoster?: boolean;
    } = {},
  ): Promise<DemoAccount[]> {
    if ((await deps.areas.count()) > 0 || (await deps.users.count()) > 0) {
      throw new ConflictError(
        'The database is not empty: demo data is seeded only into an empty database.',
      );
    }
    const stamp = deps.clock.now().toISOString();
    await deps.importAreas(buildDemoAreaFile());

    const departmentIds = new Map<string, string>();
    for (const d of DEMO_DEPARTMENTS) departmentIds.set(d.code, deps.ids.next());
    await deps.org.insertDepartments(
      DEMO_DEPARTMENTS.map((d) => ({
        id: departmentIds.get(d.code) as string,
        code: d.code,
        parent_id: d.parentCode ? (departmentIds.get(d.parentCode) ?? null) : null,
        name_zh: d.nameZh,
        name_en: d.nameEn,
        created_at: stamp,
      })),
    );

    const categoryIds = new Map<string, string>();
    for (const c of DEMO_CATEGORIES) categoryIds.set(c.code, deps.ids.next());
    await deps.org.insertCategories(
      DEMO_CATEGORIES.map((c, i) => ({
        id: categoryIds.get(c.code) as string,
        code: c.code,
        parent_id: c.parentCode ? (categoryIds.get(c.parentCode) ?? null) : null,
        kind: c.kind,
        name_zh: c.nameZh,
        name_en: c.nameEn,
        notice_zh: c.noticeZh,
        notice_en: c.noticeEn,
        default_priority: c.defaultPriority,
        default_department_id: c.departmentCode
          ? (departmentIds.get(c.departmentCode) ?? null)
          : null,
        attributes: JSON.stringify(c.attributes),
        duplicate_radius_m: c.duplicateRadiusM,
        sort_order: i,
        created_at: stamp,
      })),
    );

    await deps.policies.replaceCalendarDays('2026-01-01', '2026-12-31', DEMO_CALENDAR_DAYS);

    const file = buildDemoAreaFile();
    const district = file.features.find((f) => f.properties.level === 'district');
    const cellA = file.features.find((f) => f.properties.code === DEMO_GRID_CODES.a);
    const root = district?.properties.code ?? '';
    const communityA = cellA?.properties.parentCode ?? root;
    const everyDepartment = DEMO_DEPARTMENTS.map((d) => d.code);

    const accounts: {
      login: string;
      name: string;
      grants: { role: Role; area?: string; department?: string }[];
    }[] = [
      { login: 'admin', name: 'Demo Admin 管理员', grants: [{ role: 'admin', area: root }] },
      {
        login: 'dispatcher',
        name: 'Demo Dispatcher 派遣员',
        grants: [{ role: 'dispatcher', area: root }],
      },
      {
        login: 'supervisor',
        name: 'Demo Supervisor 督查',
        grants: [{ role: 'supervisor', area: root }],
      },
      { login: 'auditor', name: 'Demo Auditor 审计员', grants: [{ role: 'auditor', area: root }] },
      {
        login: 'mediator',
        name: 'Demo Mediator 调解员',
        grants: [{ role: 'mediator', area: root }],
      },
      {
        login: 'handler',
        name: 'Demo Handler 处置人员',
        grants: everyDepartment.map((department) => ({ role: 'handler' as const, department })),
      },
      {
        login: 'grid_worker_a',
        name: 'Demo Grid Worker A 网格员甲',
        grants: [{ role: 'grid_worker', area: DEMO_GRID_CODES.a }],
      },
      {
        login: 'grid_worker_b',
        name: 'Demo Grid Worker B 网格员乙',
        grants: [{ role: 'grid_worker', area: DEMO_GRID_CODES.b }],
      },
      {
        login: 'grid_leader',
        name: 'Demo Grid Leader 网格长',
        grants: [{ role: 'grid_leader', area: communityA }],
      },
      {
        login: 'department_head',
        name: 'Demo Department Head 部门负责人',
        grants: [{ role: 'department_head', department: 'urban-management' }],
      },
      {
        login: 'volunteer',
        name: 'Demo Volunteer 楼栋长',
        grants: [{ role: 'volunteer', area: DEMO_GRID_CODES.a }],
      },
    ];
    const created: DemoAccount[] = [];
    const userIds = new Map<string, string>();
    for (const account of accounts) {
      const userId = await deps.createUser({
        login: account.login,
        displayName: account.name,
        password: DEMO_PASSWORD,
        grants: account.grants,
      });
      userIds.set(account.login, userId);
      const scopes = account.grants.map((g) => g.area ?? g.department);
      const roles = [...new Set(account.grants.map((g) => g.role))].join(', ');
      created.push({
        login: account.login,
        roles: `${roles} @ ${scopes.length > 3 ? `all ${scopes.length} departments` : scopes.join(', ')}`,
      });
    }
    const integrationId = await deps.createUser({
      login: 'open311-client',
      displayName: 'Demo Open311 client',
      password: `${DEMO_PASSWORD}-integration`,
      grants: [],
    });
    await deps.tokens.createToken({
      name: 'Demo Open311 key',
      userId: integrationId,
      secret: DEMO_API_KEY,
    });
    if (options.dutyRoster) await seedRoster(userIds, communityA);
    return created;
  };

  /**
   * A fortnight of duty from yesterday (China Standard Time), so someone is on duty from the
   * first start on: in cell A the grid leader by day with the district dispatcher as cover,
   * in community A the dispatcher by night with the grid leader as cover (only those who
   * register reports stand duty). The rest of the district is left uncovered, as a real roster
   * under construction is, so the roster page shows its gaps.
   */
  async function seedRoster(userIds: Map<string, string>, communityCode: string): Promise<void> {
    const cell = await deps.areas.findByCode(DEMO_GRID_CODES.a);
    const community = await deps.areas.findByCode(communityCode);
    const person = (login: string) => userIds.get(login) as string;
    if (!cell || !community) return;
    const now = deps.clock.now();
    const stamp = now.toISOString();
    // Local midnight of today in UTC+8 (no daylight saving there).
    const today = Date.parse(
      `${new Date(now.getTime() + 8 * HOUR).toISOString().slice(0, 10)}T00:00:00+08:00`,
    );
    const shifts: DutyShift[] = [];
    for (let day = -1; day < 14; day++) {
      const base = today + day * 24 * HOUR;
      const plan = (
        areaId: string,
        from: number,
        to: number,
        primary: string,
        backup: string,
        note: string,
      ) =>
        shifts.push({
          id: deps.ids.next(),
          areaId,
          startsAt: new Date(base + from * HOUR).toISOString(),
          endsAt: new Date(base + to * HOUR).toISOString(),
          primaryUserId: person(primary),
          backupUserId: person(backup),
          note,
          version: 1,
          createdAt: stamp,
          updatedAt: stamp,
        });
      plan(cell.id, 8.5, 17.5, 'grid_leader', 'dispatcher', '白班 Day watch (demo)');
      plan(community.id, 17.5, 32.5, 'dispatcher', 'grid_leader', '夜班 Night watch (demo)');
    }
    await deps.duty.insertMany(deps.db.kysely, shifts, null);
  }
}

const HOUR = 3_600_000;
