/**
 * The category and department trees (public: a reporter needs them to report), and their
 * administration: an admin adds and edits categories (names, kind, defaults, notices, extra
 * questions, retiring) and departments, each edit at the version it read.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NotFoundError } from '../../../domain/errors.ts';
import { MAX_ATTRIBUTES, MAX_ATTRIBUTE_VALUES } from '../../../domain/org/category-rules.ts';
import { ATTRIBUTE_DATATYPES, CATEGORY_KINDS, PRIORITIES } from '../../../domain/org/category.ts';
import type { Services } from '../../../services/container.ts';
import {
  MAX_DUPLICATE_RADIUS_M,
  ORG_CODE_PATTERN,
  type CategoryFields,
} from '../../../services/manage-org.ts';
import { requireActor } from '../../plugins/auth.ts';
import { problems } from '../common.schemas.ts';
import { findNode, presentCategoryTree, presentDepartmentTree } from './org.presenter.ts';

function oneOf<T extends string>(values: readonly T[], description?: string) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], description });
}

const Code = Type.String({
  pattern: ORG_CODE_PATTERN,
  description: 'Never changes once created: clients, Open311 and imports name it',
});
const Key = Type.String({ maxLength: 64, description: 'Code or id' });
const ParentKey = Type.Union([Key, Type.Null()], {
  description: 'Code or id of the parent; null for a root',
});
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Notice = Type.Union([Type.String({ maxLength: 500 }), Type.Null()], {
  description: 'Shown to reporters before they send (safety advice); null or empty for none',
});
const AttributeInput = Type.Object(
  {
    code: Type.String({ maxLength: 64 }),
    datatype: oneOf(ATTRIBUTE_DATATYPES),
    required: Type.Boolean(),
    order: Type.Optional(Type.Integer({ minimum: 0, description: 'Defaults to its position' })),
    descriptionZh: Type.String({ maxLength: 300 }),
    descriptionEn: Type.String({ maxLength: 300 }),
    values: Type.Optional(
      Type.Array(
        Type.Object(
          {
            key: Type.String({ maxLength: 64 }),
            nameZh: Type.String({ maxLength: 100 }),
            nameEn: Type.String({ maxLength: 100 }),
          },
          { additionalProperties: false },
        ),
        { maxItems: MAX_ATTRIBUTE_VALUES, description: 'Choices of a list question only' },
      ),
    ),
  },
  { additionalProperties: false },
);

/** The settable fields of a category (all optional here). */
const categoryFields: { [K in keyof CategoryFields]: TSchema } = {
  parent: ParentKey,
  kind: oneOf(CATEGORY_KINDS),
  nameZh: Name,
  nameEn: Name,
  noticeZh: Notice,
  noticeEn: Notice,
  defaultPriority: oneOf(PRIORITIES),
  defaultDepartment: Type.Union([Key, Type.Null()], {
    description:
      'Code or id of the department a report goes to unless a routing rule says otherwise',
  }),
  duplicateRadiusM: Type.Integer({
    minimum: 0,
    maximum: MAX_DUPLICATE_RADIUS_M,
    description: 'Open cases of the category this near count as possible duplicates',
  }),
  sortOrder: Type.Integer({
    minimum: 0,
    maximum: 1_000_000,
    description: 'Place among its siblings, lower first (then by code); new ones go last',
  }),
  attributes: Type.Array(AttributeInput, {
    maxItems: MAX_ATTRIBUTES,
    description: 'Extra questions (the Open311 service definition); the complete new list',
  }),
  active: Type.Boolean({ description: 'False retires it: no new report takes it, its cases stay' }),
};
const optional = (fields: Record<string, TSchema>) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)]));
const Version = Type.Integer({ minimum: 1, description: 'The version you read' });

export const orgRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { org } = services.stores;

  /** The category tree's node of `id`, with its subtree, as GET /categories shows it. */
  async function categoryNode(id: string) {
    const [categories, departments] = await Promise.all([
      org.listCategories(),
      org.listDepartments(),
    ]);
    const node = findNode(presentCategoryTree(categories, departments), id);
    if (!node) throw new NotFoundError(`No category "${id}".`);
    return node;
  }
  async function departmentNode(id: string) {
    const node = findNode(presentDepartmentTree(await org.listDepartments()), id);
    if (!node) throw new NotFoundError(`No department "${id}".`);
    return node;
  }

  app.get(
    '/categories',
    {
      schema: {
        tags: ['categories'],
        summary: 'The category tree',
        description:
          'Large and small classes after GB/T 30428 plus safety, dispute, service and complaint kinds, with names in ' +
          'zh-CN and en, default priority and department, and extra questions (attributes).',
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('CategoryNode')) }) },
      },
    },
    async () => {
      const [categories, departments] = await Promise.all([
        org.listCategories(),
        org.listDepartments(),
      ]);
      return { items: presentCategoryTree(categories, departments) };
    },
  );

  app.get(
    '/departments',
    {
      schema: {
        tags: ['departments'],
        summary: 'The department tree',
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('DepartmentNode')) }) },
      },
    },
    async () => ({ items: presentDepartmentTree(await org.listDepartments()) }),
  );

  app.post(
    '/categories',
    {
      schema: {
        tags: ['categories'],
        summary: 'Add a category (admin)',
        description:
          'Kind, priority, department and duplicate radius default to the parent’s (or other, normal, none, 50 m). ' +
          'A category that gets a child becomes a group: new reports take its children. Audited.',
        body: Type.Object(
          {
            code: Code,
            ...optional(categoryFields),
            nameZh: Name,
            nameEn: Name,
          } as Record<string, TSchema>,
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('CategoryNode'), ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body as Parameters<typeof services.org.createCategory>[1];
      const id = await services.org.createCategory(requireActor(request), body);
      return reply.code(201).send(await categoryNode(id));
    },
  );

  app.patch(
    '/categories/:category',
    {
      schema: {
        tags: ['categories'],
        summary: 'Edit a category (admin)',
        description:
          'Changes the fields sent, at the `version` read (409 `stale-version` when it changed meanwhile; nothing ' +
          'is written). Moving it under another parent re-bases its SLA policy and routing on the new lineage; it ' +
          'cannot move into its own subtree. Cases keep their category. Audited.',
        params: Type.Object({ category: Key }),
        body: Type.Object(
          { version: Version, ...optional(categoryFields) } as Record<string, TSchema>,
          {
            additionalProperties: false,
          },
        ),
        response: { 200: Type.Ref('CategoryNode'), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const body = request.body as Parameters<typeof services.org.updateCategory>[2];
      const id = await services.org.updateCategory(
        requireActor(request),
        request.params.category,
        body,
      );
      return categoryNode(id);
    },
  );

  app.post(
    '/departments',
    {
      schema: {
        tags: ['departments'],
        summary: 'Add a department (admin)',
        description: 'Audited. Staff get roles on it through the users API.',
        body: Type.Object(
          { code: Code, parent: Type.Optional(ParentKey), nameZh: Name, nameEn: Name },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('DepartmentNode'), ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const id = await services.org.createDepartment(requireActor(request), request.body);
      return reply.code(201).send(await departmentNode(id));
    },
  );

  app.patch(
    '/departments/:department',
    {
      schema: {
        tags: ['departments'],
        summary: 'Edit a department (admin)',
        description:
          'Names, parent and `active`, at the `version` read (409 `stale-version` when it changed meanwhile). A ' +
          'retired department gets no new dispatch and cannot become a default, an override target or a parent; ' +
          'its cases and figures stay. Audited.',
        params: Type.Object({ department: Key }),
        body: Type.Object(
          {
            version: Version,
            parent: Type.Optional(ParentKey),
            nameZh: Type.Optional(Name),
            nameEn: Type.Optional(Name),
            active: Type.Optional(
              Type.Boolean({
                description:
                  'False retires it: refused (400, field /active) while a category names it as default, a routing ' +
                  'override sends cases to it or an active department lies under it',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('DepartmentNode'), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const id = await services.org.updateDepartment(
        requireActor(request),
        request.params.department,
        request.body,
      );
      return departmentNode(id);
    },
  );
};
