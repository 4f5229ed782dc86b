/**
 * Administration: areas and area files, categories with SLA policies and routing
 * overrides, staff accounts, API tokens and the working-day calendar.
 */
import { ApiError, request } from '../../api/client.ts';
import type { Area, AreaBoundaries, CategoryNode, Priority } from '../../api/types.ts';
import type { SlaPolicy, StageMinutes } from './sla.ts';

export interface Token {
  id: string;
  name: string;
  userId: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string | null;
}

export interface Calendar {
  timeZone: string;
  workDays: string;
  hours: string;
  days: CalendarDay[];
}

export const listTokens = (signal?: AbortSignal) =>
  request<{ items: Token[] }>('/api/v1/tokens', { signal }).then((r) => r.items);

export const createToken = (body: { name: string; expiresAt?: string }) =>
  request<Token & { secret: string }>('/api/v1/tokens', { method: 'POST', body });

export const revokeToken = (id: string) =>
  request<unknown>(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const getCalendar = (signal?: AbortSignal) =>
  request<Calendar>('/api/v1/calendar', { signal });

/** Replaces the special days of one date: a holiday or make-up working day, or none. */
export const putCalendarDay = (date: string, day: Omit<CalendarDay, 'date'> | null) =>
  request<unknown>('/api/v1/calendar/days', {
    method: 'PUT',
    body: {
      from: date,
      to: date,
      days: day ? [{ date, kind: day.kind, ...(day.name ? { name: day.name } : {}) }] : [],
    },
  });

// ----- Areas ----------------------------------------------------------------------------

/** One area with its boundary, ancestors (root first) and the staff granted on it. */
export interface AreaDetail extends Area {
  boundary: AreaBoundaries['features'][number]['geometry'] | null;
  ancestors: Area[];
  staff?: { userId: string; displayName: string; role: string }[];
}

/** The children of an area, by code (the tree is loaded a level at a time). */
export const listChildAreas = (parentId: string, signal?: AbortSignal) =>
  request<{ items: Area[]; nextCursor: string | null }>('/api/v1/areas', {
    query: { parent: parentId, limit: 5000 },
    signal,
  }).then((r) => r.items);

export const getArea = (idOrCode: string, signal?: AbortSignal) =>
  request<AreaDetail>(`/api/v1/areas/${encodeURIComponent(idOrCode)}`, { signal });

/** The boundaries of an area and its subtree. */
export const getSubtreeBoundaries = (code: string, signal?: AbortSignal) =>
  request<AreaBoundaries>('/api/v1/areas/boundaries', { query: { within: code }, signal });

/** Imports an area file, all or nothing. */
export const importAreaFile = (file: unknown) =>
  request<{ created: number; updated: number }>('/api/v1/areas/import', {
    method: 'POST',
    body: file,
  });

// ----- Categories, SLA policies, routing ------------------------------------------------

export interface DepartmentNode {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  /** Sent back with an edit (optimistic concurrency). */
  version: number;
  /** False when retired: no new dispatch, default or override; its cases stay. */
  active: boolean;
  children: DepartmentNode[];
}

/** A category as the admin sees it: with its default department. */
export interface AdminCategory extends CategoryNode {
  defaultDepartment: { id: string; code: string } | null;
  children: AdminCategory[];
}

export interface RoutingRule {
  areaId: string;
  categoryId: string;
  departmentId: string;
  area: string | null;
  areaNameZh: string | null;
  areaNameEn: string | null;
  category: string | null;
  department: string | null;
}

export const listAdminCategories = (signal?: AbortSignal) =>
  request<{ items: AdminCategory[] }>('/api/v1/categories', { signal }).then((r) => r.items);

export const listDepartments = (signal?: AbortSignal) =>
  request<{ items: DepartmentNode[] }>('/api/v1/departments', { signal }).then((r) => r.items);

/** Adds a category (the body of category-form.ts `createBody`). */
export const createCategory = (body: object) =>
  request<AdminCategory>('/api/v1/categories', { method: 'POST', body });

/** Edits a category at the version read (409 when it changed meanwhile). */
export const updateCategory = (code: string, body: { version: number } & object) =>
  request<AdminCategory>(`/api/v1/categories/${encodeURIComponent(code)}`, {
    method: 'PATCH',
    body,
  });

export const createDepartment = (body: {
  code: string;
  parent: string | null;
  nameZh: string;
  nameEn: string;
}) => request<DepartmentNode>('/api/v1/departments', { method: 'POST', body });

/** Edits a department at the version read (409 when it changed meanwhile). */
export const updateDepartment = (
  code: string,
  body: {
    version: number;
    parent?: string | null;
    nameZh?: string;
    nameEn?: string;
    active?: boolean;
  },
) =>
  request<DepartmentNode>(`/api/v1/departments/${encodeURIComponent(code)}`, {
    method: 'PATCH',
    body,
  });

export const listSlaPolicies = (signal?: AbortSignal) =>
  request<{ builtIn: SlaPolicy[]; items: SlaPolicy[] }>('/api/v1/sla-policies', { signal });

/** Sets the policy of a category (null: the default of the priority) for one priority. */
export const putSlaPolicy = (body: {
  category: string | null;
  priority: Priority;
  minutes: StageMinutes;
  escalateAfterOverdueMinutes: number | null;
}) => request<unknown>('/api/v1/sla-policies', { method: 'PUT', body });

export const listRoutingRules = (signal?: AbortSignal) =>
  request<{ items: RoutingRule[] }>('/api/v1/routing-rules', { signal }).then((r) => r.items);

/** Routes a category to a department inside an area's subtree. */
export const putRoutingRule = (body: { area: string; category: string; department: string }) =>
  request<unknown>('/api/v1/routing-rules', { method: 'PUT', body });

/** Removes the routing override of a category inside an area. */
export const deleteRoutingRule = (rule: { area: string; category: string }) =>
  request<unknown>('/api/v1/routing-rules', { method: 'DELETE', query: rule });

// ----- Users ----------------------------------------------------------------------------

export interface StaffUser {
  id: string;
  login: string;
  displayName: string;
  email: string | null;
  active: boolean;
  /** Sent back with a change: the server refuses it (409) when the account has moved on. */
  version: number;
  roles: {
    role: string;
    area?: { id: string; code: string };
    department?: { id: string; code: string };
  }[];
}

/** A grant as sent: the area or department by code. */
export interface GrantInput {
  role: string;
  area?: string;
  department?: string;
}

/** Which staff to list: a part of a login, name or e-mail, a role, active or not. */
export interface StaffFilter {
  q: string;
  role: string;
  active: '' | 'true' | 'false';
}

/** One page of the staff in the admin's scope, after `cursor` (the `nextCursor` of the page before). */
export const listUsers = (filter: StaffFilter, cursor: string | undefined, signal?: AbortSignal) =>
  request<{ items: StaffUser[]; nextCursor: string | null }>('/api/v1/users', {
    query: { q: filter.q.trim(), role: filter.role, active: filter.active, cursor, limit: 50 },
    signal,
  });

/** One account in the admin's scope, as stored now; undefined when gone from the scope. */
export const getUser = (id: string) =>
  request<StaffUser>(`/api/v1/users/${encodeURIComponent(id)}`).catch((error: unknown) => {
    if (error instanceof ApiError && error.isNotFound) return undefined;
    throw error;
  });

export const createUser = (body: {
  login: string;
  displayName?: string;
  email?: string | null;
  password: string;
  roles: GrantInput[];
}) => request<StaffUser>('/api/v1/users', { method: 'POST', body });

export const updateUser = (
  id: string,
  body: {
    version: number;
    displayName?: string;
    email?: string | null;
    active?: boolean;
    roles?: GrantInput[];
  },
) => request<StaffUser>(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', body });
