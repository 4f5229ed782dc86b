/** The signed-in staff member, and signing in and out. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/client.ts';
import type { Session } from '../../api/types.ts';
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

const LAST_SESSION = 'civicgrid.session';

/**
 * Keeps who is signed in for this tab only (sessionStorage: gone when the tab closes, and
 * on sign-out), so a page reloaded offline still knows its staff member. The service
 * worker never stores the session answer itself.
 */
function rememberSession(session: Session | null): void {
  try {
    if (session) sessionStorage.setItem(LAST_SESSION, JSON.stringify(session));
    else sessionStorage.removeItem(LAST_SESSION);
  } catch {
    // Without storage an offline reload asks to sign in again.
  }
}

function lastSession(): Session | null {
  try {
    const text = sessionStorage.getItem(LAST_SESSION);
    return text ? (JSON.parse(text) as Session) : null;
  } catch {
    return null;
  }
}

/**
 * The current session (null: signed out); `enabled: false` skips asking. Offline, the
 * session this tab last saw stands in (the server still checks the cookie on every call).
 */
export function useSession({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: sessionKeys.current,
    queryFn: async ({ signal }) => {
      let session: Session | null;
      try {
        session = await getSession(signal);
      } catch (error) {
        const last = error instanceof ApiError && error.isNetwork ? lastSession() : null;
        if (last) return last;
        throw error;
      }
      setStaffHint(session !== null);
      rememberSession(session);
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
      rememberSession(session);
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
      rememberSession(null);
      client.removeQueries({ queryKey: ['cases'] });
      client.setQueryData(sessionKeys.current, null);
    },
  });
}
