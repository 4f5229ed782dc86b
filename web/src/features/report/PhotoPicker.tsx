/** Photos of the problem: previews from the device, each uploaded at once, removable. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError, RequiredMark, describedBy } from '../../components/Field.tsx';
import { useErrorMessage } from '../../components/ErrorNotice.tsx';
import { MAX_PHOTOS, type DraftPhoto } from './hooks.ts';

const INPUT_ID = 'report-photos';

export function PhotoPicker({
  photos,
  onAdd,
  onRemove,
  onRetry,
  error,
}: {
  photos: DraftPhoto[];
  /** Returns how many files did not fit. */
  onAdd: (files: File[]) => number;
  onRemove: (key: string) => void;
  onRetry: (key: string) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [tooMany, setTooMany] = useState(false);
  const full = photos.length >= MAX_PHOTOS;

  const uploadError = (photo: DraftPhoto) => {
    if (photo.error?.status === 413) return t('report.photos.tooLarge');
    if (photo.error?.status === 400 || photo.error?.status === 415)
      return t('report.photos.notImage');
    return errorMessage(photo.error);
  };

  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <p className="label-like" id={`${INPUT_ID}-label`}>
        {t('report.photos.label')} <RequiredMark required={false} />
      </p>
      <p className="hint" id={`${INPUT_ID}-hint`}>
        {t('report.photos.hint', { max: MAX_PHOTOS })}
      </p>
      <FieldError id={INPUT_ID} error={error} />
      {photos.length > 0 ? (
        <ul className="photos">
          {photos.map((photo, i) => (
            <li key={photo.key} className={`photo photo-${photo.status}`}>
              <img src={photo.previewUrl} alt={t('report.photos.alt', { n: i + 1 })} />
              <div className="photo-state" role="status">
                {photo.status === 'uploading' ? (
                  <span className="photo-badge">
                    <span className="spinner" aria-hidden="true" /> {t('report.photos.uploading')}
                  </span>
                ) : photo.status === 'done' ? (
                  <span className="photo-badge photo-badge-done">
                    {t('report.photos.uploaded')}
                  </span>
                ) : (
                  <span className="photo-badge photo-badge-failed">{uploadError(photo)}</span>
                )}
              </div>
              <div className="photo-actions">
                {photo.status === 'failed' ? (
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => onRetry(photo.key)}
                  >
                    {t('common.retry')}
                  </button>
                ) : null}
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => onRemove(photo.key)}
                  aria-label={t('report.photos.removeN', { n: i + 1 })}
                >
                  {t('report.photos.remove')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="file-picker">
        <input
          id={INPUT_ID}
          className="file-input"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          multiple
          disabled={full}
          aria-labelledby={`${INPUT_ID}-button`}
          aria-describedby={describedBy(INPUT_ID, true, error)}
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            if (files.length > 0) setTooMany(onAdd(files) > 0);
          }}
        />
        <label
          htmlFor={INPUT_ID}
          id={`${INPUT_ID}-button`}
          className="btn btn-secondary"
          aria-disabled={full}
        >
          {photos.length === 0 ? t('report.photos.add') : t('report.photos.addMore')}
        </label>
      </div>
      {tooMany || full ? (
        <p className="muted small" role="status">
          {t('report.photos.max', { max: MAX_PHOTOS })}
        </p>
      ) : null}
    </div>
  );
}
