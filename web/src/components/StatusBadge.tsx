/** A case status as a coloured, labelled badge (the colour never carries meaning alone). */
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../api/types.ts';

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge-status-${status}`}>{t(`status.${status}`)}</span>;
}

export function OverdueBadge() {
  const { t } = useTranslation();
  return <span className="badge badge-overdue">{t('common.overdue')}</span>;
}
