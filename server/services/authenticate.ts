/** Turns a session cookie or a bearer token into the `Actor` making a request. */
import type { Actor } from '../domain/org/scope.ts';
import type { Clock } from '../domain/ports.ts';
import type { UserStore } from '../storage/stores/user-store.ts';
import { hashSecret } from './secrets.ts';

/** Builds the authenticate use case. */
export function createAuthenticate(deps: {
  users: Pick<UserStore, 'findSessionUser' | 'findTokenUser' | 'findWithGrants'>;
  clock: Clock;
}) {
  /** The actor for the credentials, or null when none are valid. */
  return async function authenticate(credentials: {
    sessionSecret?: string;
    bearerToken?: string;
  }): Promise<Actor | null> {
    const now = deps.clock.now();
    let userId: string | undefined;
    let via: Actor['via'] = 'session';
    if (credentials.bearerToken) {
      userId = await deps.users.findTokenUser(hashSecret(credentials.bearerToken), now);
      via = 'token';
    } else if (credentials.sessionSecret) {
      userId = await deps.users.findSessionUser(hashSecret(credentials.sessionSecret), now);
    }
    if (!userId) return null;
    const user = await deps.users.findWithGrants(userId);
    if (!user || !user.active) return null;
    return {
      userId: user.id,
      login: user.login,
      displayName: user.displayName,
      grants: user.grants,
      via,
    };
  };
}
