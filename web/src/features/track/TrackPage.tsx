/**
 * Following a case by its tracking code (`/track` and `/track/<code>`): the status steps,
 * public comments, the current deadline, finally the written answer and the rating.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { Tracking } from '../../api/types.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Field } from '../../components/Field.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { OverdueBadge, StatusBadge } from '../../components/StatusBadge.tsx';
import { useFormat, useLocalName } from '../../i18n/format.ts';
import { useTracking } from './hooks.ts';
import { RatingForm } from './RatingForm.tsx';
import { StatusSteps } from './StatusSteps.tsx';
import { normaliseTrackingCode } from './steps.ts';

function CodeForm({ initial }: { initial: string }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const code = normaliseTrackingCode(value);
    if (!code) {
      setError(t('track.form.invalid'));
      document.getElementById('track-code')?.focus();
      return;
    }
    setError(undefined);
    navigate(`/track/${code}`);
  };
  return (
    <form className="track-form" noValidate onSubmit={onSubmit} role="search">
      <Field
        id="track-code"
        label={t('track.form.label')}
        hint={t('track.form.hint')}
        error={error}
        required
      >
        {(props) => (
          <div className="input-with-button">
            <input
              {...props}
              type="text"
              autoCapitalize="characters"
              autoComplete="off"
              spellCheck={false}
              maxLength={20}
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
            <button type="submit" className="btn btn-primary">
              {t('track.form.submit')}
            </button>
          </div>
        )}
      </Field>
    </form>
  );
}

function TrackingView({ tracking }: { tracking: Tracking }) {
  const { t } = useTranslation();
  const format = useFormat();
  const localName = useLocalName();
  const open = !['closed', 'rejected'].includes(tracking.status);
  return (
    <div className="tracking">
      <section className="card" aria-labelledby="case-title">
        <p className="muted small tracking-code-small">{tracking.trackingCode}</p>
        <h2 id="case-title" className="case-title">
          {tracking.category ? localName(tracking.category) : tracking.title}
        </h2>
        <p className="badges">
          <StatusBadge status={tracking.status} />
          {tracking.overdue && open ? <OverdueBadge /> : null}
        </p>
        <dl className="facts">
          {tracking.area ? (
            <div>
              <dt>{t('track.cell')}</dt>
              <dd>{localName(tracking.area)}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('track.reportedAt')}</dt>
            <dd>{format.dateTime(tracking.createdAt)}</dd>
          </div>
          {open && tracking.deadline ? (
            <div>
              <dt>
                {tracking.stage ? t(`track.deadline.${tracking.stage}`) : t('track.deadline.any')}
              </dt>
              <dd>
                <time dateTime={tracking.deadline}>{format.dateTime(tracking.deadline)}</time>
              </dd>
            </div>
          ) : null}
          {tracking.closedAt ? (
            <div>
              <dt>{t('track.closedAt')}</dt>
              <dd>{format.dateTime(tracking.closedAt)}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      {tracking.status === 'rejected' ? (
        <section className="card notice-card" aria-labelledby="rejected-title">
          <h2 id="rejected-title">{t('track.rejected.title')}</h2>
          {tracking.rejectedBecause ? (
            <p>
              <span className="muted">{t('track.rejected.reason')}</span> {tracking.rejectedBecause}
            </p>
          ) : null}
          {tracking.duplicateOf ? (
            <p>
              {t('track.rejected.duplicate')}{' '}
              <Link href={`/track/${tracking.duplicateOf}`} className="code-link">
                {tracking.duplicateOf}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {tracking.answer ? (
        <section className="card answer-card" aria-labelledby="answer-title">
          <h2 id="answer-title">{t('track.answer')}</h2>
          <p className="answer-text">{tracking.answer}</p>
        </section>
      ) : null}

      {tracking.status === 'closed' ? (
        <section className="card" aria-labelledby="rating-title">
          <h2 id="rating-title">{t('track.rating.title')}</h2>
          <RatingForm code={tracking.trackingCode} rated={tracking.rated} />
        </section>
      ) : null}

      <section className="card" aria-labelledby="steps-title">
        <h2 id="steps-title">{t('track.progress')}</h2>
        <StatusSteps tracking={tracking} />
      </section>

      <section className="card" aria-labelledby="comments-title">
        <h2 id="comments-title">{t('track.comments')}</h2>
        {tracking.publicComments.length > 0 ? (
          <ul className="comments">
            {tracking.publicComments.map((c, i) => (
              <li key={`${c.at}-${i}`}>
                <time dateTime={c.at} className="muted small">
                  {format.dateTime(c.at)}
                </time>
                <p>{c.text}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('track.noComments')}</p>
        )}
      </section>
    </div>
  );
}

export function TrackPage({ code: rawCode }: { code?: string }) {
  const { t } = useTranslation();
  const code = rawCode ? normaliseTrackingCode(decodeURIComponent(rawCode)) : null;
  const tracking = useTracking(code);
  return (
    <>
      <PageHeading title={t('track.title')}>{code ? null : t('track.lead')}</PageHeading>
      <CodeForm key={code ?? ''} initial={code ?? rawCode ?? ''} />
      {rawCode && !code ? (
        <p className="notice notice-warning" role="alert">
          {t('track.form.invalid')}
        </p>
      ) : null}
      {code ? (
        tracking.isPending ? (
          <Loading block label={t('track.loading')} />
        ) : tracking.isError ? (
          tracking.error.isNotFound ? (
            <div className="notice notice-warning" role="alert">
              <p>{t('track.notFound', { code })}</p>
            </div>
          ) : (
            <ErrorNotice error={tracking.error} onRetry={() => void tracking.refetch()} />
          )
        ) : (
          <TrackingView tracking={tracking.data} />
        )
      ) : null}
    </>
  );
}
