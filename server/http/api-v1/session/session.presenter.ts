/** How a signed-in actor is shown to clients. */
import { Type, type Static } from '@sinclair/typebox';
import type { Actor } from '../../../domain/org/scope.ts';
import { Ref } from '../common.schemas.ts';

export const SessionView = Type.Object(
  {
    user: Type.Object({ id: Type.String(), login: Type.String(), displayName: Type.String() }),
    roles: Type.Array(
      Type.Object({
        role: Type.String(),
        area: Type.Optional(Ref),
        department: Type.Optional(Ref),
      }),
    ),
  },
  { $id: 'Session' },
);

/** `{user, roles}` as the SPEC's session contract says. */
export function presentActor(actor: Actor): Static<typeof SessionView> {
  return {
    user: { id: actor.userId, login: actor.login, displayName: actor.displayName },
    roles: actor.grants.map((grant) => ({
      role: grant.role,
      ...(grant.area ? { area: { id: grant.area.id, code: grant.area.code } } : {}),
      ...(grant.department
        ? { department: { id: grant.department.id, code: grant.department.code } }
        : {}),
    })),
  };
}
