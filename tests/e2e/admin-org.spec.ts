/**
 * Administering categories and departments in the browser, in both languages: an admin
 * adds a department, then a category under a group with an extra question and that
 * department; a resident finds it on the report page and is asked the question; the admin
 * retires it and it is gone from the report page; an edit saved after someone else's is
 * refused with the typed values kept, and saves once the stored category is loaded; the
 * category moves under another group; a department still named by a category cannot be
 * retired, an unused one can and is then no longer offered. An axe-core check and
 * screenshots of both pages.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, DESK, LANGS, newPage, screenshot, waitForText } from './support/browser.ts';
import { signIn } from './support/staff.ts';
import { useServerAndBrowser } from './support/suite.ts';

const TEXT = {
  'zh-CN': {
    departments: '部门',
    addRootDepartment: '新增顶级部门',
    addChild: '在此类别下新增',
    edit: '编辑此类别',
    save: '保存类别',
    saveDepartment: '保存部门',
    editDepartment: '编辑此部门',
    departmentRetired: '已撤销：不能再向此部门派遣案件',
    addQuestion: '添加问题',
    departmentCreated: (code: string) => `部门 ${code} 已新增。`,
    created: (code: string) => `类别 ${code} 已新增。`,
    saved: (code: string) => `类别 ${code} 已保存。`,
    required: '请填写此项。',
    active: '新上报可以选择此类别',
    retired: '已停用：新上报不能选择此类别',
    conflict: '您编辑期间，其他人已保存了此类别。',
    reload: '载入已保存的类别',
    name: '共享单车乱停放',
  },
  en: {
    departments: 'Departments',
    addRootDepartment: 'Add a top-level department',
    addChild: 'Add a category under this one',
    edit: 'Edit this category',
    save: 'Save category',
    saveDepartment: 'Save department',
    editDepartment: 'Edit this department',
    departmentRetired: 'Retired: no case can be dispatched to this department',
    addQuestion: 'Add a question',
    departmentCreated: (code: string) => `Department ${code} added.`,
    created: (code: string) => `Category ${code} added.`,
    saved: (code: string) => `Category ${code} saved.`,
    required: 'Fill this in.',
    active: 'New reports may choose it',
    retired: 'Retired: new reports cannot choose this category',
    conflict: 'Someone else saved this category while you were editing.',
    reload: 'Load the saved category',
    name: 'Badly parked shared bike',
  },
} as const;

interface CategoryNode {
  code: string;
  nameEn: string;
  version: number;
  children: CategoryNode[];
}

describe('category and department administration', () => {
  const env = useServerAndBrowser();

  async function asAdmin(lang: (typeof LANGS)[number], path: string): Promise<Page> {
    const { page } = await newPage(env.browser.browser, {
      baseURL: env.server.url,
      locale: lang,
      viewport: DESK,
    });
    await signIn(page, 'admin');
    await page.goto(path);
    return page;
  }

  async function stored(code: string): Promise<CategoryNode | undefined> {
    const { body } = await env.server.api<{ items: CategoryNode[] }>('GET', '/api/v1/categories');
    const all = (nodes: CategoryNode[]): CategoryNode[] =>
      nodes.flatMap((n) => [n, ...all(n.children)]);
    return all(body.items).find((c) => c.code === code);
  }

  /** The resident's report page, searching for `name`: the number of choices it offers. */
  async function offeredOnReportPage(lang: (typeof LANGS)[number], name: string) {
    const { page, context } = await newPage(env.browser.browser, {
      baseURL: env.server.url,
      locale: lang,
    });
    await page.goto('/');
    await page.locator('#report-category').fill(name);
    // The search answers at once; give the list a moment to settle before counting.
    await page.waitForTimeout(300);
    const count = await page.locator('.choice', { hasText: name }).count();
    if (count > 0) {
      await page.locator('.choice', { hasText: name }).first().click();
      await waitForText(page.locator('.chosen-name'), name);
    }
    const asked = count > 0 ? await page.getByText(/How many bikes|单车数量/).count() : 0;
    await context.close();
    return { count, asked };
  }

  for (const lang of LANGS) {
    it(`adds a department and a category, retires it, and refuses a stale edit (${lang})`, async () => {
      const text = TEXT[lang];
      const tag = lang === 'en' ? 'en' : 'zh';
      const deptCode = `bikes-${tag}`;
      const code = `C03B${tag.toUpperCase()}`;

      // A department, added at the top of the tree.
      const page = await asAdmin(lang, '/staff/admin/departments');
      await waitForText(page.locator('h2.admin-section-title'), text.departments);
      await page.getByRole('button', { name: text.addRootDepartment }).click();
      await page.locator('#department-code').fill(deptCode);
      await page.locator('#department-nameZh').fill('单车管理站');
      await page.locator('#department-nameEn').fill('Bike Station');
      await page.getByRole('button', { name: text.saveDepartment }).click();
      await waitForText(page.getByTestId('department-saved'), text.departmentCreated(deptCode));
      await page.getByTestId('department-tree').locator(`[data-code="${deptCode}"]`).waitFor();
      await screenshot(page, 'admin-departments', lang);
      await checkA11y(page, `the departments page (${lang})`);

      // A category under C03 with one required list question, sent to that department.
      await page.goto('/staff/admin/categories?category=C03');
      await page.getByTestId('category-details').waitFor();
      await page.getByRole('button', { name: text.addChild }).click();
      const form = page.getByTestId('category-form');
      await form.locator('#category-code').fill(code);
      await form.locator('#category-nameEn').fill(`${TEXT.en.name} ${tag}`);
      // Missing Chinese name: refused in the browser, named beside the field.
      await form.getByRole('button', { name: text.save }).click();
      await waitForText(form.locator('#category-nameZh-error'), text.required);
      await form.locator('#category-nameZh').fill(`${TEXT['zh-CN'].name}${tag}`);
      await form.locator('#category-department').selectOption(deptCode);
      await form.getByRole('button', { name: text.addQuestion }).click();
      await form.locator('#category-q0-code').fill('count');
      await form.locator('#category-q0-datatype').selectOption('singlevaluelist');
      await form.locator('#category-q0-zh').fill('单车数量');
      await form.locator('#category-q0-en').fill('How many bikes');
      await form.locator('#category-q0-choices').fill('one | 一辆 | One\nmany | 多辆 | Several');
      await form.locator('#category-q0-required').check();
      await screenshot(page, 'admin-category-form', lang);
      await checkA11y(page, `the category form (${lang})`);
      await form.getByRole('button', { name: text.save }).click();
      await waitForText(page.getByTestId('category-saved'), text.created(code));
      expect(new URL(page.url()).searchParams.get('category')).toBe(code);

      const name = lang === 'en' ? `${TEXT.en.name} ${tag}` : `${TEXT['zh-CN'].name}${tag}`;
      expect(await offeredOnReportPage(lang, name)).toEqual({ count: 1, asked: 1 });

      // Retired: the report page no longer offers it.
      await page.getByRole('button', { name: text.edit }).click();
      await page.getByLabel(text.active).uncheck();
      await page.getByTestId('category-form').getByRole('button', { name: text.save }).click();
      await waitForText(page.getByTestId('category-saved'), text.saved(code));
      await waitForText(page.getByTestId('category-retired'), text.retired, 'contains');
      expect((await offeredOnReportPage(lang, name)).count).toBe(0);

      // Someone else saves while the form is open: refused, typed values kept, then reloaded.
      await page.getByRole('button', { name: text.edit }).click();
      const before = (await stored(code)) as CategoryNode;
      const meanwhile = await env.server.api('PATCH', `/api/v1/categories/${code}`, {
        as: 'admin',
        body: { version: before.version, nameEn: `Renamed elsewhere ${tag}` },
      });
      expect(meanwhile.status).toBe(200);
      const editForm = page.getByTestId('category-form');
      await editForm.locator('#category-nameEn').fill(`Mine ${tag}`);
      await editForm.getByRole('button', { name: text.save }).click();
      await waitForText(page.getByTestId('category-conflict'), text.conflict, 'contains');
      expect(await editForm.locator('#category-nameEn').inputValue()).toBe(`Mine ${tag}`);
      expect((await stored(code))?.nameEn).toBe(`Renamed elsewhere ${tag}`);
      await page.getByRole('button', { name: text.reload }).click();
      await expect
        .poll(() => editForm.locator('#category-nameEn').inputValue())
        .toBe(`Renamed elsewhere ${tag}`);
      await editForm.locator('#category-nameEn').fill(`Mine after all ${tag}`);
      await editForm.getByRole('button', { name: text.save }).click();
      await waitForText(page.getByTestId('category-saved'), text.saved(code));
      expect(await stored(code)).toMatchObject({
        nameEn: `Mine after all ${tag}`,
        version: before.version + 2,
      });

      // Moved under another group: the form shows where it is, the tree where it went.
      await page.getByRole('button', { name: text.edit }).click();
      expect(await page.locator('#category-parent').inputValue()).toBe('C03');
      await page.locator('#category-parent').selectOption('E01');
      await page.getByTestId('category-form').getByRole('button', { name: text.save }).click();
      await waitForText(page.getByTestId('category-saved'), text.saved(code));
      const e01 = await stored('E01');
      expect(e01?.children.map((c) => c.code)).toContain(code);

      // The department's page lists the category it receives by default, linked.
      await page.goto(`/staff/admin/departments?department=${deptCode}`);
      await waitForText(page.getByTestId('department-categories'), code, 'contains');
      await page.getByTestId('department-categories').getByRole('link').first().click();
      await page.waitForURL((url) => url.searchParams.get('category') === code);

      // Retiring: refused while a category still sends reports to the department, named
      // beside the box; an unused department retires and is no longer offered as a default.
      await page.goto(`/staff/admin/departments?department=${deptCode}`);
      await page.getByRole('button', { name: text.editDepartment }).click();
      await page.locator('#department-active').uncheck();
      await page.getByRole('button', { name: text.saveDepartment }).click();
      await waitForText(page.locator('#department-active-error'), code, 'contains');
      const spare = `spare-${tag}`;
      const made = await env.server.api('POST', '/api/v1/departments', {
        as: 'admin',
        body: { code: spare, nameZh: '备用科', nameEn: 'Spare Unit' },
      });
      expect(made.status).toBe(201);
      await page.goto(`/staff/admin/departments?department=${spare}`);
      await page.getByRole('button', { name: text.editDepartment }).click();
      await page.locator('#department-active').uncheck();
      await page.getByRole('button', { name: text.saveDepartment }).click();
      await waitForText(page.getByTestId('department-retired'), text.departmentRetired, 'contains');
      await page.goto(`/staff/admin/categories?category=${code}`);
      await page.getByRole('button', { name: text.edit }).click();
      await page.locator(`#category-department option[value="${deptCode}"]`).waitFor({
        state: 'attached',
      });
      expect(await page.locator(`#category-department option[value="${spare}"]`).count()).toBe(0);
      await page.context().close();
    });
  }
});
