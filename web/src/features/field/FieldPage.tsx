/**
 * The grid worker's phone page (`/field`): reports waiting on the device, a report from
 * patrol at the device's location (kept on the device while offline), the grid's resolved
 * cases waiting for the on-site check, and its open cases.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ApiError } from '../../api/client.ts';
import type { Case } from '../../api/types.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Field } from '../../components/Field.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { OverdueBadge, StatusBadge } from '../../components/StatusBadge.tsx';
import { useFormat, useLocalName } from '../../i18n/format.ts';
import { useCategoryIndex } from '../categories/hooks.ts';
import { AttributeFields } from '../report/AttributeFields.tsx';
import { CategoryPicker } from '../report/CategoryPicker.tsx';
import { RequireStaff } from '../session/RequireStaff.tsx';
import { useFieldReport, useOpenCases, useOutbox, useToVerify } from './hooks.ts';
import type { FieldReportInput } from './api.ts';

function CaseList({
  query,
  empty,
  verify,
}: {
  query: ReturnType<typeof useToVerify>;
  empty: string;
  verify?: boolean;
}) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const format = useFormat();
  if (query.isPending) return <Loading label={t('field.loadingCases')} />;
  if (query.isError)
    return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  const items: Case[] = query.data.items;
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="field-cases">
      {items.map((c) => (
        <li key={c.id} className="card field-case">
          <p>
            <Link href={`/staff/cases/${c.id}`} className="case-cell-title">
              {c.title}
            </Link>
          </p>
          <p className="small">
            <span className="mono">{c.trackingCode}</span> · <StatusBadge status={c.status} />{' '}
            {c.overdue ? <OverdueBadge /> : null} · {localName(c.area) || c.area.code}
          </p>
          {c.stageDueAt ? (
            <p className="small muted">
              {t('field.due')} <time dateTime={c.stageDueAt}>{format.dateTime(c.stageDueAt)}</time>
            </p>
          ) : null}
          {verify ? (
            <Link href={`/staff/cases/${c.id}`} className="btn btn-primary btn-small">
              {t('field.verify', { code: c.trackingCode })}
            </Link>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function PatrolReport({ onQueued }: { onQueued: () => void }) {
  const { t } = useTranslation();
  const categories = useCategoryIndex();
  const report = useFieldReport(onQueued);
  const [category, setCategory] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [answers, setAnswers] = useState<Record<string, string | string[]>>({});
  const [point, setPoint] = useState<{ lat: number; lon: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const node = category ? categories.index?.byCode.get(category)?.node : undefined;

  function locate() {
    if (!('geolocation' in navigator)) {
      setErrors((e) => ({ ...e, location: t('field.report.noGeolocation') }));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setPoint({ lat: pos.coords.latitude, lon: pos.coords.longitude });
        setErrors((e) => ({ ...e, location: undefined }));
      },
      () => {
        setLocating(false);
        setErrors((e) => ({ ...e, location: t('field.report.locationFailed') }));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!category) found.category = t('field.report.categoryRequired');
    if (!description.trim()) found.description = t('field.report.descriptionRequired');
    if (!point) found.location = t('field.report.locationRequired');
    for (const def of node?.attributes ?? []) {
      const value = answers[def.code];
      if (def.required && (value === undefined || value.length === 0))
        found[def.code] = t('field.report.answerRequired');
    }
    setErrors(found);
    if (Object.keys(found).length > 0 || !category || !point) return;
    const attributes: Record<string, unknown> = {};
    for (const def of node?.attributes ?? []) {
      const value = answers[def.code];
      if (value === undefined || value.length === 0) continue;
      attributes[def.code] = def.datatype === 'number' ? Number(value) : value;
    }
    const input: FieldReportInput = {
      category,
      description: description.trim(),
      lat: point.lat,
      lon: point.lon,
      channel: 'field',
      ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    };
    report.mutate(input, {
      onSuccess: () => {
        setDescription('');
        setAnswers({});
      },
    });
  }

  return (
    <section className="card" aria-labelledby="patrol-title">
      <h2 id="patrol-title" className="h3">
        {t('field.report.title')}
      </h2>
      <form onSubmit={submit} noValidate className="patrol-form">
        <CategoryPicker value={category} onChange={setCategory} error={errors.category} />
        {node && node.attributes.length > 0 ? (
          <AttributeFields
            attributes={node.attributes}
            answers={answers}
            errors={errors}
            onChange={(code, value) => setAnswers((a) => ({ ...a, [code]: value }))}
          />
        ) : null}
        <Field
          id="patrol-description"
          label={t('field.report.description')}
          required
          error={errors.description}
        >
          {(props) => (
            <textarea
              {...props}
              rows={3}
              maxLength={5000}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
        </Field>
        <div className={errors.location ? 'field field-invalid' : 'field'}>
          <button
            type="button"
            id="patrol-location"
            className="btn btn-secondary"
            onClick={locate}
            disabled={locating}
            aria-describedby="patrol-location-state"
          >
            {locating ? t('field.report.locating') : t('field.report.useLocation')}
          </button>
          <p id="patrol-location-state" className={errors.location ? 'field-error' : 'hint'}>
            {errors.location ??
              (point
                ? t('field.report.locationSet', {
                    lat: point.lat.toFixed(5),
                    lon: point.lon.toFixed(5),
                  })
                : t('field.report.noLocation'))}
          </p>
        </div>
        <button type="submit" className="btn btn-primary" disabled={report.isPending}>
          {report.isPending ? t('common.sending') : t('field.report.submit')}
        </button>
        {report.data?.kind === 'sent' ? (
          <p className="notice notice-ok" role="status">
            {t('field.report.sent', { code: report.data.trackingCode })}
          </p>
        ) : report.data?.kind === 'queued' ? (
          <p className="notice" role="status">
            {t('field.report.queued')}
          </p>
        ) : null}
        {report.isError ? (
          <p className="notice notice-error" role="alert">
            {report.error instanceof ApiError && report.error.detail
              ? report.error.detail
              : t('errors.unexpected')}
          </p>
        ) : null}
      </form>
    </section>
  );
}

function FieldWork() {
  const { t } = useTranslation();
  const format = useFormat();
  const outbox = useOutbox();
  const toVerify = useToVerify();
  const open = useOpenCases();
  return (
    <div className="field-page">
      <PageHeading title={t('field.title')}>{t('field.lead')}</PageHeading>
      <section className="card outbox" aria-labelledby="outbox-title" aria-live="polite">
        <h2 id="outbox-title" className="h3">
          {t('field.outbox.title', { n: outbox.entries.length })}
        </h2>
        {outbox.entries.length === 0 ? (
          <p className="muted">{t('field.outbox.empty')}</p>
        ) : (
          <>
            <ul className="outbox-list">
              {outbox.entries.map((e) => (
                <li key={e.key}>
                  <span>{e.input.description.slice(0, 80)}</span>{' '}
                  <time className="muted small" dateTime={e.createdAt}>
                    {format.dateTime(e.createdAt)}
                  </time>
                  {e.error ? (
                    <>
                      <span className="field-error">
                        {' '}
                        {t('field.outbox.refused', { error: e.error })}
                      </span>{' '}
                      <button
                        type="button"
                        className="btn btn-secondary btn-small"
                        onClick={() => void outbox.discard(e.key)}
                      >
                        {t('field.outbox.discard')}
                      </button>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
            <button
              type="button"
              className="btn btn-secondary btn-small"
              disabled={outbox.sending}
              onClick={() => void outbox.flush()}
            >
              {outbox.sending ? t('common.sending') : t('field.outbox.sendNow')}
            </button>
          </>
        )}
      </section>
      <PatrolReport onQueued={() => void outbox.reload()} />
      <section aria-labelledby="verify-title">
        <h2 id="verify-title" className="h3">
          {t('field.toVerify')}
        </h2>
        <CaseList query={toVerify} empty={t('field.noneToVerify')} verify />
      </section>
      <section aria-labelledby="open-title">
        <h2 id="open-title" className="h3">
          {t('field.open')}
        </h2>
        <CaseList query={open} empty={t('field.noneOpen')} />
      </section>
    </div>
  );
}

export function FieldPage() {
  return (
    <RequireStaff>
      <FieldWork />
    </RequireStaff>
  );
}
