/**
 * `/staff/admin/categories`: the category tree, with forms to add a category (at the top
 * or under the selected one) and to edit the selected one (names, defaults, notices,
 * extra questions, retiring: CategoryForm.tsx); for the selected category
 * (`?category=<code>`) its SLA policy per priority and stage — where each comes from
 * (its own, a parent's, the default, built in) and a form to set its own — its default
 * department and its routing overrides inside the admin's areas, with a form to add one.
 * "Every category" edits the default policies of the priorities.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import type { Priority, Stage } from '../../api/types.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Field } from '../../components/Field.tsx';
import { FormProblem, fieldErrorOf } from '../../components/FormProblem.tsx';
import { Loading } from '../../components/Loading.tsx';
import type { AdminCategory } from './api.ts';
import { useAreaName } from './AreaTree.tsx';
import { OrgTreeNode } from './OrgTreeNode.tsx';
import { CategoryForm } from './CategoryForm.tsx';
import {
  useAdminCategories,
  useDeleteRoutingRule,
  usePutRoutingRule,
  usePutSlaPolicy,
  useRoutingRules,
  useSlaPolicies,
} from './hooks.ts';
import { AreaInput, DepartmentSelect, useDepartmentName, useScopeAreas } from './pickers.tsx';
import {
  AdminTable,
  InputField,
  NodeFormButtons,
  QueryList,
  SaveCancel,
  SavedNotice,
  TreeCard,
  useTreeForms,
} from './parts.tsx';
import {
  checkMinutes,
  effectivePolicy,
  PRIORITIES,
  STAGES,
  type MinutesProblem,
  type SlaPolicy,
} from './sla.ts';

/** The pseudo-category of the default policies. */
const DEFAULTS = '*';

interface Located {
  node: AdminCategory;
  lineage: string[];
}

function indexTree(roots: readonly AdminCategory[]): Map<string, Located> {
  const index = new Map<string, Located>();
  const walk = (node: AdminCategory, lineage: string[]) => {
    const own = [...lineage, node.code];
    index.set(node.code, { node, lineage: own });
    for (const child of node.children) walk(child, own);
  };
  for (const root of roots) walk(root, []);
  return index;
}

function SlaForm({
  category,
  priority,
  current,
  onDone,
}: {
  category: string | null;
  priority: Priority;
  current: SlaPolicy | undefined;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const put = usePutSlaPolicy();
  const [minutes, setMinutes] = useState<Record<Stage, string>>(
    () =>
      Object.fromEntries(STAGES.map((s) => [s, String(current?.minutes[s] ?? '')])) as Record<
        Stage,
        string
      >,
  );
  const [escalate, setEscalate] = useState(
    current?.escalateAfterOverdueMinutes == null ? '' : String(current.escalateAfterOverdueMinutes),
  );
  const [problems, setProblems] = useState<MinutesProblem[]>([]);
  const errorOf = (field: Stage | 'escalate') => {
    const local = problems.find((p) => p.field === field);
    if (local) return t(local.key);
    return fieldErrorOf(
      put.error,
      field === 'escalate' ? '/escalateAfterOverdueMinutes' : `/minutes/${field}`,
    );
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkMinutes(minutes, escalate);
    setProblems(checked.problems);
    if (!checked.value) {
      const first = checked.problems[0];
      if (first) document.getElementById(`sla-${first.field}`)?.focus();
      return;
    }
    put.mutate(
      {
        category,
        priority,
        minutes: checked.value.minutes,
        escalateAfterOverdueMinutes: checked.value.escalate,
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form className="admin-sla-form" onSubmit={submit} noValidate data-testid="sla-form">
      <fieldset>
        <legend>{t('admin.sla.editTitle', { priority: t(`admin.priorities.${priority}`) })}</legend>
        <div className="admin-form">
          {STAGES.map((stage) => (
            <Field
              key={stage}
              id={`sla-${stage}`}
              label={t('admin.sla.stageMinutes', { stage: t(`admin.stages.${stage}`) })}
              error={errorOf(stage)}
              required
            >
              {(props) => (
                <input
                  {...props}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  step={1}
                  className="admin-number"
                  value={minutes[stage]}
                  onChange={(e) => setMinutes((m) => ({ ...m, [stage]: e.target.value }))}
                />
              )}
            </Field>
          ))}
          <InputField
            id="sla-escalate"
            label={t('admin.sla.escalate')}
            hint={t('admin.sla.escalateHint')}
            error={errorOf('escalate')}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            className="admin-number"
            value={escalate}
            onChange={setEscalate}
          />
        </div>
        <SaveCancel label={t('admin.sla.save')} pending={put.isPending} onCancel={onDone} />
      </fieldset>
      <FormProblem error={put.error} shownFields={['/minutes/', '/escalateAfterOverdueMinutes']} />
    </form>
  );
}

function SlaTable({ code, lineage }: { code: string | null; lineage: string[] }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const policies = useSlaPolicies();
  const [editing, setEditing] = useState<Priority | null>(null);
  const [saved, setSaved] = useState<Priority | null>(null);
  if (policies.isPending) return <Loading label={t('common.loading')} />;
  if (policies.isError)
    return <ErrorNotice error={policies.error} onRetry={() => void policies.refetch()} />;
  const { items, builtIn } = policies.data;
  const rows = PRIORITIES.map((priority) => {
    const found =
      code === null
        ? (() => {
            const stored = items.find(
              (p) => (p.category ?? null) === null && p.priority === priority,
            );
            return stored
              ? { policy: stored, source: { kind: 'own' as const } }
              : {
                  policy: builtIn.find((p) => p.priority === priority),
                  source: { kind: 'built-in' as const },
                };
          })()
        : effectivePolicy(lineage, priority, items, builtIn);
    return { priority, ...found };
  });
  return (
    <>
      <SavedNotice
        message={saved ? t('admin.sla.saved', { priority: t(`admin.priorities.${saved}`) }) : null}
        testId="sla-saved"
      />
      <AdminTable
        testId="sla-table"
        caption={t('admin.sla.caption')}
        className="case-table admin-sla-table"
        head={
          <>
            <th scope="col">{t('admin.sla.priority')}</th>
            {STAGES.map((stage) => (
              <th scope="col" key={stage}>
                {t(`admin.stages.${stage}`)}
              </th>
            ))}
            <th scope="col">{t('admin.sla.escalateShort')}</th>
            <th scope="col">{t('admin.sla.source')}</th>
          </>
        }
      >
        {rows.map(({ priority, policy, source }) => (
          <tr key={priority} data-priority={priority}>
            <th scope="row">{t(`admin.priorities.${priority}`)}</th>
            {STAGES.map((stage) => (
              <td key={stage} data-label={t(`admin.stages.${stage}`)}>
                {policy ? number.format(policy.minutes[stage]) : '—'}
              </td>
            ))}
            <td data-label={t('admin.sla.escalateShort')}>
              {policy?.escalateAfterOverdueMinutes == null
                ? t('admin.sla.never')
                : number.format(policy.escalateAfterOverdueMinutes)}
            </td>
            <td data-label={t('admin.sla.source')}>
              {source.kind === 'inherited'
                ? t('admin.sla.sources.inherited', { category: source.category })
                : t(`admin.sla.sources.${source.kind}`)}
            </td>
            <td>
              <button
                type="button"
                className="btn btn-secondary"
                aria-label={t('admin.sla.editNamed', {
                  priority: t(`admin.priorities.${priority}`),
                })}
                aria-expanded={editing === priority}
                onClick={() => {
                  setSaved(null);
                  setEditing(editing === priority ? null : priority);
                }}
              >
                {t('admin.sla.edit')}
              </button>
            </td>
          </tr>
        ))}
      </AdminTable>
      {editing ? (
        <SlaForm
          key={`${code ?? DEFAULTS}-${editing}`}
          category={code}
          priority={editing}
          current={rows.find((r) => r.priority === editing)?.policy}
          onDone={() => {
            setSaved(editing);
            setEditing(null);
          }}
        />
      ) : null}
    </>
  );
}

function RoutingPanel({ category }: { category: AdminCategory }) {
  const { t } = useTranslation();
  const departmentName = useDepartmentName();
  const areaName = useAreaName();
  const rules = useRoutingRules();
  const put = usePutRoutingRule();
  const remove = useDeleteRoutingRule();
  const { areas } = useScopeAreas();
  const [area, setArea] = useState('');
  const [department, setDepartment] = useState('');
  const [errors, setErrors] = useState<{ area?: string; department?: string }>({});
  const [saved, setSaved] = useState(false);
  const inScope = useMemo(() => new Set((areas ?? []).map((a) => a.code)), [areas]);
  const visible = (rules.data ?? []).filter(
    (r) => r.category === category.code && r.area !== null && inScope.has(r.area),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!inScope.has(area)) next.area = t('admin.pickers.areaInvalid');
    if (!department) next.department = t('admin.pickers.departmentRequired');
    setErrors(next);
    setSaved(false);
    if (next.area || next.department) return;
    put.mutate(
      { area, category: category.code, department },
      {
        onSuccess: () => {
          setSaved(true);
          setArea('');
          setDepartment('');
        },
      },
    );
  };
  return (
    <section className="admin-subsection" aria-labelledby="routing-title">
      <h4 id="routing-title">{t('admin.routing.title')}</h4>
      <p>
        {t('admin.routing.default')}{' '}
        <strong>
          {category.defaultDepartment
            ? departmentName(category.defaultDepartment.code)
            : t('admin.routing.inherited')}
        </strong>
      </p>
      <QueryList
        query={rules}
        isEmpty={() => visible.length === 0}
        empty={t('admin.routing.empty')}
      >
        {() => (
          <ul className="admin-routing-list" data-testid="routing-rules">
            {visible.map((r) => (
              <li key={`${r.areaId}-${r.categoryId}`} data-area={r.area}>
                {t('admin.routing.rule', {
                  area: `${areaName({ nameZh: r.areaNameZh ?? '', nameEn: r.areaNameEn ?? '' })} (${r.area ?? ''})`,
                  department: departmentName(r.department ?? ''),
                })}{' '}
                <button
                  type="button"
                  className="btn btn-secondary"
                  disabled={remove.isPending}
                  aria-label={t('admin.routing.removeNamed', { area: r.area ?? '' })}
                  onClick={() => {
                    setSaved(false);
                    remove.mutate({ area: r.area ?? r.areaId, category: category.code });
                  }}
                >
                  {t('admin.routing.remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </QueryList>
      <form className="admin-form" onSubmit={submit} noValidate>
        <Field
          id="routing-area"
          label={t('admin.routing.area')}
          error={errors.area ?? fieldErrorOf(put.error, '/area')}
          required
        >
          {(props) => <AreaInput props={props} value={area} onChange={setArea} areas={areas} />}
        </Field>
        <Field
          id="routing-department"
          label={t('admin.routing.department')}
          error={errors.department ?? fieldErrorOf(put.error, '/department')}
          required
        >
          {(props) => (
            <DepartmentSelect props={props} value={department} onChange={setDepartment} />
          )}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={put.isPending}>
          {t('admin.routing.save')}
        </button>
      </form>
      <SavedNotice message={saved ? t('admin.routing.saved') : null} />
      <FormProblem error={put.error} shownFields={['/area', '/department']} />
      <FormProblem error={remove.error} />
    </section>
  );
}

export function CategoriesSection() {
  const { t } = useTranslation();
  const name = useAreaName();
  const categories = useAdminCategories();
  const search = useSearch();
  const [, navigate] = useLocation();
  const selected = new URLSearchParams(search).get('category');
  const index = useMemo(() => indexTree(categories.data ?? []), [categories.data]);
  const select = (code: string) =>
    navigate(`/staff/admin/categories?category=${encodeURIComponent(code)}`, { replace: true });
  const located = selected && selected !== DEFAULTS ? index.get(selected) : undefined;
  const forms = useTreeForms(select);
  const reloadSelected = async () => {
    const fresh = await categories.refetch();
    const found = fresh.data ? indexTree(fresh.data).get(located?.node.code ?? '') : undefined;
    return found && { category: found.node, parent: found.lineage.at(-2) ?? '' };
  };

  return (
    <div className="admin-areas">
      <TreeCard
        id="category-tree-title"
        title={t('admin.categories.tree')}
        addRootLabel={t('admin.categories.addRoot')}
        forms={forms}
        rootForm={
          <CategoryForm
            parent={null}
            onDone={(c) => forms.saved(t('admin.categories.created', { code: c.code }), c.code)}
            onCancel={forms.close}
          />
        }
        query={categories}
        empty={t('admin.categories.empty')}
        testId="category-tree"
      >
        {(roots) => (
          <>
            <li className="admin-tree-item">
              <div
                className={selected === DEFAULTS ? 'admin-tree-row is-selected' : 'admin-tree-row'}
              >
                <span className="admin-tree-toggle" aria-hidden="true" />
                <button
                  type="button"
                  className="admin-tree-select"
                  aria-pressed={selected === DEFAULTS}
                  onClick={() => select(DEFAULTS)}
                >
                  <span className="admin-tree-name">{t('admin.categories.defaults')}</span>
                </button>
              </div>
            </li>
            {roots.map((root) => (
              <OrgTreeNode
                key={root.id}
                node={root}
                selected={selected}
                onSelect={select}
                retiredLabel={t('admin.categories.retired')}
              />
            ))}
          </>
        )}
      </TreeCard>
      <div className="admin-areas-side">
        {selected === DEFAULTS ? (
          <section className="card admin-section" aria-labelledby="category-title">
            <h3 id="category-title">{t('admin.categories.defaults')}</h3>
            <p className="muted">{t('admin.categories.defaultsLead')}</p>
            <SlaTable code={null} lineage={[]} />
          </section>
        ) : located ? (
          <section
            className="card admin-section"
            aria-labelledby="category-title"
            data-testid="category-details"
          >
            <h3 id="category-title">
              {name(located.node)} <span className="mono">{located.node.code}</span>
            </h3>
            <SavedNotice message={forms.message} testId="category-saved" />
            {located.node.active ? null : (
              <p className="notice notice-info" data-testid="category-retired">
                {t('admin.categories.retiredNotice')}
              </p>
            )}
            <p className="muted">
              {t('admin.categories.defaultPriority', {
                priority: t(`admin.priorities.${located.node.defaultPriority}`),
              })}{' '}
              {t('admin.categories.radius', { metres: located.node.duplicateRadiusM })}
              {located.node.children.length > 0 ? <> {t('admin.categories.group')}</> : null}
            </p>
            <NodeFormButtons
              form={forms.form}
              onToggle={forms.toggle}
              editLabel={t('admin.categories.edit')}
              addChildLabel={t('admin.categories.addChild')}
            />
            {forms.form === 'edit' ? (
              <CategoryForm
                key={`edit-${located.node.code}`}
                category={located.node}
                parent={index.get(located.lineage.at(-2) ?? '')?.node ?? null}
                onDone={(c) => forms.saved(t('admin.categories.saved', { code: c.code }), c.code)}
                onCancel={forms.close}
                onReload={reloadSelected}
              />
            ) : forms.form === 'child' ? (
              <CategoryForm
                key={`child-${located.node.code}`}
                parent={located.node}
                onDone={(c) => forms.saved(t('admin.categories.created', { code: c.code }), c.code)}
                onCancel={forms.close}
              />
            ) : null}
            <h4>{t('admin.sla.title')}</h4>
            <p className="muted">{t('admin.sla.lead')}</p>
            <SlaTable key={located.node.code} code={located.node.code} lineage={located.lineage} />
            <RoutingPanel category={located.node} />
          </section>
        ) : categories.isSuccess && selected ? (
          <p className="card admin-section notice-error" role="alert">
            {t('admin.categories.unknown', { code: selected })}
          </p>
        ) : (
          <p className="card admin-section muted">{t('admin.categories.pick')}</p>
        )}
      </div>
    </div>
  );
}
