/**
 * The resident's report page (`/`), on a phone and without an account: where, what, the
 * description and photos, contact or not; then the tracking code. Mistakes are shown at
 * each field and summarised at the top; the server's own field errors land on the same
 * fields. Every attempt of one draft carries the same idempotency key, so a retry after a
 * lost answer never makes a second case.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, newIdempotencyKey } from '../../api/client.ts';
import type { ReportAnswer } from '../../api/types.ts';
import { useErrorMessage } from '../../components/ErrorNotice.tsx';
import { Field } from '../../components/Field.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useCategoryIndex } from '../categories/hooks.ts';
import type { LatLon } from '../map/api.ts';
import { useLocate } from '../map/hooks.ts';
import { AttributeFields } from './AttributeFields.tsx';
import { CategoryPicker } from './CategoryPicker.tsx';
import { ContactFields } from './ContactFields.tsx';
import {
  EMPTY_DRAFT,
  fieldId,
  fieldOfServerError,
  orderedErrors,
  toReportInput,
  validateDraft,
  type DraftErrors,
  type FieldKey,
  type ReportDraft,
} from './draft.ts';
import { usePhotoUploads, useReportCase } from './hooks.ts';
import { LocationPicker } from './LocationPicker.tsx';
import { PhotoPicker } from './PhotoPicker.tsx';
import { ReportDone } from './ReportDone.tsx';

export function ReportPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [draft, setDraft] = useState<ReportDraft>(EMPTY_DRAFT);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<DraftErrors>({});
  const [result, setResult] = useState<ReportAnswer | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const photos = usePhotoUploads();
  const report = useReportCase();
  const categories = useCategoryIndex();
  const located = useLocate(draft.point);

  const category = draft.category ? categories.index?.byCode.get(draft.category)?.node : undefined;
  const location = !draft.point
    ? 'none'
    : located.isPending
      ? 'pending'
      : located.data
        ? 'inside'
        : located.error?.isNotFound
          ? 'outside'
          : 'pending';
  const clientErrors = validateDraft(draft, {
    category,
    location,
    photos: { uploading: photos.uploading, failed: photos.failed },
  });
  const errors: DraftErrors = submitted ? { ...clientErrors, ...serverErrors } : serverErrors;
  const message = (key: FieldKey) => {
    const error = errors[key];
    return error ? t(`report.errors.${error}`) : undefined;
  };

  /** Applies a change and forgets the server's complaint about the changed fields. */
  const update = (change: Partial<ReportDraft>, fields: FieldKey[]) => {
    setDraft((current) => ({ ...current, ...change }));
    if (fields.some((f) => serverErrors[f] || serverErrors.form)) {
      setServerErrors((current) => {
        const next = { ...current };
        for (const f of fields) delete next[f];
        delete next.form;
        return next;
      });
    }
  };

  const [formError, setFormError] = useState<string | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setServerErrors({});
    setFormError(null);
    if (Object.keys(clientErrors).length > 0) {
      window.setTimeout(() => summary.current?.focus(), 0);
      return;
    }
    report.mutate(
      {
        input: toReportInput(draft, category, photos.attachmentIds),
        idempotencyKey,
      },
      {
        onSuccess: (answer) => {
          setResult(answer);
          window.scrollTo({ top: 0 });
        },
        onError: (error) => {
          if (error instanceof ApiError && error.fieldErrors.length > 0) {
            const mapped: DraftErrors = {};
            for (const e of error.fieldErrors) {
              const [key, problem] = fieldOfServerError(e.field, e.message);
              mapped[key] ??= problem;
            }
            setServerErrors(mapped);
          } else if (error instanceof ApiError && error.isConflict) {
            // The key was used for a different version of this draft: a fresh key lets it go.
            setIdempotencyKey(newIdempotencyKey());
            setFormError(t('report.errors.conflict'));
          } else {
            setFormError(`${errorMessage(error)} ${t('report.errors.kept')}`);
          }
          window.setTimeout(() => summary.current?.focus(), 0);
        },
      },
    );
  };

  const startOver = () => {
    setDraft(EMPTY_DRAFT);
    photos.reset();
    setSubmitted(false);
    setServerErrors({});
    setFormError(null);
    setResult(null);
    setIdempotencyKey(newIdempotencyKey());
    report.reset();
    window.scrollTo({ top: 0 });
  };

  if (result) return <ReportDone answer={result} onAnother={startOver} />;

  const listed = orderedErrors(errors, category);
  const attributeErrors: Record<string, string | undefined> = {};
  for (const def of category?.attributes ?? [])
    attributeErrors[def.code] = message(`attributes.${def.code}`);

  return (
    <>
      <PageHeading title={t('report.title')}>{t('report.lead')}</PageHeading>
      <form className="report-form" noValidate onSubmit={onSubmit}>
        <div ref={summary} tabIndex={-1} className="summary-anchor">
          {listed.length > 0 || formError ? (
            <div className="notice notice-error error-summary" role="alert">
              <h2>{t('report.errors.summary')}</h2>
              {formError ? <p>{formError}</p> : null}
              {listed.length > 0 ? (
                <ul>
                  {listed.map(([key, problem]) => (
                    <li key={key}>
                      <a
                        href={`#${fieldId(key)}`}
                        onClick={(e) => {
                          const target = document.getElementById(fieldId(key));
                          if (!target) return;
                          e.preventDefault();
                          target.scrollIntoView({ block: 'center' });
                          target.focus({ preventScroll: true });
                        }}
                      >
                        {t(`report.errors.${problem}`)}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
        </div>

        <section className="step" aria-labelledby="step-where">
          <h2 id="step-where" className="step-title">
            <span className="step-number" aria-hidden="true">
              1
            </span>
            {t('report.steps.where')}
          </h2>
          <LocationPicker
            point={draft.point}
            onChange={(point: LatLon) => update({ point }, ['location'])}
            located={located}
            error={message('location')}
          />
          <Field
            id="report-address"
            label={t('report.address.label')}
            hint={t('report.address.hint')}
            error={message('address')}
          >
            {(props) => (
              <input
                {...props}
                type="text"
                maxLength={300}
                autoComplete="off"
                value={draft.address}
                onChange={(e) => update({ address: e.target.value }, ['address'])}
              />
            )}
          </Field>
        </section>

        <section className="step" aria-labelledby="step-what">
          <h2 id="step-what" className="step-title">
            <span className="step-number" aria-hidden="true">
              2
            </span>
            {t('report.steps.what')}
          </h2>
          <CategoryPicker
            value={draft.category}
            onChange={(code) => update({ category: code, answers: {} }, ['category'])}
            error={message('category')}
          />
          {category ? (
            <AttributeFields
              attributes={category.attributes}
              answers={draft.answers}
              errors={attributeErrors}
              onChange={(code, value) =>
                update({ answers: { ...draft.answers, [code]: value } }, [`attributes.${code}`])
              }
            />
          ) : null}
        </section>

        <section className="step" aria-labelledby="step-describe">
          <h2 id="step-describe" className="step-title">
            <span className="step-number" aria-hidden="true">
              3
            </span>
            {t('report.steps.describe')}
          </h2>
          <Field
            id="report-description"
            label={t('report.description.label')}
            hint={t('report.description.hint')}
            required
            error={message('description')}
          >
            {(props) => (
              <textarea
                {...props}
                rows={5}
                maxLength={5000}
                value={draft.description}
                onChange={(e) => update({ description: e.target.value }, ['description'])}
              />
            )}
          </Field>
          <PhotoPicker
            photos={photos.photos}
            onAdd={(files) => {
              update({}, ['photos']);
              return photos.add(files);
            }}
            onRemove={(key) => {
              update({}, ['photos']);
              photos.remove(key);
            }}
            onRetry={photos.retry}
            error={message('photos')}
          />
        </section>

        <section className="step" aria-labelledby="step-contact">
          <h2 id="step-contact" className="step-title">
            <span className="step-number" aria-hidden="true">
              4
            </span>
            {t('report.steps.contact')}
          </h2>
          <ContactFields
            value={draft}
            onChange={(change) => update(change, ['contact', 'name', 'phone', 'email', 'consent'])}
            errors={{
              contact: message('contact'),
              name: message('name'),
              phone: message('phone'),
              email: message('email'),
              consent: message('consent'),
            }}
          />
        </section>

        <div className="submit-bar">
          <button type="submit" className="btn btn-primary btn-wide" disabled={report.isPending}>
            {report.isPending ? t('report.sending') : t('report.send')}
          </button>
          <p className="muted small">{t('report.privacy')}</p>
        </div>
      </form>
    </>
  );
}
