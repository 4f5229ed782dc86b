/**
 * The form of one workflow step, with the SPEC's fields per action, validation before
 * sending, the server's field errors on their fields, and a 409 explained.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { Field, FieldSet } from '../../components/Field.tsx';
import { useLocalName } from '../../i18n/format.ts';
import { useCategoryIndex } from '../categories/hooks.ts';
import { HandlerPicker } from '../handler-picker/HandlerPicker.tsx';
import { flattenDepartments } from '../departments/tree.ts';
import { useDepartments } from '../queue/hooks.ts';
import { isConflict, useCaseAction } from './hooks.ts';

type Kind =
  | 'text'
  | 'textarea'
  | 'category'
  | 'priority'
  | 'department'
  | 'datetime'
  | 'checkbox'
  | 'verdict'
  | 'satisfaction'
  | 'files'
  | 'handler'
  | 'departments';

export const ACTION_NAMES = [
  'register',
  'reject',
  'dispatch',
  'accept',
  'resolve',
  'verify',
  'close',
  'suspend',
  'resume',
  'escalate',
  'supervise',
  'comment',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** True for a step this page knows a form for. */
export const isAction = (name: string | null | undefined): name is ActionName =>
  (ACTION_NAMES as readonly string[]).includes(name ?? '');

type FieldName =
  | 'category'
  | 'priority'
  | 'note'
  | 'reason'
  | 'duplicateOf'
  | 'department'
  | 'handler'
  | 'coDepartments'
  | 'responsibleLead'
  | 'deadline'
  | 'report'
  | 'attachments'
  | 'ok'
  | 'satisfaction'
  | 'answer'
  | 'until'
  | 'directive'
  | 'text'
  | 'public';

interface FieldDef {
  name: FieldName;
  kind: Kind;
  required?: boolean;
}

/** The fields of every step (SPEC), in form order. */
export const ACTION_FIELDS: Record<ActionName, FieldDef[]> = {
  register: [
    { name: 'category', kind: 'category' },
    { name: 'priority', kind: 'priority' },
    { name: 'note', kind: 'textarea' },
  ],
  reject: [
    { name: 'reason', kind: 'textarea', required: true },
    { name: 'duplicateOf', kind: 'text' },
  ],
  dispatch: [
    { name: 'department', kind: 'department', required: true },
    { name: 'handler', kind: 'handler' },
    { name: 'coDepartments', kind: 'departments' },
    { name: 'responsibleLead', kind: 'text' },
    { name: 'deadline', kind: 'datetime' },
    { name: 'note', kind: 'textarea' },
  ],
  accept: [{ name: 'note', kind: 'textarea' }],
  resolve: [
    { name: 'report', kind: 'textarea', required: true },
    { name: 'attachments', kind: 'files' },
  ],
  verify: [
    { name: 'ok', kind: 'verdict', required: true },
    { name: 'satisfaction', kind: 'satisfaction' },
    { name: 'note', kind: 'textarea' },
    { name: 'attachments', kind: 'files' },
  ],
  close: [{ name: 'answer', kind: 'textarea', required: true }],
  suspend: [
    { name: 'reason', kind: 'textarea', required: true },
    { name: 'until', kind: 'datetime' },
  ],
  resume: [{ name: 'note', kind: 'textarea' }],
  escalate: [{ name: 'reason', kind: 'textarea', required: true }],
  supervise: [{ name: 'directive', kind: 'textarea', required: true }],
  comment: [
    { name: 'text', kind: 'textarea', required: true },
    { name: 'public', kind: 'checkbox' },
  ],
};

type Values = Record<string, string | boolean>;

/** Turns the form's strings into the action's body (empty optional fields left out). */
export function bodyOf(action: ActionName, values: Values): Record<string, unknown> {
  const body: Record<string, unknown> = { action };
  for (const def of ACTION_FIELDS[action]) {
    const value = values[def.name];
    if (def.kind === 'files') continue;
    if (def.kind === 'checkbox') {
      if (value === true) body[def.name] = true;
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') continue;
    if (def.kind === 'verdict') body[def.name] = value === 'yes';
    else if (def.kind === 'datetime') body[def.name] = new Date(value).toISOString();
    else if (def.kind === 'departments')
      body[def.name] = value
        .split(/[,\s，]+/)
        .map((s) => s.trim())
        .filter(Boolean);
    else body[def.name] = value.trim();
  }
  return body;
}

export function ActionForm({
  caseId,
  action,
  version,
  initial,
  onDone,
}: {
  caseId: string;
  action: ActionName;
  version: number;
  initial?: Values;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const categories = useCategoryIndex();
  const defs = ACTION_FIELDS[action];
  const needsDepartments = defs.some((d) => d.kind === 'department');
  const departments = useDepartments();
  const departmentOptions = useMemo(
    () => flattenDepartments(departments.data ?? [], { inService: true }),
    [departments.data],
  );
  const mutation = useCaseAction(caseId);
  const [values, setValues] = useState<Values>(initial ?? {});
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const id = (name: string) => `act-${action}-${name}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    for (const def of defs) {
      const value = values[def.name];
      if (def.required && (typeof value !== 'string' || value.trim() === ''))
        found[def.name] = t('casePage.form.required');
      if (def.kind === 'datetime' && typeof value === 'string' && value) {
        if (Number.isNaN(new Date(value).getTime())) found[def.name] = t('casePage.form.badDate');
        else if (new Date(value).getTime() < Date.now())
          found[def.name] = t('casePage.form.pastDate');
      }
    }
    setErrors(found);
    setMessage(undefined);
    if (Object.keys(found).length > 0) {
      document.getElementById(id(Object.keys(found)[0] ?? ''))?.focus();
      return;
    }
    mutation.mutate(
      { body: bodyOf(action, values), version, files },
      {
        onSuccess: () => {
          setMessage({ kind: 'ok', text: t('casePage.form.done') });
          setValues({});
          setFiles([]);
          onDone?.();
        },
        onError: (failure) => {
          const error: unknown = failure;
          if (isConflict(error)) {
            setMessage({ kind: 'error', text: t('casePage.conflict') });
            return;
          }
          if (error instanceof ApiError && error.fieldErrors.length > 0) {
            const server: Record<string, string> = {};
            for (const fe of error.fieldErrors) {
              const name = fe.field.replace(/^\//, '').split('/')[0] ?? '';
              server[name] = fe.message;
            }
            setErrors(server);
          }
          setMessage({
            kind: 'error',
            text: error instanceof ApiError && error.detail ? error.detail : t('errors.unexpected'),
          });
        },
      },
    );
  }

  const set = (name: string, value: string | boolean) =>
    // The handler is chosen among the lead department's staff: a new department clears it.
    setValues((v) => ({
      ...v,
      [name]: value,
      ...(name === 'department' && typeof value === 'string'
        ? {
            handler: '',
            coDepartments: String(v.coDepartments ?? '')
              .split(',')
              .filter((code) => code && code !== value)
              .join(','),
          }
        : {}),
    }));

  return (
    <form
      className="action-form"
      onSubmit={submit}
      noValidate
      aria-label={t(`casePage.actions.${action}`)}
    >
      {defs.map((def) => {
        const label = t(`casePage.fields.${def.name}`);
        const value = values[def.name];
        const text = typeof value === 'string' ? value : '';
        if (def.kind === 'handler')
          return (
            <HandlerPicker
              key={def.name}
              id={id(def.name)}
              label={label}
              department={typeof values.department === 'string' ? values.department : ''}
              value={text}
              error={errors[def.name]}
              onChange={(userId) => set(def.name, userId)}
            />
          );
        if (def.kind === 'departments') {
          // Co-handling departments: any but the lead, as checkboxes (stored comma-joined).
          const chosen = new Set(text.split(',').filter(Boolean));
          const lead = typeof values.department === 'string' ? values.department : '';
          const toggle = (code: string, on: boolean) => {
            const next = new Set(chosen);
            if (on) next.add(code);
            else next.delete(code);
            set(def.name, [...next].join(','));
          };
          return (
            <FieldSet
              key={def.name}
              id={id(def.name)}
              legend={label}
              required={false}
              error={errors[def.name]}
              className="department-checks"
            >
              {departmentOptions
                .filter(({ node: d }) => d.code !== lead)
                .map(({ node: d, depth }) => (
                  <div
                    className="field-check"
                    key={d.id}
                    style={depth > 0 ? { marginInlineStart: `${depth * 1.25}rem` } : undefined}
                  >
                    <input
                      id={id(`${def.name}-${d.code}`)}
                      type="checkbox"
                      checked={chosen.has(d.code)}
                      onChange={(e) => toggle(d.code, e.target.checked)}
                    />
                    <label htmlFor={id(`${def.name}-${d.code}`)}>{localName(d)}</label>
                  </div>
                ))}
            </FieldSet>
          );
        }
        if (def.kind === 'checkbox')
          return (
            <div className="field field-check" key={def.name}>
              <input
                id={id(def.name)}
                type="checkbox"
                checked={value === true}
                onChange={(e) => set(def.name, e.target.checked)}
              />
              <label htmlFor={id(def.name)}>{label}</label>
            </div>
          );
        return (
          <Field
            key={def.name}
            id={id(def.name)}
            label={label}
            required={def.required}
            error={errors[def.name]}
          >
            {(props) => {
              switch (def.kind) {
                case 'textarea':
                  return (
                    <textarea
                      {...props}
                      rows={3}
                      maxLength={4000}
                      value={text}
                      onChange={(e) => set(def.name, e.target.value)}
                    />
                  );
                case 'datetime':
                  return (
                    <input
                      {...props}
                      type="datetime-local"
                      value={text}
                      onChange={(e) => set(def.name, e.target.value)}
                    />
                  );
                case 'files':
                  return (
                    <input
                      {...props}
                      type="file"
                      accept="image/*"
                      multiple
                      onChange={(e) => setFiles([...(e.target.files ?? [])])}
                    />
                  );
                case 'category':
                  return (
                    <select {...props} value={text} onChange={(e) => set(def.name, e.target.value)}>
                      <option value="">{t('casePage.form.keep')}</option>
                      {(categories.index?.reportable.leaves ?? []).map((leaf) => (
                        <option key={leaf.node.code} value={leaf.node.code}>
                          {[...leaf.path, leaf.node].map((n) => localName(n)).join(' › ')}
                        </option>
                      ))}
                    </select>
                  );
                case 'priority':
                  return (
                    <select {...props} value={text} onChange={(e) => set(def.name, e.target.value)}>
                      <option value="">{t('casePage.form.keep')}</option>
                      {(['urgent', 'high', 'normal', 'low'] as const).map((p) => (
                        <option key={p} value={p}>
                          {t(`queue.priority.${p}`)}
                        </option>
                      ))}
                    </select>
                  );
                case 'department':
                  return (
                    <select
                      {...props}
                      value={text}
                      disabled={needsDepartments && departments.isPending}
                      onChange={(e) => set(def.name, e.target.value)}
                    >
                      <option value="">{t('queue.bulk.choose')}</option>
                      {departmentOptions.map(({ node: d, depth }) => (
                        <option key={d.id} value={d.code}>
                          {'\u00a0\u00a0'.repeat(depth)}
                          {localName(d)}
                        </option>
                      ))}
                    </select>
                  );
                case 'verdict':
                  return (
                    <select {...props} value={text} onChange={(e) => set(def.name, e.target.value)}>
                      <option value="">{t('casePage.form.choose')}</option>
                      <option value="yes">{t('casePage.form.verdictYes')}</option>
                      <option value="no">{t('casePage.form.verdictNo')}</option>
                    </select>
                  );
                case 'satisfaction':
                  return (
                    <select {...props} value={text} onChange={(e) => set(def.name, e.target.value)}>
                      <option value="">{t('casePage.form.choose')}</option>
                      {(['satisfied', 'neutral', 'unsatisfied'] as const).map((s) => (
                        <option key={s} value={s}>
                          {t(`satisfaction.${s}`)}
                        </option>
                      ))}
                    </select>
                  );
                default:
                  return (
                    <input
                      {...props}
                      value={text}
                      maxLength={200}
                      onChange={(e) => set(def.name, e.target.value)}
                    />
                  );
              }
            }}
          </Field>
        );
      })}
      <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
        {mutation.isPending ? t('common.sending') : t(`casePage.actions.${action}`)}
      </button>
      {message ? (
        <p
          className={message.kind === 'ok' ? 'notice notice-ok' : 'notice notice-error'}
          role={message.kind === 'ok' ? 'status' : 'alert'}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
