/**
 * `/staff/admin/departments`: the department tree; an admin adds a department (at the top
 * or under the selected one, `?department=<code>`) and renames or moves the selected one.
 * An edit is sent with the version it was loaded at; when someone else saved first, the
 * typed values stay and "Load the saved department" shows what is stored now.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { isConflict } from '../../api/client.ts';
import { Field } from '../../components/Field.tsx';
import { FormProblem, fieldErrorOf } from '../../components/FormProblem.tsx';
import type { AdminCategory, DepartmentNode } from './api.ts';
import { useAreaName } from './AreaTree.tsx';
import { OrgTreeNode } from './OrgTreeNode.tsx';
import {
  useAdminCategories,
  useCreateDepartment,
  useDepartments,
  useUpdateDepartment,
} from './hooks.ts';
import {
  ConflictNotice,
  InputField,
  NodeFormButtons,
  QueryList,
  SaveCancel,
  SavedNotice,
  TreeCard,
  useTreeForms,
} from './parts.tsx';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

interface Located {
  node: DepartmentNode;
  parent: DepartmentNode | null;
}

function indexTree(roots: readonly DepartmentNode[]) {
  const index = new Map<string, Located>();
  const walk = (node: DepartmentNode, parent: DepartmentNode | null) => {
    index.set(node.code, { node, parent });
    for (const child of node.children) walk(child, node);
  };
  for (const root of roots) walk(root, null);
  return index;
}

/** Codes of a node and everything under it: places it cannot be moved to. */
function subtreeCodes(node: DepartmentNode): Set<string> {
  const codes = new Set<string>();
  const walk = (n: DepartmentNode) => {
    codes.add(n.code);
    n.children.forEach(walk);
  };
  walk(node);
  return codes;
}

function DepartmentForm({
  department,
  parentCode,
  index,
  onDone,
  onCancel,
  onReload,
}: {
  /** Edited when given; otherwise a new department is added under `parentCode`. */
  department?: Located;
  parentCode: string | null;
  index: Map<string, Located>;
  onDone: (saved: DepartmentNode) => void;
  onCancel: () => void;
  onReload?: () => Promise<Located | undefined>;
}) {
  const { t } = useTranslation();
  const name = useAreaName();
  const create = useCreateDepartment();
  const update = useUpdateDepartment();
  const isNew = !department;
  const mutation = isNew ? create : update;
  const [code, setCode] = useState('');
  const [nameZh, setNameZh] = useState(department?.node.nameZh ?? '');
  const [nameEn, setNameEn] = useState(department?.node.nameEn ?? '');
  const [parent, setParent] = useState(department?.parent?.code ?? parentCode ?? '');
  const [active, setActive] = useState(department?.node.active ?? true);
  const [version, setVersion] = useState(department?.node.version ?? 0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const conflict = !isNew && isConflict(update.error);
  const codeTaken = isNew && isConflict(create.error);
  const excluded = useMemo(
    () => (department ? subtreeCodes(department.node) : new Set<string>()),
    [department],
  );
  const parents = [...index.values()].filter(
    (l) => !excluded.has(l.node.code) && (l.node.active || l.node.code === parent),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (isNew && !CODE.test(code.trim())) next.code = t('admin.departments.codeInvalid');
    if (!nameZh.trim()) next.nameZh = t('admin.departments.required');
    if (!nameEn.trim()) next.nameEn = t('admin.departments.required');
    setErrors(next);
    const first = Object.keys(next)[0];
    if (first) {
      document.getElementById(`department-${first}`)?.focus();
      return;
    }
    const fields = { nameZh: nameZh.trim(), nameEn: nameEn.trim(), parent: parent || null };
    if (isNew) create.mutate({ code: code.trim(), ...fields }, { onSuccess: onDone });
    else
      update.mutate(
        { code: department.node.code, body: { version, ...fields, active } },
        { onSuccess: onDone },
      );
  };
  const reload = async () => {
    const fresh = await onReload?.();
    if (!fresh) return;
    update.reset();
    setNameZh(fresh.node.nameZh);
    setNameEn(fresh.node.nameEn);
    setParent(fresh.parent?.code ?? '');
    setActive(fresh.node.active);
    setVersion(fresh.node.version);
  };
  const errorOf = (field: string) =>
    errors[field] ??
    (field === 'code' && codeTaken ? t('admin.departments.codeTaken') : undefined) ??
    fieldErrorOf(mutation.error, `/${field}`);
  const title = department
    ? t('admin.departments.editTitle', { code: department.node.code })
    : parentCode
      ? t('admin.departments.addUnder', { code: parentCode })
      : t('admin.departments.addRootTitle');

  return (
    <form
      className="admin-department-form"
      onSubmit={submit}
      noValidate
      data-testid="department-form"
    >
      <fieldset>
        <legend>{title}</legend>
        <div className="admin-form">
          {isNew ? (
            <InputField
              id="department-code"
              label={t('admin.departments.code')}
              hint={t('admin.departments.codeHint')}
              error={errorOf('code')}
              required
              maxLength={64}
              spellCheck={false}
              autoComplete="off"
              value={code}
              onChange={setCode}
            />
          ) : null}
          <InputField
            id="department-nameZh"
            label={t('admin.departments.nameZh')}
            error={errorOf('nameZh')}
            required
            maxLength={100}
            value={nameZh}
            onChange={setNameZh}
          />
          <InputField
            id="department-nameEn"
            label={t('admin.departments.nameEn')}
            error={errorOf('nameEn')}
            required
            maxLength={100}
            value={nameEn}
            onChange={setNameEn}
          />
          <Field
            id="department-parent"
            label={t('admin.departments.parent')}
            error={errorOf('parent')}
          >
            {(props) => (
              <select {...props} value={parent} onChange={(e) => setParent(e.target.value)}>
                <option value="">{t('admin.departments.noParent')}</option>
                {parents.map(({ node }) => (
                  <option key={node.id} value={node.code}>
                    {`${name(node)} (${node.code})`}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {department ? (
            <div
              className={
                errorOf('active') ? 'field field-check field-invalid' : 'field field-check'
              }
            >
              <input
                type="checkbox"
                id="department-active"
                aria-describedby={
                  errorOf('active')
                    ? 'department-active-hint department-active-error'
                    : 'department-active-hint'
                }
                checked={active}
                onChange={(e) => setActive(e.target.checked)}
              />
              <label htmlFor="department-active">{t('admin.departments.active')}</label>
              <p className="hint" id="department-active-hint">
                {t('admin.departments.activeHint')}
              </p>
              {errorOf('active') ? (
                <p className="field-error" id="department-active-error">
                  {errorOf('active')}
                </p>
              ) : null}
            </div>
          ) : null}
        </div>
        {conflict ? (
          <ConflictNotice
            testId="department-conflict"
            reloadLabel={t('admin.departments.reload')}
            onReload={() => void reload()}
          >
            <p>{t('admin.departments.conflict')}</p>
          </ConflictNotice>
        ) : null}
        <SaveCancel
          label={t('admin.departments.save')}
          pending={mutation.isPending}
          onCancel={onCancel}
        />
      </fieldset>
      {conflict || codeTaken ? null : (
        <FormProblem
          error={mutation.error}
          shownFields={['/code', '/nameZh', '/nameEn', '/parent', '/active']}
        />
      )}
    </form>
  );
}

/**
 * The categories whose reports go to the department unless a routing override says
 * otherwise, each a link to its page (what an admin checks before moving or renaming it).
 */
function DefaultFor({ code }: { code: string }) {
  const { t } = useTranslation();
  const name = useAreaName();
  const categories = useAdminCategories();
  const own: AdminCategory[] = [];
  const walk = (node: AdminCategory) => {
    if (node.defaultDepartment?.code === code) own.push(node);
    node.children.forEach(walk);
  };
  (categories.data ?? []).forEach(walk);
  return (
    <section className="admin-subsection" aria-labelledby="department-categories-title">
      <h4 id="department-categories-title">{t('admin.departments.categoriesTitle')}</h4>
      <QueryList
        query={categories}
        isEmpty={() => own.length === 0}
        empty={t('admin.departments.noCategories')}
      >
        {() => (
          <ul className="admin-routing-list" data-testid="department-categories">
            {own.map((c) => (
              <li key={c.id}>
                <Link href={`/staff/admin/categories?category=${encodeURIComponent(c.code)}`}>
                  {name(c)}
                </Link>{' '}
                <span className="mono">{c.code}</span>
              </li>
            ))}
          </ul>
        )}
      </QueryList>
    </section>
  );
}

export function DepartmentsSection() {
  const { t } = useTranslation();
  const name = useAreaName();
  const departments = useDepartments();
  const search = useSearch();
  const [, navigate] = useLocation();
  const selected = new URLSearchParams(search).get('department');
  const index = useMemo(() => indexTree(departments.data ?? []), [departments.data]);
  const located = selected ? index.get(selected) : undefined;
  const select = (code: string) =>
    navigate(`/staff/admin/departments?department=${encodeURIComponent(code)}`, {
      replace: true,
    });
  const forms = useTreeForms(select);
  const reloadSelected = async () => {
    const fresh = await departments.refetch();
    return fresh.data ? indexTree(fresh.data).get(located?.node.code ?? '') : undefined;
  };

  return (
    <div className="admin-areas">
      <TreeCard
        id="department-tree-title"
        title={t('admin.departments.tree')}
        addRootLabel={t('admin.departments.addRoot')}
        forms={forms}
        rootForm={
          <DepartmentForm
            parentCode={null}
            index={index}
            onDone={(d) => forms.saved(t('admin.departments.created', { code: d.code }), d.code)}
            onCancel={forms.close}
          />
        }
        query={departments}
        empty={t('admin.departments.empty')}
        testId="department-tree"
      >
        {(roots) =>
          roots.map((root) => (
            <OrgTreeNode
              key={root.id}
              node={root}
              selected={selected}
              onSelect={select}
              retiredLabel={t('admin.departments.retired')}
              initiallyOpen
            />
          ))
        }
      </TreeCard>
      <div className="admin-areas-side">
        {located ? (
          <section
            className="card admin-section"
            aria-labelledby="department-title"
            data-testid="department-details"
          >
            <h3 id="department-title">
              {name(located.node)} <span className="mono">{located.node.code}</span>
            </h3>
            <SavedNotice message={forms.message} testId="department-saved" />
            {located.node.active ? null : (
              <p className="notice notice-info" data-testid="department-retired">
                {t('admin.departments.retiredNotice')}
              </p>
            )}
            <NodeFormButtons
              form={forms.form}
              onToggle={forms.toggle}
              editLabel={t('admin.departments.edit')}
              addChildLabel={t('admin.departments.addChild')}
            />
            <DefaultFor code={located.node.code} />
            {forms.form === 'edit' ? (
              <DepartmentForm
                key={`edit-${located.node.code}`}
                department={located}
                parentCode={located.parent?.code ?? null}
                index={index}
                onDone={(d) => forms.saved(t('admin.departments.saved', { code: d.code }), d.code)}
                onCancel={forms.close}
                onReload={reloadSelected}
              />
            ) : forms.form === 'child' ? (
              <DepartmentForm
                key={`child-${located.node.code}`}
                parentCode={located.node.code}
                index={index}
                onDone={(d) =>
                  forms.saved(t('admin.departments.created', { code: d.code }), d.code)
                }
                onCancel={forms.close}
              />
            ) : null}
          </section>
        ) : forms.message ? (
          <SavedNotice message={forms.message} testId="department-saved" />
        ) : departments.isSuccess && selected ? (
          <p className="card admin-section notice-error" role="alert">
            {t('admin.departments.unknown', { code: selected })}
          </p>
        ) : (
          <p className="card admin-section muted">{t('admin.departments.pick')}</p>
        )}
      </div>
    </div>
  );
}
