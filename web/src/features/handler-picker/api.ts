/** Staff a case may be assigned to (`GET /api/v1/users/assignable`): names, never logins or e-mail. */
import { request } from '../../api/client.ts';

/** A handler or department head of one department. */
export interface AssignableStaff {
  id: string;
  displayName: string;
  department: { id: string; code: string };
  roles: ('handler' | 'department_head')[];
}

/** Filters of the picker: the department (id or code) and a part of the name. */
export interface AssignableQuery {
  department: string;
  q?: string;
}

/** The most names the picker asks for at once; a search narrows the rest. */
export const PICKER_LIMIT = 50;

export const listAssignable = (query: AssignableQuery, signal?: AbortSignal) =>
  request<{ items: AssignableStaff[] }>('/api/v1/users/assignable', {
    query: { department: query.department, q: query.q?.trim(), limit: PICKER_LIMIT },
    signal,
  }).then((r) => r.items);
