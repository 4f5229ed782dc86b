/**
 * Adding or editing a category: names, kind, default priority and department, duplicate
 * radius, the notices reporters see, whether new reports may take it, and its extra
 * questions (the Open311 service definition). An edit is sent with the version it was
 * loaded at; when someone else saved first, the admin's typed values stay on screen and
 * "Load the saved category" replaces them with what is stored now.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isConflict } from '../../api/client.ts';
import { Field } from '../../components/Field.tsx';
import { FormProblem, fieldErrorOf } from '../../components/FormProblem.tsx';
import type { AdminCategory } from './api.ts';
import {
  CATEGORY_KINDS,
  checkDraft,
  createBody,
  DATATYPES,
  draftOf,
  editBody,
  emptyQuestion,
  isList,
  newCategoryDraft,
  parentChoices,
  type CategoryDraft,
  type DraftProblem,
  type QuestionDraft,
} from './category-form.ts';
import { useAdminCategories, useCreateCategory, useUpdateCategory } from './hooks.ts';
import { useAreaName } from './AreaTree.tsx';
import { DepartmentSelect } from './pickers.tsx';
import { ConflictNotice, InputField, SaveCancel } from './parts.tsx';
import { PRIORITIES } from './sla.ts';

/** The server's field pointer for each of the form's field ids. */
function pointerOf(field: string): string {
  const question = /^q(\d+)-(code|zh|en|choices)$/.exec(field);
  if (question) {
    const part = { code: 'code', zh: 'descriptionZh', en: 'descriptionEn', choices: 'values' }[
      question[2] as 'code' | 'zh' | 'en' | 'choices'
    ];
    return `/attributes/${question[1]}/${part}`;
  }
  return { radius: '/duplicateRadiusM', department: '/defaultDepartment' }[field] ?? `/${field}`;
}

function QuestionEditor({
  index,
  count,
  question,
  errorOf,
  onChange,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  question: QuestionDraft;
  errorOf: (field: string) => string | undefined;
  onChange: (q: QuestionDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const id = (part: string) => `category-q${index}-${part}`;
  const set = <K extends keyof QuestionDraft>(key: K, value: QuestionDraft[K]) =>
    onChange({ ...question, [key]: value });
  const label = t('admin.categoryForm.questionN', { n: index + 1 });
  return (
    <fieldset className="admin-question" data-testid="category-question">
      <legend>{label}</legend>
      <div className="admin-form">
        <InputField
          id={id('code')}
          label={t('admin.categoryForm.questionCode')}
          hint={t('admin.categoryForm.questionCodeHint')}
          error={errorOf(`q${index}-code`)}
          required
          maxLength={64}
          spellCheck={false}
          autoComplete="off"
          value={question.code}
          onChange={(v) => set('code', v)}
        />
        <Field id={id('datatype')} label={t('admin.categoryForm.datatype')}>
          {(props) => (
            <select
              {...props}
              value={question.datatype}
              onChange={(e) => set('datatype', e.target.value as QuestionDraft['datatype'])}
            >
              {DATATYPES.map((d) => (
                <option key={d} value={d}>
                  {t(`admin.categoryForm.datatypes.${d}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <InputField
          id={id('zh')}
          label={t('admin.categoryForm.questionZh')}
          error={errorOf(`q${index}-zh`)}
          required
          maxLength={300}
          value={question.descriptionZh}
          onChange={(v) => set('descriptionZh', v)}
        />
        <InputField
          id={id('en')}
          label={t('admin.categoryForm.questionEn')}
          error={errorOf(`q${index}-en`)}
          required
          maxLength={300}
          value={question.descriptionEn}
          onChange={(v) => set('descriptionEn', v)}
        />
        {isList(question.datatype) ? (
          <Field
            id={id('choices')}
            label={t('admin.categoryForm.choices')}
            hint={t('admin.categoryForm.choicesHint')}
            error={errorOf(`q${index}-choices`)}
            required
          >
            {(props) => (
              <textarea
                {...props}
                rows={4}
                spellCheck={false}
                value={question.choices}
                onChange={(e) => set('choices', e.target.value)}
              />
            )}
          </Field>
        ) : null}
        <div className="field field-check">
          <input
            id={id('required')}
            type="checkbox"
            checked={question.required}
            onChange={(e) => set('required', e.target.checked)}
          />
          <label htmlFor={id('required')}>{t('admin.categoryForm.questionRequired')}</label>
        </div>
      </div>
      <div className="admin-actions">
        <button
          type="button"
          className="btn btn-secondary"
          disabled={index === 0}
          aria-label={t('admin.categoryForm.moveUpNamed', { name: label })}
          onClick={() => onMove(-1)}
        >
          {t('admin.categoryForm.moveUp')}
        </button>
        <button
          type="button"
          className="btn btn-secondary"
          disabled={index === count - 1}
          aria-label={t('admin.categoryForm.moveDownNamed', { name: label })}
          onClick={() => onMove(1)}
        >
          {t('admin.categoryForm.moveDown')}
        </button>
        <button
          type="button"
          className="btn btn-secondary"
          aria-label={t('admin.categoryForm.removeQuestionNamed', { name: label })}
          onClick={onRemove}
        >
          {t('admin.categoryForm.removeQuestion')}
        </button>
      </div>
    </fieldset>
  );
}

/**
 * The form. `category` is edited when given; otherwise a new category is added under
 * `parent` (null: a new root).
 */
export function CategoryForm({
  category,
  parent,
  onDone,
  onCancel,
  onReload,
}: {
  category?: AdminCategory;
  /** The parent: of the edited category, or of the new one (null: the top level). */
  parent?: AdminCategory | null;
  onDone: (saved: AdminCategory) => void;
  onCancel: () => void;
  /** Reloads the stored category and its parent (after a conflict); the form then shows them. */
  onReload?: () => Promise<{ category: AdminCategory; parent: string } | undefined>;
}) {
  const { t } = useTranslation();
  const localName = useAreaName();
  const isNew = !category;
  const create = useCreateCategory();
  const update = useUpdateCategory();
  const mutation = isNew ? create : update;
  const tree = useAdminCategories();
  const [draft, setDraft] = useState<CategoryDraft>(() =>
    category ? draftOf(category, parent?.code ?? '') : newCategoryDraft(),
  );
  const [version, setVersion] = useState(category?.version ?? 0);
  const [problems, setProblems] = useState<DraftProblem[]>([]);
  const conflict = !isNew && isConflict(update.error);
  const codeTaken = isNew && isConflict(create.error);

  const set = <K extends keyof CategoryDraft>(key: K, value: CategoryDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const setQuestion = (i: number, q: QuestionDraft) =>
    setDraft((d) => ({ ...d, questions: d.questions.map((old, j) => (j === i ? q : old)) }));
  const errorOf = (field: string) => {
    const local = problems.find((p) => p.field === field);
    if (local) return t(local.key);
    if (field === 'code' && codeTaken) return t('admin.categoryForm.codeTaken');
    const pointer = pointerOf(field);
    if (!(mutation.error instanceof ApiError)) return undefined;
    // A question's choices are named down to one choice (/attributes/0/values/2/key).
    return (
      fieldErrorOf(mutation.error, pointer) ??
      mutation.error.fieldErrors.find((f) => f.field.startsWith(`${pointer}/`))?.message
    );
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkDraft(draft, isNew);
    setProblems(found);
    if (found[0]) {
      document.getElementById(`category-${found[0].field}`)?.focus();
      return;
    }
    if (isNew) create.mutate(createBody(draft, parent?.code ?? null), { onSuccess: onDone });
    else
      update.mutate({ code: category.code, body: editBody(draft, version) }, { onSuccess: onDone });
  };

  const reload = async () => {
    const fresh = await onReload?.();
    if (!fresh) return;
    update.reset();
    setDraft(draftOf(fresh.category, fresh.parent));
    setVersion(fresh.category.version);
    setProblems([]);
  };

  const title = isNew
    ? parent
      ? t('admin.categoryForm.addUnder', { code: parent.code })
      : t('admin.categoryForm.addRoot')
    : t('admin.categoryForm.editTitle', { code: category.code });

  return (
    <form className="admin-category-form" onSubmit={submit} noValidate data-testid="category-form">
      <fieldset>
        <legend>{title}</legend>
        <div className="admin-form">
          {isNew ? (
            <InputField
              id="category-code"
              label={t('admin.categoryForm.code')}
              hint={t('admin.categoryForm.codeHint')}
              error={errorOf('code')}
              required
              maxLength={64}
              spellCheck={false}
              autoComplete="off"
              value={draft.code}
              onChange={(v) => set('code', v)}
            />
          ) : null}
          <InputField
            id="category-nameZh"
            label={t('admin.categoryForm.nameZh')}
            error={errorOf('nameZh')}
            required
            maxLength={100}
            value={draft.nameZh}
            onChange={(v) => set('nameZh', v)}
          />
          <InputField
            id="category-nameEn"
            label={t('admin.categoryForm.nameEn')}
            error={errorOf('nameEn')}
            required
            maxLength={100}
            value={draft.nameEn}
            onChange={(v) => set('nameEn', v)}
          />
          {category ? (
            <Field
              id="category-parent"
              label={t('admin.categoryForm.parent')}
              hint={t('admin.categoryForm.parentHint')}
              error={errorOf('parent')}
            >
              {(props) => (
                <select
                  {...props}
                  value={draft.parent}
                  onChange={(e) => set('parent', e.target.value)}
                >
                  <option value="">{t('admin.categoryForm.topLevel')}</option>
                  {parentChoices(tree.data ?? [], category.code).map(({ node, depth }) => (
                    <option key={node.id} value={node.code}>
                      {`${'\u00a0\u00a0'.repeat(depth)}${localName(node)} (${node.code})`}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          <Field id="category-kind" label={t('admin.categoryForm.kind')} error={errorOf('kind')}>
            {(props) => (
              <select {...props} value={draft.kind} onChange={(e) => set('kind', e.target.value)}>
                {isNew ? <option value="">{t('admin.categoryForm.inherit')}</option> : null}
                {CATEGORY_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`admin.categoryForm.kinds.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            id="category-defaultPriority"
            label={t('admin.categoryForm.priority')}
            error={errorOf('defaultPriority')}
          >
            {(props) => (
              <select
                {...props}
                value={draft.defaultPriority}
                onChange={(e) =>
                  set('defaultPriority', e.target.value as CategoryDraft['defaultPriority'])
                }
              >
                {isNew ? <option value="">{t('admin.categoryForm.inherit')}</option> : null}
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {t(`admin.priorities.${p}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            id="category-department"
            label={t('admin.categoryForm.department')}
            hint={t(
              isNew ? 'admin.categoryForm.departmentHintNew' : 'admin.categoryForm.departmentHint',
            )}
            error={errorOf('department')}
          >
            {(props) => (
              <DepartmentSelect
                props={props}
                value={draft.defaultDepartment}
                onChange={(code) => set('defaultDepartment', code)}
              />
            )}
          </Field>
          <InputField
            id="category-radius"
            label={t('admin.categoryForm.radius')}
            hint={t('admin.categoryForm.radiusHint')}
            error={errorOf('radius')}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            className="admin-number"
            value={draft.duplicateRadiusM}
            onChange={(v) => set('duplicateRadiusM', v)}
          />
          <InputField
            id="category-sortOrder"
            label={t('admin.categoryForm.sortOrder')}
            hint={t('admin.categoryForm.sortOrderHint')}
            error={errorOf('sortOrder')}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            className="admin-number"
            value={draft.sortOrder}
            onChange={(v) => set('sortOrder', v)}
          />
          <Field
            id="category-noticeZh"
            label={t('admin.categoryForm.noticeZh')}
            hint={t('admin.categoryForm.noticeHint')}
            error={errorOf('noticeZh')}
          >
            {(props) => (
              <textarea
                {...props}
                rows={2}
                maxLength={500}
                value={draft.noticeZh}
                onChange={(e) => set('noticeZh', e.target.value)}
              />
            )}
          </Field>
          <Field
            id="category-noticeEn"
            label={t('admin.categoryForm.noticeEn')}
            error={errorOf('noticeEn')}
          >
            {(props) => (
              <textarea
                {...props}
                rows={2}
                maxLength={500}
                value={draft.noticeEn}
                onChange={(e) => set('noticeEn', e.target.value)}
              />
            )}
          </Field>
          <div className="field field-check">
            <input
              type="checkbox"
              id="category-active"
              aria-describedby="category-active-hint"
              checked={draft.active}
              onChange={(e) => set('active', e.target.checked)}
            />
            <label htmlFor="category-active">{t('admin.categoryForm.active')}</label>
            <p className="hint" id="category-active-hint">
              {t('admin.categoryForm.activeHint')}
            </p>
          </div>
        </div>

        <h5>{t('admin.categoryForm.questions')}</h5>
        <p className="muted">{t('admin.categoryForm.questionsLead')}</p>
        {draft.questions.length === 0 ? (
          <p className="muted">{t('admin.categoryForm.noQuestions')}</p>
        ) : null}
        {draft.questions.map((q, i) => (
          <QuestionEditor
            // Questions have no id of their own; position is their identity while editing.
            key={i}
            index={i}
            count={draft.questions.length}
            question={q}
            errorOf={errorOf}
            onChange={(next) => setQuestion(i, next)}
            onMove={(by) =>
              setDraft((d) => {
                const questions = [...d.questions];
                const [moved] = questions.splice(i, 1);
                if (moved) questions.splice(i + by, 0, moved);
                return { ...d, questions };
              })
            }
            onRemove={() =>
              setDraft((d) => ({ ...d, questions: d.questions.filter((_, j) => j !== i) }))
            }
          />
        ))}
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => set('questions', [...draft.questions, emptyQuestion()])}
        >
          {t('admin.categoryForm.addQuestion')}
        </button>

        {conflict ? (
          <ConflictNotice
            testId="category-conflict"
            reloadLabel={t('admin.categoryForm.reload')}
            onReload={() => void reload()}
          >
            <p>{t('admin.categoryForm.conflict')}</p>
          </ConflictNotice>
        ) : null}
        <SaveCancel
          label={t('admin.categoryForm.save')}
          pending={mutation.isPending}
          onCancel={onCancel}
        />
      </fieldset>
      {conflict || codeTaken ? null : (
        <FormProblem
          error={mutation.error}
          shownFields={[
            '/code',
            '/parent',
            '/nameZh',
            '/nameEn',
            '/kind',
            '/defaultPriority',
            '/defaultDepartment',
            '/duplicateRadiusM',
            '/sortOrder',
            '/noticeZh',
            '/noticeEn',
            '/attributes/',
          ]}
        />
      )}
    </form>
  );
}
