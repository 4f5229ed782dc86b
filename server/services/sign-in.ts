/** Staff sign-in and sign-out with server-side sessions. */
import { InvalidCredentialsError } from '../domain/errors.ts';
import type { Clock } from '../domain/ports.ts';
import type { UserStore } from '../storage/stores/user-store.ts';
import { hashPassword, hashSecret, newSecret, verifyPassword } from './secrets.ts';

// Checked against when the login is unknown, so a wrong login costs as much as a wrong
// password and timing does not tell which logins exist.
const decoyHash = hashPassword('civicgrid-decoy-password');

/** Builds the sign-in use case. */
export function createSignIn(deps: {
  users: Pick<UserStore, 'findByLogin' | 'insertSession'>;
  clock: Clock;
  sessionTtlHours: number;
}) {
  /**
   * Checks the password and opens a session; returns the secret for the cookie.
   * @throws InvalidCredentialsError when login and password do not match an active user.
   */
  return async function signIn(login: string, password: string) {
    const user = await deps.users.findByLogin(login);
    const ok = await verifyPassword(password, user ? user.passwordHash : await decoyHash);
    if (!user || !ok || !user.active)
      throw new InvalidCredentialsError('Login or password is wrong.');
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + deps.sessionTtlHours * 3_600_000);
    const secret = newSecret();
    await deps.users.insertSession(hashSecret(secret), user.id, now, expiresAt);
    return { secret, userId: user.id, expiresAt };
  };
}

/** Builds the sign-out use case: the session's secret stops working at once. */
export function createSignOut(deps: { users: Pick<UserStore, 'deleteSession'> }) {
  return async function signOut(secret: string): Promise<void> {
    await deps.users.deleteSession(hashSecret(secret));
  };
}
