/**
 * Importing an area file: pick a GeoJSON file, see what it holds and what is already
 * wrong with it, then import. The server writes all or nothing; when it refuses, each
 * problem it names (feature and reason) is listed.
 */
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { Field } from '../../components/Field.tsx';
import { FormProblem } from '../../components/FormProblem.tsx';
import { AREA_LEVELS, previewAreaFile, type AreaFilePreview } from './geojson-preview.ts';
import { useImportAreas } from './hooks.ts';

/** Files above this are refused before reading (the server's own limit is checked there). */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

export function AreaImport() {
  const { t } = useTranslation();
  const summaryId = useId();
  const importAreas = useImportAreas();
  const [fileName, setFileName] = useState<string | null>(null);
  const [preview, setPreview] = useState<AreaFilePreview | null>(null);
  const [pickError, setPickError] = useState<string | undefined>();
  const [done, setDone] = useState<{ created: number; updated: number } | null>(null);

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    importAreas.reset();
    setDone(null);
    setPreview(null);
    setFileName(file?.name ?? null);
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setPickError(t('admin.import.tooLarge'));
      return;
    }
    setPickError(undefined);
    setPreview(previewAreaFile(await file.text()));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!preview) {
      setPickError(t('admin.import.fileRequired'));
      return;
    }
    if (preview.problems.length > 0) return;
    importAreas.mutate(preview.file, {
      onSuccess: (result) => {
        setDone(result);
        setPreview(null);
      },
    });
  };

  const serverProblems = importAreas.error instanceof ApiError ? importAreas.error.fieldErrors : [];

  return (
    <section className="card admin-section" aria-labelledby="import-title">
      <h3 id="import-title">{t('admin.import.title')}</h3>
      <p className="muted">{t('admin.import.lead')}</p>
      <form className="admin-form admin-form-column" onSubmit={submit} noValidate>
        <Field
          id="area-file"
          label={t('admin.import.file')}
          hint={t('admin.import.fileHint')}
          error={pickError}
          required
        >
          {(props) => (
            <input
              {...props}
              type="file"
              accept=".geojson,.json,application/geo+json,application/json"
              onChange={(e) => void pick(e)}
            />
          )}
        </Field>
        {preview ? (
          <div
            className="admin-preview"
            id={summaryId}
            data-testid="import-preview"
            aria-live="polite"
          >
            <p>{t('admin.import.summary', { name: fileName ?? '', count: preview.features })}</p>
            {Object.keys(preview.byLevel).length > 0 ? (
              <ul className="admin-inline-list">
                {AREA_LEVELS.filter((level) => preview.byLevel[level]).map((level) => (
                  <li key={level}>
                    {t(`admin.levels.${level}`)}: {preview.byLevel[level]}
                  </li>
                ))}
              </ul>
            ) : null}
            {preview.codes.length > 0 ? (
              <p className="muted">
                {t('admin.import.codes')}{' '}
                <span className="mono">
                  {preview.codes.slice(0, 12).join(', ')}
                  {preview.codes.length > 12 ? ' …' : ''}
                </span>
              </p>
            ) : null}
            {preview.problems.length > 0 ? (
              <div className="notice notice-error" role="alert">
                <p>{t('admin.import.previewProblems', { count: preview.problems.length })}</p>
                <ul>
                  {preview.problems.slice(0, 20).map((p, i) => (
                    <li key={i}>
                      {p.feature === null
                        ? ''
                        : `${t('admin.import.feature', { n: p.feature, code: p.code ?? '—' })}: `}
                      {t(`admin.import.reasons.${p.reason}`)}
                    </li>
                  ))}
                </ul>
              </div>
            ) : (
              <p className="notice notice-success">{t('admin.import.previewOk')}</p>
            )}
          </div>
        ) : null}
        <div>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={importAreas.isPending || (preview !== null && preview.problems.length > 0)}
            aria-describedby={preview ? summaryId : undefined}
          >
            {importAreas.isPending ? t('common.sending') : t('admin.import.submit')}
          </button>
        </div>
      </form>
      {done ? (
        <p className="notice notice-success" role="status" data-testid="import-done">
          {t('admin.import.done', { created: done.created, updated: done.updated })}
        </p>
      ) : null}
      {serverProblems.length > 0 ? (
        <div className="notice notice-error" role="alert" data-testid="import-refused">
          <p>{t('admin.import.refused')}</p>
          <ul>
            {serverProblems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </div>
      ) : (
        <FormProblem error={importAreas.error} />
      )}
    </section>
  );
}
