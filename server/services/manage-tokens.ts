/** API tokens: created by an admin for a user, used as bearer tokens and Open311 api_keys. */
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { grantsWithinScope, scopeOf, type Actor } from '../domain/org/scope.ts';
import type { Clock } from '../domain/ports.ts';
import type { TokenRecord, UserStore } from '../storage/stores/user-store.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** Builds the token use cases. */
export function createManageTokens(deps: {
  users: Pick<UserStore, 'insertToken' | 'listTokens' | 'revokeToken' | 'findWithGrants'>;
  clock: Clock;
}) {
  async function withinScope(actor: Actor, userId: string): Promise<boolean> {
    if (userId === actor.userId) return true;
    const user = await deps.users.findWithGrants(userId);
    return user !== undefined && grantsWithinScope(scopeOf(actor, ['admin']), user.grants);
  }

  async function requireWithinScope(actor: Actor, userId: string): Promise<void> {
    if (!(await withinScope(actor, userId))) {
      throw new ForbiddenError(
        'That user holds roles outside your scope: you may not act for them.',
      );
    }
  }

  const tokens = {
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
    /**
     * Creates a token for a user the admin may act for: itself, or a user whose every
     * grant lies inside the admin's scope.
     * @throws ForbiddenError otherwise.
     */
    async createTokenFor(
      actor: Actor,
      input: { name: string; userId: string; expiresAt?: Date | null },
    ) {
      await requireWithinScope(actor, input.userId);
      return tokens.createToken(input);
    },
    /** The tokens of users inside the admin's scope, newest first. */
    async listTokensFor(actor: Actor): Promise<TokenRecord[]> {
      const tokens = await deps.users.listTokens();
      const visible = await Promise.all(tokens.map((t) => withinScope(actor, t.userId)));
      return tokens.filter((_, i) => visible[i]);
    },
    /** Revokes a token of a user inside the admin's scope. @throws NotFoundError otherwise. */
    async revokeTokenFor(actor: Actor, id: string): Promise<void> {
      const token = (await deps.users.listTokens()).find((t) => t.id === id);
      if (!token || !(await withinScope(actor, token.userId)))
        throw new NotFoundError('No live token has this id.');
      await tokens.revokeToken(id);
    },
  };
  return tokens;
}
