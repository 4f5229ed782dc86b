/** The category and department trees (public: a reporter needs them to report). */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../../services/container.ts';
import { presentCategoryTree, presentDepartmentTree } from './org.presenter.ts';

export const orgRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { org } = services.stores;

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
};
