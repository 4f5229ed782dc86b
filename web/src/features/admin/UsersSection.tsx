/**
 * `/staff/admin/users`: staff holding roles inside the admin's areas (or on a
 * department), searched by login, name or e-mail and filtered by role and state, a page at
 * a time, with their roles and where each is held; a form to create an account with one
 * or more grants; and, for accounts wholly inside the admin's scope, changing name,
 * e-mail and grants, and deactivating or reactivating. A change carries the version the
 * admin loaded: when another admin saved first, the form says so, keeps what was typed
 * and offers to reload the account.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isConflict } from '../../api/client.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { FormProblem, fieldErrorOf } from '../../components/FormProblem.tsx';
import { useSession } from '../session/hooks.ts';
import type { StaffFilter, StaffUser } from './api.ts';
import {
  checkGrants,
  emptyGrant,
  grantsOf,
  GrantsEditor,
  withServerGrantErrors,
  type GrantErrors,
  type GrantRow,
} from './GrantsEditor.tsx';
import { useArea, useCreateUser, useReloadUser, useUpdateUser, useUsers } from './hooks.ts';
import { useDepartmentName, useScopeAreas } from './pickers.tsx';
import {
  AdminTable,
  ConflictNotice,
  InputField,
  QueryList,
  SaveCancel,
  SavedNotice,
} from './parts.tsx';
import { adminAreas, GRANTABLE_ROLES } from './roles.ts';

const LOGIN = /^[a-z0-9][a-z0-9_.-]{1,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function rowsOf(user: StaffUser): GrantRow[] {
  return user.roles.map((r) => ({
    role: r.role,
    area: r.area?.code ?? '',
    department: r.department?.code ?? '',
  }));
}

/** What the admin may change: accounts whose every grant lies in its scope. */
function useManageable() {
  const session = useSession();
  const roots = adminAreas(session.data);
  const firstRoot = useArea(roots[0]?.id ?? null);
  const { areas } = useScopeAreas();
  return useMemo(() => {
    const inScope = new Set((areas ?? []).map((a) => a.code));
    // Department roles serve the whole city: only an admin of a whole tree changes them.
    const holdsRoot = firstRoot.data?.parentId === null;
    return {
      inScope,
      areas,
      manageable: (user: StaffUser) =>
        areas !== undefined &&
        user.roles.every((r) =>
          r.area ? inScope.has(r.area.code) : r.department ? holdsRoot : true,
        ),
    };
  }, [areas, firstRoot.data]);
}

function CreateUserForm() {
  const { t } = useTranslation();
  const create = useCreateUser();
  const { inScope, areas } = useManageable();
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [rows, setRows] = useState<GrantRow[]>([emptyGrant()]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [grantErrors, setGrantErrors] = useState<GrantErrors>({});
  const [created, setCreated] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!LOGIN.test(login)) next.login = t('admin.users.loginInvalid');
    if (password.length < 10 || password.length > 200)
      next.password = t('admin.users.passwordInvalid');
    if (email.trim() && !EMAIL.test(email.trim())) next.email = t('admin.users.emailInvalid');
    if (rows.length === 0) next.grants = t('admin.users.grantRequired');
    const nextGrants = checkGrants(rows, inScope, t);
    setErrors(next);
    setGrantErrors(nextGrants);
    setCreated(null);
    if (Object.keys(next).length > 0 || Object.keys(nextGrants).length > 0) {
      const first = next.login
        ? 'new-login'
        : next.password
          ? 'new-password'
          : next.email
            ? 'new-email'
            : null;
      if (first) document.getElementById(first)?.focus();
      return;
    }
    create.mutate(
      {
        login,
        password,
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        ...(email.trim() ? { email: email.trim() } : {}),
        roles: grantsOf(rows),
      },
      {
        onSuccess: (user) => {
          setCreated(user.login);
          setLogin('');
          setDisplayName('');
          setEmail('');
          setPassword('');
          setRows([emptyGrant()]);
        },
      },
    );
  };
  const serverFields = create.error instanceof ApiError ? create.error.fieldErrors : [];
  const shownGrantErrors = withServerGrantErrors(grantErrors, serverFields, '/grants');

  return (
    <section className="card admin-section" aria-labelledby="new-user-title">
      <h3 id="new-user-title">{t('admin.users.createTitle')}</h3>
      <form
        className="admin-form admin-form-column"
        onSubmit={submit}
        noValidate
        data-testid="create-user"
      >
        <div className="admin-form">
          <InputField
            id="new-login"
            label={t('admin.users.login')}
            hint={t('admin.users.loginHint')}
            error={errors.login ?? fieldErrorOf(create.error, '/login')}
            required
            type="text"
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            value={login}
            onChange={setLogin}
          />
          <InputField
            id="new-name"
            label={t('admin.users.displayName')}
            error={fieldErrorOf(create.error, '/displayName')}
            type="text"
            maxLength={100}
            value={displayName}
            onChange={setDisplayName}
          />
          <InputField
            id="new-email"
            label={t('admin.users.email')}
            error={errors.email ?? fieldErrorOf(create.error, '/email')}
            type="email"
            maxLength={200}
            value={email}
            onChange={setEmail}
          />
          <InputField
            id="new-password"
            label={t('admin.users.password')}
            hint={t('admin.users.passwordHint')}
            error={errors.password ?? fieldErrorOf(create.error, '/password')}
            required
            type="password"
            autoComplete="new-password"
            maxLength={200}
            value={password}
            onChange={setPassword}
          />
        </div>
        <GrantsEditor
          idPrefix="new"
          rows={rows}
          onChange={setRows}
          errors={shownGrantErrors}
          areas={areas}
        />
        {errors.grants ? <p className="field-error">{errors.grants}</p> : null}
        <div>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? t('common.sending') : t('admin.users.create')}
          </button>
        </div>
      </form>
      <SavedNotice
        message={created ? t('admin.users.created', { login: created }) : null}
        testId="user-created"
      />
      <FormProblem
        error={create.error}
        shownFields={['/login', '/password', '/email', '/displayName', '/grants/']}
      />
    </section>
  );
}

function EditUserForm({
  user,
  self,
  onDone,
  onReload,
}: {
  /** The account as the list showed it when the form opened. */
  user: StaffUser;
  self: boolean;
  onDone: (message: string) => void;
  /** Fetches the account again; undefined when it is no longer in the list. */
  onReload: () => Promise<StaffUser | undefined>;
}) {
  const { t } = useTranslation();
  const update = useUpdateUser();
  const { inScope, areas } = useManageable();
  // The account the form's values started from: its version goes with the change.
  const [loaded, setLoaded] = useState(user);
  const [displayName, setDisplayName] = useState(user.displayName);
  const [email, setEmail] = useState(user.email ?? '');
  const [rows, setRows] = useState<GrantRow[]>(() => rowsOf(user));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [grantErrors, setGrantErrors] = useState<GrantErrors>({});
  const [reload, setReload] = useState<'idle' | 'busy' | 'done' | 'gone'>('idle');
  const [reloadError, setReloadError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The form opens under the list: take the reader there.
  useEffect(() => heading.current?.focus(), []);
  const conflict = isConflict(update.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!displayName.trim()) next.displayName = t('admin.users.nameRequired');
    if (email.trim() && !EMAIL.test(email.trim())) next.email = t('admin.users.emailInvalid');
    const nextGrants = self ? {} : checkGrants(rows, inScope, t);
    setErrors(next);
    setGrantErrors(nextGrants);
    setReload('idle');
    if (Object.keys(next).length > 0 || Object.keys(nextGrants).length > 0) return;
    update.mutate(
      {
        id: user.id,
        changes: {
          version: loaded.version,
          displayName: displayName.trim(),
          email: email.trim() || null,
          ...(self ? {} : { roles: grantsOf(rows) }),
        },
      },
      { onSuccess: () => onDone(t('admin.users.saved', { login: user.login })) },
    );
  };

  // Replaces what was typed with the account as now stored, only when the admin asks.
  const reloadAccount = async () => {
    setReload('busy');
    setReloadError(null);
    try {
      const fresh = await onReload();
      if (!fresh) {
        setReload('gone');
        return;
      }
      setLoaded(fresh);
      setDisplayName(fresh.displayName);
      setEmail(fresh.email ?? '');
      setRows(rowsOf(fresh));
      setErrors({});
      setGrantErrors({});
      update.reset();
      setReload('done');
    } catch (error) {
      setReload('idle');
      setReloadError(error);
    }
  };

  const serverFields = update.error instanceof ApiError ? update.error.fieldErrors : [];
  const id = `edit-${user.login}`;
  return (
    <form
      className="admin-form admin-form-column admin-edit"
      onSubmit={submit}
      noValidate
      data-testid="edit-user"
      data-version={loaded.version}
    >
      <h4 ref={heading} tabIndex={-1}>
        {t('admin.users.editTitle', { login: user.login })}
      </h4>
      <div className="admin-form">
        <InputField
          id={`${id}-name`}
          label={t('admin.users.displayName')}
          error={errors.displayName ?? fieldErrorOf(update.error, '/displayName')}
          required
          type="text"
          maxLength={100}
          value={displayName}
          onChange={setDisplayName}
        />
        <InputField
          id={`${id}-email`}
          label={t('admin.users.email')}
          error={errors.email ?? fieldErrorOf(update.error, '/email')}
          type="email"
          maxLength={200}
          value={email}
          onChange={setEmail}
        />
      </div>
      {self ? (
        <p className="muted">{t('admin.users.ownRoles')}</p>
      ) : (
        <GrantsEditor
          idPrefix={id}
          rows={rows}
          onChange={setRows}
          errors={withServerGrantErrors(grantErrors, serverFields, '/roles')}
          areas={areas}
        />
      )}
      {conflict ? (
        <ConflictNotice
          testId="user-conflict"
          reloadLabel={t('admin.users.reload')}
          busy={reload === 'busy'}
          onReload={() => void reloadAccount()}
        >
          <p>{t('admin.users.conflict', { login: user.login })}</p>
          <p>
            {reload === 'gone'
              ? t('admin.users.reloadGone')
              : t('admin.users.reloadHint', { login: user.login })}
          </p>
        </ConflictNotice>
      ) : null}
      {reloadError ? <ErrorNotice error={reloadError} /> : null}
      <SavedNotice message={reload === 'done' ? t('admin.users.reloaded') : null} />
      <SaveCancel
        label={t('admin.users.save')}
        pending={update.isPending}
        onCancel={() => onDone('')}
      />
      {conflict ? null : (
        <FormProblem error={update.error} shownFields={['/displayName', '/email', '/roles/']} />
      )}
    </form>
  );
}

const NO_FILTER: StaffFilter = { q: '', role: '', active: '' };

/** The search box and the role and state filters; applied together on submit. */
function StaffFilters({
  applied,
  onApply,
}: {
  applied: StaffFilter;
  onApply: (filter: StaffFilter) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(applied);
  const set = <K extends keyof StaffFilter>(key: K, value: StaffFilter[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  return (
    <form
      className="admin-filters"
      role="search"
      aria-label={t('admin.users.searchLabel')}
      data-testid="user-search"
      onSubmit={(event) => {
        event.preventDefault();
        onApply({ ...draft, q: draft.q.trim() });
      }}
    >
      <div className="field">
        <label htmlFor="users-q">{t('admin.users.search')}</label>
        <input
          id="users-q"
          type="search"
          maxLength={100}
          spellCheck={false}
          aria-describedby="users-q-hint"
          value={draft.q}
          onChange={(e) => set('q', e.target.value)}
        />
        <p className="hint" id="users-q-hint">
          {t('admin.users.searchHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor="users-role">{t('admin.users.roleFilter')}</label>
        <select id="users-role" value={draft.role} onChange={(e) => set('role', e.target.value)}>
          <option value="">{t('admin.users.anyRole')}</option>
          {GRANTABLE_ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`admin.roles.${role}`, role)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="users-active">{t('admin.users.state')}</label>
        <select
          id="users-active"
          value={draft.active}
          onChange={(e) => set('active', e.target.value as StaffFilter['active'])}
        >
          <option value="">{t('admin.users.anyState')}</option>
          <option value="true">{t('admin.users.active')}</option>
          <option value="false">{t('admin.users.inactive')}</option>
        </select>
      </div>
      <div className="admin-actions">
        <button type="submit" className="btn btn-primary">
          {t('admin.users.searchSubmit')}
        </button>
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => {
            setDraft(NO_FILTER);
            onApply(NO_FILTER);
          }}
        >
          {t('admin.users.clearSearch')}
        </button>
      </div>
    </form>
  );
}

function UserList() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<StaffFilter>(NO_FILTER);
  const users = useUsers(filter);
  const session = useSession();
  const update = useUpdateUser();
  const departmentName = useDepartmentName();
  const { manageable } = useManageable();
  const [editing, setEditing] = useState<StaffUser | null>(null);
  const [message, setMessage] = useState('');

  const selfId = session.data?.user.id;
  const filtered = filter.q !== '' || filter.role !== '' || filter.active !== '';
  const reloadUser = useReloadUser();
  return (
    <section className="card admin-section" aria-labelledby="users-title">
      <h3 id="users-title">{t('admin.users.listTitle')}</h3>
      <p className="muted">{t('admin.users.listLead')}</p>
      <StaffFilters
        applied={filter}
        onApply={(next) => {
          setMessage('');
          setFilter(next);
        }}
      />
      <SavedNotice message={message} />
      <FormProblem error={update.error} />
      <QueryList
        query={users}
        isEmpty={(data) => data.pages.every((page) => page.items.length === 0)}
        empty={filtered ? t('admin.users.noMatch') : t('admin.users.empty')}
      >
        {(data) => (
          <>
            <AdminTable
              testId="users"
              caption={t('admin.users.listTitle')}
              head={
                <>
                  <th scope="col">{t('admin.users.name')}</th>
                  <th scope="col">{t('admin.users.roles')}</th>
                  <th scope="col">{t('admin.users.state')}</th>
                </>
              }
            >
              {data.pages
                .flatMap((page) => page.items)
                .map((user) => {
                  const may = manageable(user);
                  const self = user.id === selfId;
                  return (
                    <tr key={user.id} data-login={user.login}>
                      <th scope="row">
                        {user.displayName}
                        <br />
                        <span className="mono muted">{user.login}</span>
                        {user.email ? <span className="muted"> · {user.email}</span> : null}
                      </th>
                      <td data-label={t('admin.users.roles')}>
                        <ul className="admin-role-list">
                          {user.roles.map((r, i) => (
                            <li key={i}>
                              {t(`admin.roles.${r.role}`, r.role)}
                              {r.area ? <span className="mono"> · {r.area.code}</span> : null}
                              {r.department ? (
                                <span> · {departmentName(r.department.code)}</span>
                              ) : null}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td data-label={t('admin.users.state')}>
                        {user.active ? (
                          t('admin.users.active')
                        ) : (
                          <strong>{t('admin.users.inactive')}</strong>
                        )}
                      </td>
                      <td>
                        {may ? (
                          <div className="admin-actions">
                            <button
                              type="button"
                              className="btn btn-secondary"
                              aria-expanded={editing?.id === user.id}
                              aria-label={t('admin.users.editNamed', { login: user.login })}
                              onClick={() => {
                                setMessage('');
                                setEditing(editing?.id === user.id ? null : user);
                              }}
                            >
                              {t('admin.users.edit')}
                            </button>
                            {self ? null : (
                              <button
                                type="button"
                                className="btn btn-secondary"
                                disabled={update.isPending}
                                aria-label={t(
                                  user.active
                                    ? 'admin.users.deactivateNamed'
                                    : 'admin.users.reactivateNamed',
                                  { login: user.login },
                                )}
                                onClick={() => {
                                  if (
                                    user.active &&
                                    !window.confirm(
                                      t('admin.users.confirmDeactivate', { login: user.login }),
                                    )
                                  )
                                    return;
                                  setMessage('');
                                  update.mutate(
                                    {
                                      id: user.id,
                                      changes: { version: user.version, active: !user.active },
                                    },
                                    {
                                      onSuccess: () =>
                                        setMessage(
                                          t(
                                            user.active
                                              ? 'admin.users.deactivated'
                                              : 'admin.users.reactivated',
                                            { login: user.login },
                                          ),
                                        ),
                                      // Someone else changed the account: show it as it is now.
                                      onError: (error) => {
                                        if (isConflict(error)) void users.refetch();
                                      },
                                    },
                                  );
                                }}
                              >
                                {user.active
                                  ? t('admin.users.deactivate')
                                  : t('admin.users.reactivate')}
                              </button>
                            )}
                          </div>
                        ) : (
                          <span className="muted">{t('admin.users.outsideScope')}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
            </AdminTable>
            {users.hasNextPage ? (
              <div className="admin-actions">
                <button
                  type="button"
                  className="btn btn-secondary"
                  data-testid="users-more"
                  disabled={users.isFetchingNextPage}
                  onClick={() => void users.fetchNextPage()}
                >
                  {users.isFetchingNextPage ? t('common.loading') : t('admin.users.showMore')}
                </button>
              </div>
            ) : null}
            {users.isFetchNextPageError ? (
              <ErrorNotice error={users.error} onRetry={() => void users.fetchNextPage()} />
            ) : null}
          </>
        )}
      </QueryList>
      {editing ? (
        <EditUserForm
          key={editing.id}
          user={editing}
          self={editing.id === selfId}
          onReload={() => reloadUser(editing.id)}
          onDone={(text) => {
            setMessage(text);
            setEditing(null);
          }}
        />
      ) : null}
    </section>
  );
}

export function UsersSection() {
  return (
    <>
      <UserList />
      <CreateUserForm />
    </>
  );
}
