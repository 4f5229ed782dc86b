/**
 * `/staff/admin/settings`: API tokens — listed, created with the secret shown once,
 * revoked — and the calendar's holidays and make-up working days. Server field errors
 * (problem+json) are shown beside their fields.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/CopyButton.tsx';
import { Field } from '../../components/Field.tsx';
import { FormProblem, fieldErrorOf } from '../../components/FormProblem.tsx';
import {
  useCalendar,
  useCreateToken,
  usePutCalendarDay,
  useRevokeToken,
  useTokens,
} from './hooks.ts';
import { AdminTable, InputField, QueryList } from './parts.tsx';

export function useDates() {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(i18n.language, {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    const day = new Intl.DateTimeFormat(i18n.language, {
      dateStyle: 'full',
      timeZone: 'UTC',
    });
    return {
      dateTime: (iso: string) => dateTime.format(new Date(iso)),
      day: (d: string) => day.format(new Date(`${d}T00:00:00Z`)),
    };
  }, [i18n.language]);
}

export function TokensSection() {
  const { t } = useTranslation();
  const f = useDates();
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const [localError, setLocalError] = useState<string | undefined>();
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setLocalError(t('admin.tokens.nameRequired'));
      return;
    }
    setLocalError(undefined);
    create.mutate(
      { name: name.trim() },
      {
        onSuccess: (token) => {
          setSecret({ name: token.name, secret: token.secret });
          setName('');
        },
      },
    );
  };
  const nameError = localError ?? fieldErrorOf(create.error, '/name');

  return (
    <section className="card admin-section" aria-labelledby="tokens-title">
      <h3 id="tokens-title">{t('admin.tokens.title')}</h3>
      <p className="muted">{t('admin.tokens.lead')}</p>
      {secret ? (
        <div className="notice notice-success" role="status" data-testid="token-secret">
          <p>{t('admin.tokens.secretOnce', { name: secret.name })}</p>
          <p>
            <code className="mono admin-secret">{secret.secret}</code>{' '}
            <CopyButton text={secret.secret} label={t('admin.tokens.copy')} />
          </p>
          <button type="button" className="btn btn-secondary" onClick={() => setSecret(null)}>
            {t('admin.tokens.dismiss')}
          </button>
        </div>
      ) : null}
      <form className="admin-form" onSubmit={submit} noValidate>
        <InputField
          id="token-name"
          label={t('admin.tokens.name')}
          error={nameError}
          required
          type="text"
          maxLength={100}
          value={name}
          onChange={setName}
        />
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('admin.tokens.create')}
        </button>
      </form>
      <FormProblem error={create.error} shownFields={['/name']} />
      <FormProblem error={revoke.error} />
      <QueryList
        query={tokens}
        isEmpty={(data) => data.length === 0}
        empty={t('admin.tokens.empty')}
      >
        {(data) => (
          <AdminTable
            testId="tokens"
            caption={t('admin.tokens.title')}
            head={
              <>
                <th scope="col">{t('admin.tokens.name')}</th>
                <th scope="col">{t('admin.tokens.created')}</th>
                <th scope="col">{t('admin.tokens.state')}</th>
              </>
            }
          >
            {data.map((token) => (
              <tr key={token.id}>
                <th scope="row">{token.name}</th>
                <td>{f.dateTime(token.createdAt)}</td>
                <td>
                  {token.revokedAt
                    ? t('admin.tokens.revokedAt', { at: f.dateTime(token.revokedAt) })
                    : token.expiresAt
                      ? t('admin.tokens.expiresAt', { at: f.dateTime(token.expiresAt) })
                      : t('admin.tokens.active')}
                </td>
                <td>
                  {token.revokedAt ? null : (
                    <button
                      type="button"
                      className="btn btn-secondary"
                      disabled={revoke.isPending}
                      aria-label={t('admin.tokens.revokeNamed', { name: token.name })}
                      onClick={() => {
                        if (window.confirm(t('admin.tokens.confirm', { name: token.name })))
                          revoke.mutate(token.id);
                      }}
                    >
                      {t('admin.tokens.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </AdminTable>
        )}
      </QueryList>
    </section>
  );
}

export function CalendarSection() {
  const { t } = useTranslation();
  const f = useDates();
  const calendar = useCalendar();
  const put = usePutCalendarDay();
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'holiday' | 'workday'>('holiday');
  const [name, setName] = useState('');
  const [dateError, setDateError] = useState<string | undefined>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setDateError(t('admin.calendar.dateRequired'));
      return;
    }
    setDateError(undefined);
    put.mutate(
      { date, day: { kind, name: name.trim() || null } },
      {
        onSuccess: () => {
          setDate('');
          setName('');
        },
      },
    );
  };
  const serverDateError =
    fieldErrorOf(put.error, '/from') ?? fieldErrorOf(put.error, '/days/0/date');

  return (
    <section className="card admin-section" aria-labelledby="calendar-title">
      <h3 id="calendar-title">{t('admin.calendar.title')}</h3>
      {calendar.data ? (
        <p className="muted">
          {t('admin.calendar.lead', {
            timeZone: calendar.data.timeZone,
            workDays: calendar.data.workDays,
            hours: calendar.data.hours,
          })}
        </p>
      ) : null}
      <form className="admin-form" onSubmit={submit} noValidate>
        <InputField
          id="calendar-date"
          label={t('admin.calendar.date')}
          error={dateError ?? serverDateError}
          required
          type="date"
          value={date}
          onChange={setDate}
        />
        <Field id="calendar-kind" label={t('admin.calendar.kind')} required>
          {(props) => (
            <select
              {...props}
              value={kind}
              onChange={(e) => setKind(e.target.value as 'holiday' | 'workday')}
            >
              <option value="holiday">{t('admin.calendar.holiday')}</option>
              <option value="workday">{t('admin.calendar.workday')}</option>
            </select>
          )}
        </Field>
        <InputField
          id="calendar-name"
          label={t('admin.calendar.name')}
          error={fieldErrorOf(put.error, '/days/0/name')}
          type="text"
          maxLength={100}
          value={name}
          onChange={setName}
        />
        <button type="submit" className="btn btn-primary" disabled={put.isPending}>
          {t('admin.calendar.save')}
        </button>
      </form>
      <FormProblem error={put.error} shownFields={['/from', '/days/0/date', '/days/0/name']} />
      <QueryList
        query={calendar}
        isEmpty={(data) => data.days.length === 0}
        empty={t('admin.calendar.empty')}
      >
        {(data) => (
          <AdminTable
            testId="calendar-days"
            caption={t('admin.calendar.title')}
            head={
              <>
                <th scope="col">{t('admin.calendar.date')}</th>
                <th scope="col">{t('admin.calendar.kind')}</th>
                <th scope="col">{t('admin.calendar.name')}</th>
              </>
            }
          >
            {[...data.days]
              .sort((a, b) => a.date.localeCompare(b.date))
              .map((day) => (
                <tr key={`${day.date}-${day.kind}`}>
                  <th scope="row">{f.day(day.date)}</th>
                  <td>{t(`admin.calendar.${day.kind}`)}</td>
                  <td>{day.name ?? '—'}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-secondary"
                      disabled={put.isPending}
                      aria-label={t('admin.calendar.removeNamed', { date: f.day(day.date) })}
                      onClick={() => put.mutate({ date: day.date, day: null })}
                    >
                      {t('admin.calendar.remove')}
                    </button>
                  </td>
                </tr>
              ))}
          </AdminTable>
        )}
      </QueryList>
    </section>
  );
}

/** Tokens and the calendar, one under the other. */
export function SettingsSection() {
  return (
    <>
      <TokensSection />
      <CalendarSection />
    </>
  );
}
