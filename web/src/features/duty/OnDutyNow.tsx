/**
 * Who an urgent report made in the area now reaches: the officer on duty (A) and the
 * cover (B) of the deepest area on its path with a shift now, saying which area when it
 * is one above; or a warning that nobody is on duty, so every dispatcher and grid leader
 * of the area is told instead.
 */
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Loading } from '../../components/Loading.tsx';
import type { DutyOfficer } from './api.ts';
import { useDutyFormat } from './duty-format.ts';
import { useOnDutyNow } from './hooks.ts';

/**
 * An officer's name, marked when the account has been deactivated or no longer holds a
 * role that stands duty there (an urgent report passes them by).
 */
export function OfficerName({ officer }: { officer: DutyOfficer }) {
  const { t } = useTranslation();
  const mark = !officer.active
    ? t('duty.inactive')
    : officer.mayStandDuty
      ? null
      : t('duty.noLongerEligible');
  return (
    <>
      {officer.displayName}
      {mark === null ? null : (
        <>
          {' '}
          <span className="badge badge-overdue" data-testid="officer-unreachable">
            {mark}
          </span>
        </>
      )}
    </>
  );
}

export function OnDutyNow({
  area,
  timeZone,
  areaName,
}: {
  area: { id: string; code: string };
  timeZone: string;
  /** The name of an area on the chosen area's path, by id (its code when unknown). */
  areaName: (ref: { id: string; code: string }) => string;
}) {
  const { t } = useTranslation();
  const format = useDutyFormat(timeZone);
  const now = useOnDutyNow(area.code);
  return (
    <section
      className="card duty-now"
      aria-labelledby="duty-now-title"
      aria-live="polite"
      data-testid="duty-now"
    >
      <h2 id="duty-now-title" className="h3">
        {t('duty.now.title')}
      </h2>
      {now.isPending ? (
        <Loading label={t('common.loading')} />
      ) : now.isError ? (
        <ErrorNotice error={now.error} onRetry={() => void now.refetch()} />
      ) : now.data === null ? (
        <div className="notice notice-warning" data-testid="duty-now-nobody">
          <p>
            <strong>{t('duty.now.nobody')}</strong>
          </p>
          <p>{t('duty.now.nobodyHint')}</p>
        </div>
      ) : (
        <>
          <dl className="facts duty-now-facts">
            <div>
              <dt>{t('duty.primary')}</dt>
              <dd data-testid="duty-now-primary">
                <OfficerName officer={now.data.primary} />
              </dd>
            </div>
            <div>
              <dt>{t('duty.backup')}</dt>
              <dd data-testid="duty-now-backup">
                {now.data.backup ? (
                  <OfficerName officer={now.data.backup} />
                ) : (
                  <span className="muted">{t('duty.noBackup')}</span>
                )}
              </dd>
            </div>
            <div>
              <dt>{t('duty.now.until')}</dt>
              <dd>{format.instant(now.data.endsAt)}</dd>
            </div>
            {now.data.area.id !== area.id ? (
              <div>
                <dt>{t('duty.now.shiftOf')}</dt>
                <dd data-testid="duty-now-area">
                  {t('duty.inheritedFrom', { area: areaName(now.data.area) })}
                </dd>
              </div>
            ) : null}
          </dl>
          {now.data.note ? <p className="duty-note">{now.data.note}</p> : null}
        </>
      )}
    </section>
  );
}
