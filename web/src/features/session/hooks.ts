/** The signed-in staff member, and signing in and out. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getSession, signIn, signOut } from './api.ts';

export const sessionKeys = { current: ['session'] as const };

const HINT = 'civicgrid.staff';

/**
 * Whether this device has signed in before. Residents never have, so their pages do not
 * ask the server for a session they cannot have (the cookie itself is HttpOnly).
 */
export function hasStaffHint(): boolean {
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return false;
  }
}

function setStaffHint(on: boolean): void {
  try {
    if (on) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch {
    // Without storage the header simply shows the sign-in link.
  }
}

/** The current session (null: signed out); `enabled: false` skips asking. */
export function useSession({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: sessionKeys.current,
    queryFn: async ({ signal }) => {
      const session = await getSession(signal);
      setStaffHint(session !== null);
      return session;
    },
    staleTime: 5 * 60_000,
    enabled,
  });
}

/**
 * Signs in: the session becomes the new one, and case lists of whoever was signed in
 * before (another scope) are dropped.
 */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ login, password }: { login: string; password: string }) =>
      signIn(login, password),
    onSuccess: (session) => {
      setStaffHint(true);
      client.removeQueries({ queryKey: ['cases'] });
      client.setQueryData(sessionKeys.current, session);
    },
  });
}

/** Signs out: no session, and no staff data left in the cache. */
export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSuccess: () => {
      setStaffHint(false);
      client.removeQueries({ queryKey: ['cases'] });
      client.setQueryData(sessionKeys.current, null);
    },
  });
}
