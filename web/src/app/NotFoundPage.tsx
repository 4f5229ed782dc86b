/** Any address the app does not know. */
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { PageHeading } from '../components/PageHeading.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('notFound.title')}>{t('notFound.lead')}</PageHeading>
      <p>
        <Link href="/" className="btn btn-primary">
          {t('nav.report')}
        </Link>
      </p>
    </>
  );
}
