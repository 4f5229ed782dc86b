/** A quiet loading line that screen readers announce. */
import { useTranslation } from 'react-i18next';

export function Loading({ label, block = false }: { label?: string; block?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={block ? 'loading loading-block' : 'loading'} role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}
