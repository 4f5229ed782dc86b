/** Shows its page only to a signed-in staff member; others go to the sign-in page and back. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, useLocation } from 'wouter';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useSession } from './hooks.ts';

export function RequireStaff({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [location] = useLocation();
  const session = useSession();
  if (session.isPending) return <Loading block label={t('common.loading')} />;
  if (session.isError)
    return <ErrorNotice error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data)
    return <Redirect to={`/signin?next=${encodeURIComponent(location)}`} replace />;
  return <>{children}</>;
}
