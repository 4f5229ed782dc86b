/** API tokens: created by an admin for a user, used as bearer tokens and Open311 api_keys. */
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Clock } from '../domain/ports.ts';
import type { UserStore } from '../storage/stores/user-store.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** Builds the token use cases. */
export function createManageTokens(deps: {
  users: Pick<UserStore, 'insertToken' | 'listTokens' | 'revokeToken' | 'findWithGrants'>;
  clock: Clock;
}) {
  return {
    /**
     * Creates a token acting as `userId`; the secret is returned once and never stored.
     * A `secret` may be given (demo data and migrations from other systems).
     * @throws ValidationError for a bad name, unknown user or past expiry.
     */
    async createToken(input: {
      name: string;
      userId: string;
      expiresAt?: Date | null;
      secret?: string;
    }) {
      const name = input.name.trim();
      if (name.length < 1 || name.length > 100) {
        throw new ValidationError('The token needs a name.', [
          { field: '/name', message: '1 to 100 characters' },
        ]);
      }
      if (!(await deps.users.findWithGrants(input.userId))) {
        throw new ValidationError('Unknown user.', [{ field: '/user', message: 'no such user' }]);
      }
      const now = deps.clock.now();
      if (input.expiresAt && input.expiresAt <= now) {
        throw new ValidationError('The expiry is in the past.', [
          { field: '/expiresAt', message: 'must be in the future' },
        ]);
      }
      const secret = input.secret ?? `cg_${newSecret()}`;
      const record = await deps.users.insertToken(
        {
          name,
          tokenHash: hashSecret(secret),
          userId: input.userId,
          expiresAt: input.expiresAt ?? null,
        },
        now,
      );
      return { ...record, secret };
    },
    /** Every token, newest first, without secrets. */
    listTokens: () => deps.users.listTokens(),
    /** Revokes a token. @throws NotFoundError when no live token has this id. */
    async revokeToken(id: string): Promise<void> {
      if (!(await deps.users.revokeToken(id, deps.clock.now())))
        throw new NotFoundError('No live token has this id.');
    },
  };
}
