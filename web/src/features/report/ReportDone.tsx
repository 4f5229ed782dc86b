/** After a report: the tracking code, big and copyable, where it went, and similar reports. */
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { ReportAnswer } from '../../api/types.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useFormat, useLocalName } from '../../i18n/format.ts';
import { isCaseStatus } from '../track/steps.ts';

export function ReportDone({ answer, onAnother }: { answer: ReportAnswer; onAnother: () => void }) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const format = useFormat();
  return (
    <>
      <PageHeading title={t('done.title')}>{t('done.lead')}</PageHeading>
      <section className="card tracking-card" aria-labelledby="done-code-label">
        <p id="done-code-label" className="label-like">
          {t('done.codeLabel')}
        </p>
        <p className="tracking-code" data-testid="tracking-code">
          {answer.trackingCode}
        </p>
        <p className="muted">{t('done.keepCode')}</p>
        <div className="button-row">
          <CopyButton text={answer.trackingCode} label={t('done.copy')} />
          <Link href={`/track/${answer.trackingCode}`} className="btn btn-primary">
            {t('done.follow')}
          </Link>
        </div>
      </section>

      <section className="card" aria-labelledby="done-where">
        <h2 id="done-where">{t('done.whereTitle')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('done.cell')}</dt>
            <dd>{localName(answer.area)}</dd>
          </div>
          {answer.department ? (
            <div>
              <dt>{t('done.department')}</dt>
              <dd>{localName(answer.department)}</dd>
            </div>
          ) : null}
          {answer.stageDueAt ? (
            <div>
              <dt>{t('done.registerBy')}</dt>
              <dd>{format.dateTime(answer.stageDueAt)}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      {answer.possibleDuplicates.length > 0 ? (
        <section className="card" aria-labelledby="done-similar">
          <h2 id="done-similar">{t('done.similarTitle')}</h2>
          <p className="muted">{t('done.similarHint')}</p>
          <ul className="similar">
            {answer.possibleDuplicates.map((d, i) => (
              <li key={d.id ?? i}>
                {d.trackingCode ? (
                  <Link href={`/track/${d.trackingCode}`}>{d.title || d.trackingCode}</Link>
                ) : (
                  <span>{t('done.similarAnonymous')}</span>
                )}
                <span className="muted small">
                  {isCaseStatus(d.status) ? t(`status.${d.status}`) : d.status} ·{' '}
                  {t('done.distance', { m: format.number(Math.round(d.distanceM)) })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="button-row">
        <button type="button" className="btn btn-secondary" onClick={onAnother}>
          {t('done.another')}
        </button>
      </div>
    </>
  );
}
