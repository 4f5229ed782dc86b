/** The audit log and the data-access log, for auditors (SPEC Principle 3). */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { scopeOf } from '../../../domain/org/scope.ts';
import type { AuditStore } from '../../../storage/stores/audit-store.ts';
import { requireRoles } from '../../plugins/auth.ts';
import { Id, problems } from '../common.schemas.ts';

const AuditEntryView = Type.Object(
  {
    seq: Type.Integer({ minimum: 1 }),
    at: Type.String({ format: 'date-time' }),
    actorId: Type.Union([Type.String(), Type.Null()]),
    actorLogin: Type.Union([Type.String(), Type.Null()]),
    action: Type.String(),
    subjectType: Type.String(),
    subjectId: Type.String(),
    details: Type.Unknown({ description: 'The entry’s details (a JSON object)' }),
    prevHash: Type.String({ description: 'Hash of the previous entry (64 zeros for the first)' }),
    hash: Type.String({ description: 'sha256(prevHash + "\\n" + canonical JSON of the entry)' }),
  },
  { $id: 'AuditEntry' },
);

const DataAccessView = Type.Object(
  {
    id: Type.String(),
    at: Type.String({ format: 'date-time' }),
    actorId: Type.String(),
    actorLogin: Type.String(),
    caseId: Type.String(),
    fields: Type.Array(Type.String(), { description: 'The personal fields shown' }),
    route: Type.String({ description: 'The route that showed them' }),
  },
  { $id: 'DataAccess' },
);

const NextCursor = Type.Union([Type.String(), Type.Null()], {
  description: 'Pass as `before` for the next (older) page; null on the last page',
});

/** The largest value of the 32-bit `seq` column. */
const MAX_SEQ = 2_147_483_647;

export const auditRoutes: FastifyPluginAsyncTypebox<{ services: { audit: AuditStore } }> = async (
  app,
  { services },
) => {
  const { audit } = services;

  app.get(
    '/audit/log',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log (auditor)',
        description:
          'Every state change, newest first, optionally of one subject. Entries are hash-chained; ' +
          '`civicgrid verify-audit` checks the whole chain.',
        querystring: Type.Object({
          subjectType: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          subjectId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          before: Type.Optional(
            Type.String({ pattern: '^[1-9][0-9]{0,14}$', description: 'Cursor: a seq' }),
          ),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
        response: {
          200: Type.Object({ items: Type.Array(AuditEntryView), nextCursor: NextCursor }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = requireRoles(request, ['auditor']);
      const { subjectType, subjectId, before, limit } = request.query;
      const items = await audit.list({
        subjectType,
        subjectId,
        areaPaths: scopeOf(actor, ['auditor']).areaPaths,
        // seq is a 32-bit integer column: a larger cursor lists from the newest entry
        // (PostgreSQL refuses to compare the column with a number out of its range).
        beforeSeq: before === undefined ? undefined : Math.min(Number(before), MAX_SEQ),
        limit: limit + 1,
      });
      const page = items.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page, nextCursor: items.length > limit && last ? String(last.seq) : null };
    },
  );

  app.get(
    '/audit/data-access',
    {
      schema: {
        tags: ['audit'],
        summary: 'Reads of personal data (auditor)',
        description:
          'Who saw which personal fields of which case, and through which route, newest first; ' +
          'only cases owned inside the auditor’s area subtrees.',
        querystring: Type.Object({
          case: Type.Optional(Id),
          actor: Type.Optional(Id),
          before: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 64,
              pattern: '^[A-Za-z0-9_.-]+$',
              description: 'Cursor: an entry id',
            }),
          ),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
        response: {
          200: Type.Object({ items: Type.Array(DataAccessView), nextCursor: NextCursor }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = requireRoles(request, ['auditor']);
      const { areaPaths } = scopeOf(actor, ['auditor']);
      const { case: caseId, actor: actorId, before, limit } = request.query;
      const items = await audit.listDataAccess({
        caseId,
        actorId,
        areaPaths,
        before,
        limit: limit + 1,
      });
      const page = items.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page, nextCursor: items.length > limit && last ? last.id : null };
    },
  );
};
