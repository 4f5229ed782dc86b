/**
 * The role grants of an account as rows: a role and, for it, an area of the admin's
 * subtrees or a department. Rows are added and removed; errors sit beside their control.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field.tsx';
import { AreaInput, DepartmentSelect, type ScopeArea } from './pickers.tsx';
import { GRANTABLE_ROLES, isDepartmentRole } from './roles.ts';

export interface GrantRow {
  role: string;
  area: string;
  department: string;
}

export type GrantErrors = Record<
  number,
  { role?: string; area?: string; department?: string; row?: string }
>;

export const emptyGrant = (): GrantRow => ({ role: 'grid_worker', area: '', department: '' });

/** Checks the rows in the browser: each needs its area (in scope) or department; no row twice. */
export function checkGrants(
  rows: readonly GrantRow[],
  inScope: ReadonlySet<string>,
  t: TFunction,
): GrantErrors {
  const errors: GrantErrors = {};
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const department = isDepartmentRole(row.role);
    if (department && !row.department)
      errors[i] = { department: t('admin.pickers.departmentRequired') };
    if (!department && !inScope.has(row.area)) errors[i] = { area: t('admin.pickers.areaInvalid') };
    const key = `${row.role}|${department ? row.department : row.area}`;
    if (!errors[i] && seen.has(key)) errors[i] = { row: t('admin.users.grantTwice') };
    seen.add(key);
  });
  return errors;
}

/** The rows as the API takes them. */
export function grantsOf(rows: readonly GrantRow[]) {
  return rows.map((row) =>
    isDepartmentRole(row.role)
      ? { role: row.role, department: row.department }
      : { role: row.role, area: row.area },
  );
}

export function GrantsEditor({
  idPrefix,
  rows,
  onChange,
  errors,
  areas,
}: {
  idPrefix: string;
  rows: GrantRow[];
  onChange: (rows: GrantRow[]) => void;
  errors: GrantErrors;
  areas: ScopeArea[] | undefined;
}) {
  const { t } = useTranslation();
  const set = (i: number, change: Partial<GrantRow>) =>
    onChange(rows.map((row, k) => (k === i ? { ...row, ...change } : row)));
  return (
    <fieldset className="admin-grants" id={`${idPrefix}-grants`}>
      <legend>{t('admin.users.grants')}</legend>
      {rows.length === 0 ? <p className="muted">{t('admin.users.noGrants')}</p> : null}
      <ol className="admin-grant-list">
        {rows.map((row, i) => {
          const department = isDepartmentRole(row.role);
          const error = errors[i] ?? {};
          return (
            <li key={i} className="admin-grant-row" data-testid="grant-row">
              <Field
                id={`${idPrefix}-role-${i}`}
                label={t('admin.users.role', { n: i + 1 })}
                error={error.role}
                required
              >
                {(props) => (
                  <select
                    {...props}
                    value={row.role}
                    onChange={(e) => set(i, { role: e.target.value })}
                  >
                    {GRANTABLE_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {t(`admin.roles.${role}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {department ? (
                <Field
                  id={`${idPrefix}-department-${i}`}
                  label={t('admin.users.department', { n: i + 1 })}
                  error={error.department ?? error.row}
                  required
                >
                  {(props) => (
                    <DepartmentSelect
                      props={props}
                      value={row.department}
                      onChange={(v) => set(i, { department: v })}
                    />
                  )}
                </Field>
              ) : (
                <Field
                  id={`${idPrefix}-area-${i}`}
                  label={t('admin.users.area', { n: i + 1 })}
                  error={error.area ?? error.row}
                  required
                >
                  {(props) => (
                    <AreaInput
                      props={props}
                      value={row.area}
                      onChange={(v) => set(i, { area: v })}
                      areas={areas}
                    />
                  )}
                </Field>
              )}
              <button
                type="button"
                className="btn btn-secondary"
                aria-label={t('admin.users.removeGrant', { n: i + 1 })}
                onClick={() => onChange(rows.filter((_, k) => k !== i))}
              >
                {t('admin.users.remove')}
              </button>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="btn btn-secondary"
        onClick={() => onChange([...rows, emptyGrant()])}
      >
        {t('admin.users.addGrant')}
      </button>
    </fieldset>
  );
}

/** Server field errors of grants (`${pointer}/<i>/area` …) merged over the browser's own. */
export function withServerGrantErrors(
  local: GrantErrors,
  fieldErrors: readonly { field: string; message: string }[],
  pointer: string,
): GrantErrors {
  const merged: GrantErrors = { ...local };
  for (const fe of fieldErrors) {
    const match = new RegExp(`^${pointer}/(\\d+)(?:/(role|area|department))?$`).exec(fe.field);
    if (!match) continue;
    const i = Number(match[1]);
    const key = (match[2] ?? 'row') as 'role' | 'area' | 'department' | 'row';
    merged[i] = { ...merged[i], [key]: merged[i]?.[key] ?? fe.message };
  }
  return merged;
}
