/** Staff sign-in: the session cookie is HttpOnly; the app only sees who is signed in. */
import { ApiError, request } from '../../api/client.ts';
import type { Session } from '../../api/types.ts';

/** The current session, or null when nobody is signed in. */
export async function getSession(signal?: AbortSignal): Promise<Session | null> {
  try {
    return await request<Session>('/api/v1/session', { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export const signIn = (login: string, password: string) =>
  request<Session>('/api/v1/session', { method: 'POST', body: { login, password } });

export const signOut = () => request<void>('/api/v1/session', { method: 'DELETE' });
