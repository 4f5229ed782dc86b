/** A failed request explained in the reader's language, with a retry when it may help. */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/** The localised sentence for a failed request. */
export function useErrorMessage() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (!(error instanceof ApiError)) return t('errors.unexpected');
    if (error.isNetwork) return t('errors.network');
    if (error.status === 401) return t('errors.signInRequired');
    if (error.status === 403) return t('errors.forbidden');
    if (error.status === 404) return t('errors.notFound');
    if (error.status === 409) return t('errors.conflict');
    if (error.status === 413) return t('errors.tooLarge');
    if (error.status === 429) return t('errors.tooMany');
    if (error.status >= 500) return t('errors.server');
    return t('errors.rejected');
  };
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  return (
    <div className="notice notice-error" role="alert">
      <p>{message(error)}</p>
      {onRetry ? (
        <button type="button" className="btn btn-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}
