/** Queries and changes of the admin pages; each change invalidates what it alters. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { categoryKeys } from '../categories/hooks.ts';
import {
  createCategory,
  createDepartment,
  createToken,
  createUser,
  deleteRoutingRule,
  getArea,
  getCalendar,
  getSubtreeBoundaries,
  getUser,
  importAreaFile,
  listAdminCategories,
  listChildAreas,
  listDepartments,
  listRoutingRules,
  listSlaPolicies,
  listTokens,
  listUsers,
  putCalendarDay,
  putRoutingRule,
  putSlaPolicy,
  revokeToken,
  updateCategory,
  updateDepartment,
  updateUser,
  type CalendarDay,
  type GrantInput,
  type StaffFilter,
} from './api.ts';

export const adminKeys = {
  tokens: ['admin', 'tokens'] as const,
  calendar: ['calendar'] as const,
  /** Everything read from the area tree (children, one area, boundaries). */
  areas: ['areas'] as const,
  children: (parentId: string) => ['areas', 'children', parentId] as const,
  area: (idOrCode: string) => ['areas', 'detail', idOrCode] as const,
  subtree: (code: string) => ['areas', 'subtree', code] as const,
  categories: [...categoryKeys.all, 'admin'] as const,
  departments: ['departments'] as const,
  sla: ['admin', 'sla-policies'] as const,
  routing: ['admin', 'routing-rules'] as const,
  users: ['admin', 'users'] as const,
  userPages: (filter: StaffFilter) => ['admin', 'users', 'pages', filter] as const,
};

export function useChildAreas(parentId: string, enabled = true) {
  return useQuery({
    queryKey: adminKeys.children(parentId),
    queryFn: ({ signal }) => listChildAreas(parentId, signal),
    enabled,
    staleTime: 60_000,
  });
}

export function useArea(idOrCode: string | null) {
  return useQuery({
    queryKey: adminKeys.area(idOrCode ?? ''),
    queryFn: ({ signal }) => getArea(idOrCode as string, signal),
    enabled: idOrCode !== null,
    staleTime: 60_000,
  });
}

export function useSubtreeBoundaries(code: string | null) {
  return useQuery({
    queryKey: adminKeys.subtree(code ?? ''),
    queryFn: ({ signal }) => getSubtreeBoundaries(code as string, signal),
    enabled: code !== null,
    staleTime: 60_000,
  });
}

/** Imports an area file; every view of the area tree (here and on the maps) is reloaded. */
export function useImportAreas() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: importAreaFile,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.areas }),
  });
}

export function useAdminCategories() {
  return useQuery({
    queryKey: adminKeys.categories,
    queryFn: ({ signal }) => listAdminCategories(signal),
    staleTime: 60_000,
  });
}

export function useDepartments() {
  return useQuery({
    queryKey: adminKeys.departments,
    queryFn: ({ signal }) => listDepartments(signal),
    staleTime: 10 * 60_000,
  });
}

/** Adds a category; the admin tree and every category list (report form, filters) reload. */
export function useCreateCategory() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createCategory,
    onSuccess: () => client.invalidateQueries({ queryKey: categoryKeys.all }),
  });
}

/** Edits a category at the version read; every category list reloads. */
export function useUpdateCategory() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { code: string; body: { version: number } & object }) =>
      updateCategory(v.code, v.body),
    onSuccess: () => client.invalidateQueries({ queryKey: categoryKeys.all }),
  });
}

export function useCreateDepartment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createDepartment,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.departments }),
  });
}

/** Edits a department at the version read; the department tree and pickers reload. */
export function useUpdateDepartment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { code: string; body: Parameters<typeof updateDepartment>[1] }) =>
      updateDepartment(v.code, v.body),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.departments }),
  });
}

export function useSlaPolicies() {
  return useQuery({ queryKey: adminKeys.sla, queryFn: ({ signal }) => listSlaPolicies(signal) });
}

export function usePutSlaPolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: putSlaPolicy,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.sla }),
  });
}

export function useRoutingRules() {
  return useQuery({
    queryKey: adminKeys.routing,
    queryFn: ({ signal }) => listRoutingRules(signal),
  });
}

export function usePutRoutingRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: putRoutingRule,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.routing }),
  });
}

export function useDeleteRoutingRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: deleteRoutingRule,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.routing }),
  });
}

/** The staff matching the filter, a page at a time ("show more" fetches the next). */
export function useUsers(filter: StaffFilter) {
  return useInfiniteQuery({
    queryKey: adminKeys.userPages(filter),
    queryFn: ({ signal, pageParam }) => listUsers(filter, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/**
 * Reads one account as stored now (`GET /users/:id`, after a conflict), whatever the list's
 * search; undefined when it is no longer in the admin's scope. The staff list reloads too.
 */
export function useReloadUser() {
  const client = useQueryClient();
  return async (id: string) => {
    const fresh = await client.fetchQuery({
      queryKey: [...adminKeys.users, 'one', id],
      queryFn: () => getUser(id),
      staleTime: 0,
    });
    void client.invalidateQueries({ queryKey: adminKeys.users });
    return fresh;
  };
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: {
      id: string;
      changes: {
        version: number;
        displayName?: string;
        email?: string | null;
        active?: boolean;
        roles?: GrantInput[];
      };
    }) => updateUser(v.id, v.changes),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export function useTokens() {
  return useQuery({ queryKey: adminKeys.tokens, queryFn: ({ signal }) => listTokens(signal) });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createToken,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.tokens }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: revokeToken,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.tokens }),
  });
}

export function useCalendar() {
  return useQuery({ queryKey: adminKeys.calendar, queryFn: ({ signal }) => getCalendar(signal) });
}

export function usePutCalendarDay() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { date: string; day: Omit<CalendarDay, 'date'> | null }) =>
      putCalendarDay(v.date, v.day),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.calendar }),
  });
}
